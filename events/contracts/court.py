"""法院 courts: family education guidance orders (家庭教育指导令) and the courts' legal education for children."""

from datetime import date

from events.registry import PayloadBase
from events.types import Guardian, LegalEducationForm, Sealed


class _Court(PayloadBase):
    DEPARTMENT = "court"


class FamilyEducationGuidanceOrdered(_Court):
    """A court ordered the child's guardians to receive family education guidance (家庭教育指导令, 家庭教育促进法
    第四十九条). It directs them to guidance; it is not evidence that guidance took place."""

    EVENT_TYPE = "court.FamilyEducationGuidanceOrdered"
    ordered_on: date | Sealed
    recipient: Guardian | Sealed


class LegalEducationDelivered(_Court):
    """The child took part in a court's legal education activity (法治宣传教育)."""

    EVENT_TYPE = "court.LegalEducationDelivered"
    delivered_on: date | Sealed
    form: LegalEducationForm | Sealed
