"""Pseudonymous child keys: a keyed hash (HMAC-SHA256) of the normalised resident ID number, also the blind index."""

from __future__ import annotations

import hashlib
import hmac

CHILD_KEY_PREFIX = "ck_"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def gb11643_check_char(first17: str) -> str:
    """The GB 11643-1999 check character of the first 17 digits."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


class InvalidIdNumber(ValueError):
    """Not a resident ID number."""


def normalise_id_number(id_number: str) -> str:
    """Strip spaces and dashes, upper-case the check character."""
    cleaned = "".join(ch for ch in id_number.strip() if ch not in " -").upper()
    if not (len(cleaned) == 18 and cleaned[:17].isdigit() and (cleaned[17].isdigit() or cleaned[17] == "X")) and not (
        len(cleaned) == 15 and cleaned.isdigit()
    ):
        raise InvalidIdNumber("resident ID number must have 18 characters (17 digits and a digit or X) or 15 digits")
    if len(cleaned) == 15:  # legacy form: the same person as the 18-digit number with "19" and a check character
        first17 = cleaned[:6] + "19" + cleaned[6:]
        return first17 + gb11643_check_char(first17)
    if gb11643_check_char(cleaned[:17]) != cleaned[17]:
        raise InvalidIdNumber("resident ID number fails its GB 11643 check character")
    return cleaned


def child_key(secret: bytes, id_number: str) -> str:
    """The child's pseudonymous key; the same ID number and secret always give the same key."""
    digest = hmac.new(secret, normalise_id_number(id_number).encode(), hashlib.sha256).hexdigest()
    return f"{CHILD_KEY_PREFIX}{digest[:40]}"
