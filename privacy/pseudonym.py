"""Pseudonymous child keys: a keyed hash (HMAC-SHA256) of the normalised resident ID number, also the blind index."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from events.types import holds_id_number, replace_id_numbers, visible

CHILD_KEY_PREFIX = "ck_"
ALERT_KEY_PREFIX = "ak_"
ALERT_KEY_SECRET = "alert-key"  # the keyring's named secret of alert references (never the pseudonym secret)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def gb11643_check_char(first17: str) -> str:
    """The GB 11643-1999 check character of the first 17 digits."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


class InvalidIdNumber(ValueError):
    """Not a resident ID number."""


_DIGITS = frozenset("0123456789")


def normalise_id_number(id_number: str) -> str:
    """Full-width forms to ASCII (３３０… as an input method types them), spaces and dashes stripped, the check
    character upper-cased: one child, one key, however the number was typed."""
    ascii_form = unicodedata.normalize("NFKC", id_number)
    cleaned = "".join(ch for ch in ascii_form.strip() if ch not in " -").upper()
    # ASCII digits only: str.isdigit() also passes other scripts' digits, which would hash to another key
    eighteen = len(cleaned) == 18 and set(cleaned[:17]) <= _DIGITS and cleaned[17] in _DIGITS | {"X"}
    if not eighteen and not (len(cleaned) == 15 and set(cleaned) <= _DIGITS):
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


def alert_key(secret: bytes, purpose: str, child_key: str) -> str:
    """A child's reference in the alerts of one purpose that reads no field (an alert-only purpose): a keyed hash of
    the purpose and the child key, under the keyring's ALERT_KEY_SECRET. The same child and purpose always give the
    same reference (successive alerts match), another purpose another one; without the secret no one can tell which
    child key it stands for, or that two purposes' references name the same child."""
    message = f"alert\x1f{len(purpose)}:{purpose}\x1f{child_key}".encode()  # the length: no two pairs give one text
    return f"{ALERT_KEY_PREFIX}{hmac.new(secret, message, hashlib.sha256).hexdigest()[:40]}"


def scrub_id_numbers(text: str) -> str:
    """Text with anything shaped like a resident ID number (15 or 18 characters, full-width digits too, split by an
    invisible character or grouped by spaces or dashes: events.types.holds_id_number) replaced: for what is written
    to audit details, logs and reasons from caller input."""
    return replace_id_numbers(text, "<id-like>")


def looks_like_id_number(text: str) -> bool:
    """Whether the text holds something shaped like a resident ID number (as scrub_id_numbers finds them)."""
    return holds_id_number(text)


FILER_PREFIX = "fl_"


def canonical_staff_id(name: str) -> str:
    """A staff id as one person: full-width forms as ASCII, no invisible format character, case folded
    (`officer-far`, `OFFICER-FAR`, `ｏｆｆｉｃｅｒ－ｆａｒ` and `officer\u200b-far` are one filer)."""
    return visible(name).casefold()


def filer_id(secret: bytes, scope: str, name: str) -> str:
    """The filer of one report, pseudonymous and scoped: a keyed hash of the scope (the child key, or an unrecorded
    report's id) and the filer's canonical staff id. It says nothing of who filed to anyone without the secret, and
    the same filer's reports on two children carry unrelated values (nothing links them); the gate recomputes it
    from the caller's token to tell whether the caller filed this report."""
    message = scope.encode() + b"\0" + canonical_staff_id(name).encode()
    return FILER_PREFIX + hmac.new(secret, message, hashlib.sha256).hexdigest()[:40]


_CHILD_KEY = re.compile(r"ck_[0-9a-f]{32,64}")  # as the envelope contract has it


def is_child_key(value: object) -> bool:
    """Whether a value has the shape of a pseudonymous child key (anything else is never stored as one)."""
    return isinstance(value, str) and _CHILD_KEY.fullmatch(value) is not None


_ALERT_KEY = re.compile(r"ak_[0-9a-f]{40}")


def is_alert_key(value: object) -> bool:
    """Whether a value has the shape of an alert reference (alert_key); it is never a child key."""
    return isinstance(value, str) and _ALERT_KEY.fullmatch(value) is not None
