"""卫健 health: immunisation, family-doctor signing, health management."""

from datetime import date
from typing import Literal

from events.registry import PayloadBase
from events.types import Sealed


class _Health(PayloadBase):
    DEPARTMENT = "health"


class ImmunisationRecorded(_Health):
    """A vaccine dose under the national immunisation programme."""

    EVENT_TYPE = "health.ImmunisationRecorded"
    vaccine: str | Sealed
    dose: int | Sealed
    given_on: date | Sealed


class FamilyDoctorSigned(_Health):
    """Signed up with a family-doctor team (家庭医生签约)."""

    EVENT_TYPE = "health.FamilyDoctorSigned"
    team: str | Sealed
    signed_on: date | Sealed
    valid_until: date | Sealed | None = None  # absent: one year from signing (签约服务协议一年一签)


class HealthManagementRecorded(_Health):
    """A child health-management check, with diagnosed conditions that drive services."""

    EVENT_TYPE = "health.HealthManagementRecorded"
    checked_on: date | Sealed
    conditions: list[Literal["autism", "severe_mental_disorder", "chronic_illness"]] | Sealed = []  # empty: none found


class SevereMentalDisorderFollowedUp(_Health):
    """A follow-up of a diagnosed severe mental disorder at home (严重精神障碍患者健康管理, 随访)."""

    EVENT_TYPE = "health.SevereMentalDisorderFollowedUp"
    followed_up_on: date | Sealed


class HivInfectionRecorded(_Health):
    """The child lives with HIV (艾滋病病毒感染儿童); the narrowest class of data: no purpose but entitlement matching
    by the platform's own job opens it."""

    EVENT_TYPE = "health.HivInfectionRecorded"
    recorded_on: date | Sealed
