"""教育 education: enrolment, transfer, drop-out and return to school (劝返复学), and schools' parent schools
(家长学校)."""

from datetime import date
from typing import Literal

from events.registry import PayloadBase
from events.types import Guardian, Sealed

Stage = Literal["nursery", "preschool", "primary", "junior_secondary", "senior_secondary", "vocational"]
# 公办, 民办, 普惠性民办, and a place the government buys at a private school (政府购买学位).
SchoolType = Literal["public", "private", "inclusive_private", "purchased_place"]


class _Education(PayloadBase):
    DEPARTMENT = "education"


class Enrolled(_Education):
    """Enrolled at a school or kindergarten."""

    EVENT_TYPE = "education.Enrolled"
    school_code: str
    school_name: str
    stage: Stage
    grade: int | None = None
    enrolled_on: date
    fee_exempted: bool | Sealed = False
    school_type: SchoolType | None = None


class Transferred(_Education):
    """Transferred to another school (转学)."""

    EVENT_TYPE = "education.Transferred"
    school_code: str
    school_name: str
    stage: Stage
    transferred_on: date
    school_type: SchoolType | None = None


class DroppedOut(_Education):
    """Stopped attending school (失学/辍学)."""

    EVENT_TYPE = "education.DroppedOut"
    dropped_on: date
    reason: str | Sealed | None = None


class ReturnedToSchool(_Education):
    """Persuaded back to school (劝返复学)."""

    EVENT_TYPE = "education.ReturnedToSchool"
    school_code: str
    school_name: str
    returned_on: date


class FamilyEducationGuidanceDelivered(_Education):
    """The child's school gave the guardians family education guidance (家长学校, 家访指导)."""

    EVENT_TYPE = "education.FamilyEducationGuidanceDelivered"
    delivered_on: date | Sealed
    recipient: Guardian | Sealed
