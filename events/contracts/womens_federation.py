"""妇联 women's federation: family education guidance (家庭教育指导) and children's home (儿童之家) activities."""

from datetime import date
from typing import Literal

from events.registry import PayloadBase
from events.types import Guardian, RegisterCode, Sealed

GuidanceForm = Literal["home_visit", "parent_school", "lecture", "group_session", "individual_consultation", "online"]
Activity = Literal["reading", "culture_arts", "sports", "safety_education", "homework_support",
                   "psychological_support", "festival", "other"]


class _WomensFederation(PayloadBase):
    DEPARTMENT = "womens_federation"


class FamilyEducationGuidanceDelivered(_WomensFederation):
    """The child's parents or guardians received family education guidance (家庭教育指导服务)."""

    EVENT_TYPE = "womens_federation.FamilyEducationGuidanceDelivered"
    delivered_on: date | Sealed
    form: GuidanceForm | Sealed  # parent_school: 社区家长学校
    recipient: Guardian | Sealed | None = None


class ChildrenHomeActivityAttended(_WomensFederation):
    """The child took part in an activity of a children's home (儿童之家)."""

    EVENT_TYPE = "womens_federation.ChildrenHomeActivityAttended"
    attended_on: date | Sealed
    activity: Activity | Sealed
    home_code: RegisterCode | Sealed  # the home's register code
