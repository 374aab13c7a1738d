"""人社 human resources and social security: technical schools (技工院校) and employment services for the parents."""

from datetime import date
from typing import Literal

from events.registry import PayloadBase
from events.types import RegisterCode, Sealed

Service = Literal["job_referral", "vocational_training", "entrepreneurship_support", "social_insurance_enrolment",
                  "other"]


class _HumanResources(PayloadBase):
    DEPARTMENT = "human_resources"


class TechnicalSchoolEnrolled(_HumanResources):
    """The child enrolled in a technical school (技工院校, run under 人社, not 教育); tuition_waived: 免学费."""

    EVENT_TYPE = "human_resources.TechnicalSchoolEnrolled"
    school_code: RegisterCode
    enrolled_on: date | Sealed
    tuition_waived: bool | Sealed = False
    grant_awarded: bool | Sealed = False  # 国家助学金


class ParentEmploymentServiceProvided(_HumanResources):
    """A parent or guardian of the child received an employment service (父母就业支持, 城市融入)."""

    EVENT_TYPE = "human_resources.ParentEmploymentServiceProvided"
    provided_on: date | Sealed
    service: Service | Sealed
