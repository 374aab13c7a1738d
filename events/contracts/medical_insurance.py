"""医保 medical insurance: enrolment in basic resident medical insurance."""

from datetime import date

from events.registry import PayloadBase
from events.types import AreaCode, Sealed


class ResidentInsuranceEnrolled(PayloadBase):
    """Enrolled in resident medical insurance (居民医保), possibly at the place of residence."""

    EVENT_TYPE = "medical_insurance.ResidentInsuranceEnrolled"
    DEPARTMENT = "medical_insurance"
    insured_area: AreaCode
    enrolled_on: date | Sealed
    cross_region_settlement: bool | Sealed = False
