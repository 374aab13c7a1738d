"""检察院 procuratorates: guardianship supervision orders (督促监护令), family education guidance given with them,
and the procuratorates' legal education (法治副校长) for children."""

from datetime import date
from typing import Literal

from events.registry import PayloadBase
from events.types import Guardian, LegalEducationForm, Sealed

Concern = Literal["neglect", "truancy", "unsafe_environment", "online_addiction", "abuse_risk", "other"]


class _Procuratorate(PayloadBase):
    DEPARTMENT = "procuratorate"


class GuardianshipSupervisionOrderIssued(_Procuratorate):
    """A procuratorate ordered the guardians to fulfil their duty of guardianship (督促监护令)."""

    EVENT_TYPE = "procuratorate.GuardianshipSupervisionOrderIssued"
    issued_on: date | Sealed
    concern: Concern | Sealed


class FamilyEducationGuidanceDelivered(_Procuratorate):
    """A procuratorate gave the guardians family education guidance (检察机关家庭教育指导)."""

    EVENT_TYPE = "procuratorate.FamilyEducationGuidanceDelivered"
    delivered_on: date | Sealed
    recipient: Guardian | Sealed


class LegalEducationDelivered(_Procuratorate):
    """The child took part in a procuratorate's legal education activity (法治副校长, 检察开放日)."""

    EVENT_TYPE = "procuratorate.LegalEducationDelivered"
    delivered_on: date | Sealed
    form: LegalEducationForm | Sealed
