"""公安 public security: identity, residence registration, moving in and out, and police legal education
(法治进校园)."""

from datetime import date
from typing import Literal

from events.registry import PayloadBase
from events.types import AreaCode, IdNumber, LegalEducationForm, PersonalDate, PersonalText, Sealed


class _PublicSecurity(PayloadBase):
    DEPARTMENT = "public_security"


class IdentityRecorded(_PublicSecurity):
    """The child's identity as held by household registration (户籍)."""

    EVENT_TYPE = "public_security.IdentityRecorded"
    name: PersonalText
    id_number: IdNumber
    sex: Literal["F", "M"]
    birth_date: PersonalDate
    hukou_area: AreaCode  # where the household registration is
    ethnicity: str | Sealed | None = None


class ResidenceRegistered(_PublicSecurity):
    """Residence registration or a residence permit (居住登记/居住证) at the place of residence."""

    EVENT_TYPE = "public_security.ResidenceRegistered"
    area_code: AreaCode
    address: PersonalText
    permit_number: PersonalText | None = None
    valid_until: date | None = None
    since: date | None = None  # the date the child began living here (居住登记的居住起始日期): the 6-month clock


class MovedIn(_PublicSecurity):
    """The child moved into an area (流入)."""

    EVENT_TYPE = "public_security.MovedIn"
    area_code: AreaCode
    address: PersonalText
    from_area: AreaCode | None = None
    moved_on: date | None = None  # the day the move takes effect; absent: the area changes, the date is unknown


class MovedOut(_PublicSecurity):
    """The child left the area (流出)."""

    EVENT_TYPE = "public_security.MovedOut"
    area_code: AreaCode  # the area the child leaves
    to_area: AreaCode | None = None  # absent: the destination is not known
    moved_on: date | None = None  # the day the move takes effect


class LegalEducationDelivered(_PublicSecurity):
    """The child took part in legal or safety education given by the police (法治进校园, 警营开放日)."""

    EVENT_TYPE = "public_security.LegalEducationDelivered"
    delivered_on: date | Sealed
    form: LegalEducationForm | Sealed
