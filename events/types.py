"""Value types shared by the contracts."""

import re
import unicodedata
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

# Codes and numbers typed with a Chinese input method arrive in full-width digits (３３０１０６); read as ASCII they
# match what other departments send (an area code compared for access, an ID number hashed into the child key).
_Ascii = BeforeValidator(lambda v: unicodedata.normalize("NFKC", v) if isinstance(v, str) else v)

_ID_LIKE = re.compile(r"\d{14,17}[\dX]", re.IGNORECASE)


def _not_an_id_number(value: str) -> str:
    # A staff id or a campaign code travels and is stored in the clear: an ID number typed into it must not. The
    # message does not repeat the value (it ends up in a dead letter's reason).
    if _ID_LIKE.search(unicodedata.normalize("NFKC", value)):
        raise ValueError("an ID number does not belong here (a staff id or a code)")
    return value


# A code or staff id kept in the clear (not a personal value): refused when it holds something shaped like an ID
# number. A validator only, so the JSON schema (and the compatibility snapshot) is unchanged.
NotIdNumber = AfterValidator(_not_an_id_number)

# A field value sealed at the department edge by the field cipher ("enc:v1:<key id>:<base64>").
# Contracts accept it wherever a personal value may travel, so encryption never needs a new schema version.
Sealed = Annotated[str, StringConstraints(pattern=r"^enc:v\d+:[A-Za-z0-9_.:-]+:[A-Za-z0-9_=+/-]+$")]

PersonalText = Annotated[str, StringConstraints(min_length=1, max_length=200)] | Sealed
PersonalDate = date | Sealed
FreeText = Annotated[str, StringConstraints(max_length=4000)]
# county 6 / township 9 / village 12 digits
AreaCode = Annotated[str, StringConstraints(pattern=r"^\d{6}(\d{3})?(\d{3})?$"), _Ascii]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9 -]{7,20}$"), _Ascii] | Sealed
IdNumber = Annotated[str, StringConstraints(pattern=r"^(\d{17}[\dXx]|\d{15})$"), _Ascii] | Sealed
Note = Annotated[str, Field(max_length=4000)]
RegisterCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$")]  # an institution's register code

# Who received guidance given to the child's family.
Guardian = Literal["mother", "father", "both_parents", "grandparent", "other_guardian"]
# How legal education (法治宣传教育) reached the child: a lecture (法官/检察官进校园), 模拟法庭, a visit, online.
LegalEducationForm = Literal["lecture", "mock_trial", "court_visit", "online", "other"]

__all__ = ["NotIdNumber", "Sealed", "PersonalText", "PersonalDate", "FreeText", "AreaCode", "Phone", "IdNumber", "Note",
           "RegisterCode", "Guardian", "LegalEducationForm"]
