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
# A run of digits grouped as a person types an ID number (330106 20150301 123X, 330106-20150301123X): separators are
# what the blind index strips (privacy.pseudonym.normalise_id_number), so such a run is the number to it.
_GROUPED_RUN = re.compile(r"\d(?:[ \-_.]?[\dX])+", re.IGNORECASE)
_SEPARATORS = re.compile(r"[ \-_.]")
_WEIGHTS, _CHECK = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), "10X98765432"  # GB 11643


def visible(text: str) -> str:
    """Full-width forms as ASCII, and no invisible format character (a zero-width space copied from a chat splits
    an ID number for a pattern, not for a reader)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf")


def _grouped_id_number(run: str) -> bool:
    digits = _SEPARATORS.sub("", run).upper()
    if len(digits) == 15 and digits.isdigit():
        return True
    windows = (digits[i:i + 18] for i in range(len(digits) - 17))
    return any(w[:17].isdigit() and _CHECK[sum(int(d) * k for d, k in zip(w[:17], _WEIGHTS, strict=True)) % 11] == w[17]
               for w in windows)


def holds_id_number(text: str) -> bool:
    """Whether the text holds something a reader (or the blind index) would take for a resident ID number: 15-18
    consecutive digits, full-width or split by invisible characters, or grouped by spaces or dashes (then 15
    digits, or 18 whose check character holds)."""
    seen = visible(text)
    if _ID_LIKE.search(seen):
        return True
    return any(_grouped_id_number(m.group()) for m in _GROUPED_RUN.finditer(seen))


def replace_id_numbers(text: str, placeholder: str) -> str:
    """The visible text with what holds_id_number finds replaced by the placeholder."""
    seen = _ID_LIKE.sub(placeholder, visible(text))
    return _GROUPED_RUN.sub(lambda m: placeholder if _grouped_id_number(m.group()) else m.group(), seen)


def _not_an_id_number(value: str) -> str:
    # A staff id or a campaign code travels and is stored in the clear: an ID number typed into it must not. The
    # message does not repeat the value (it ends up in a dead letter's reason).
    if holds_id_number(value):
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
# A report's filer, pseudonymous (privacy.pseudonym.filer_id): a keyed hash, never a staff id or a name.
FilerId = Annotated[str, StringConstraints(pattern=r"^fl_[0-9a-f]{40}$"), _Ascii]
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
