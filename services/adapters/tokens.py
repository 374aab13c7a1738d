"""API tokens: random bearer tokens, stored only as SHA-256, each bound to a principal, a role and an area.

Tokens expire (90 days unless issued for fewer or more), can be revoked one by one (by token id) or per principal, and
issuing, refusing and revoking them is audited when an audit sink is given (the CLI always gives one). Grants are
checked at issuance: an area is a county (6 digits), township (9) or village (12) code and is required for roles the
access policy binds to an area; a department system's principal is `<department>:<system>` with a known department, and
no token may speak for `platform` (platform events come only from the platform itself).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from events.types import visible
from privacy.pseudonym import looks_like_id_number, scrub_id_numbers
from services.adapters.store.database import Database
from services.adapters.store.schema import api_tokens

DEFAULT_DAYS = 90
MAX_DAYS = 366
AREA_LEVELS = {6: "county", 9: "township", 12: "village"}
_SYSTEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class TokenRefused(ValueError):
    """The grant asked for is not allowed; the message says why."""


@dataclass(frozen=True)
class Principal:
    """An authenticated caller."""

    name: str
    role: str
    area: str | None


@dataclass(frozen=True)
class IssuedToken:
    """A new token: the secret (shown once), its id (for listing and revoking) and when it expires."""

    token: str
    token_id: str
    expires_at: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they were written in UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# Roles whose protection alerts and 比对 tasks are routed to a township (the child's area cut to 9 digits: the
# departments of services/usecases/protection_work.py ROLE_DEPARTMENT). A village-bound token of one would read the
# village's children and silently get none of their alerts, so none is issued (a test keeps the two lists equal).
TOWNSHIP_OR_ABOVE = frozenset({"police", "caseworker", "procurator", "judge", "school", "health_worker",
                               "youth_worker"})


def area_bound_roles() -> frozenset[str]:
    """Roles the access policy limits to the caller's own area."""
    from privacy.access_policy import load_policy

    return frozenset(r.role for r in load_policy().rules if r.same_area)


# Names the platform's own actors use in the audit trail: no token may carry them, so the trail can tell them apart.
RESERVED_PREFIXES = ("view:", "job:")
RESERVED_NAMES = frozenset({"anonymous", "platform"})
SERVICE_ROLES = frozenset({"care_job"})  # the platform's jobs run in-process; no API token acts in their role


def _platform_principal(principal: str) -> bool:
    name = principal.strip().lower()
    return (name.split(":", 1)[0] in RESERVED_NAMES or name.startswith(RESERVED_PREFIXES)
            or looks_like_id_number(principal))


# What a staff id may hold once full-width forms and invisible characters are folded (privacy.pseudonym's
# canonical_staff_id folds them; what it cannot fold, such as a Cyrillic о or a Unicode hyphen in officer‐far, is
# refused here, so two principals that read the same are one).
_STAFF_ID = re.compile(r"[A-Za-z0-9._@:\-\u4e00-\u9fff\u00b7]+")


def validate_grant(principal: str, role: str, area: str | None) -> None:
    """Raise TokenRefused unless this principal may hold a token with this role and area."""
    from events.departments import Department

    if not principal or principal != principal.strip() or any(c.isspace() for c in principal) or len(principal) > 200:
        raise TokenRefused(scrub_id_numbers(f"principal {principal[:200]!r} must be a non-empty name without spaces "
                                            "(at most 200 characters)"))  # an ID number typed is not repeated
    if not _STAFF_ID.fullmatch(visible(principal)):
        raise TokenRefused("a principal is ASCII letters, digits and - _ . @ :, or Chinese characters (a letter or a "
                           "dash of another script that reads the same would make another person)")
    if not role or not re.fullmatch(r"[a-z_]{1,64}", role):
        raise TokenRefused(f"role {role!r} must be a lower-case role name")
    if _platform_principal(principal):
        raise TokenRefused("no token may speak for 'platform' or carry a name the platform's own actors use "
                           "(view:, job:, anonymous), nor a name shaped like an ID number")
    if role in SERVICE_ROLES:
        raise TokenRefused(f"role {role!r} is the platform's own jobs' role; no API token acts in it")
    if role == "department_system":
        department, _, system = principal.partition(":")
        known = sorted(d.value for d in Department if d is not Department.PLATFORM)
        if department not in known or not _SYSTEM.fullmatch(system):
            raise TokenRefused(f"a department system's principal is '<department>:<system>' with a department of "
                               f"{', '.join(known)}; got {scrub_id_numbers(principal[:200])!r}")
    if area is not None and not (area.isascii() and area.isdigit() and len(area) in AREA_LEVELS):
        raise TokenRefused(f"area {scrub_id_numbers(area[:40])!r} must be a county (6 digits), township (9) or village "
                           "(12) area code")
    if area is not None and len(area) > 9 and role in TOWNSHIP_OR_ABOVE:
        raise TokenRefused(f"role {role!r} receives its alerts and tasks by township: give a county (6 digits) or "
                           "township (9) area code")
    if area is None and role in area_bound_roles():
        raise TokenRefused(f"role {role!r} sees children of its own area only: give --area (6, 9 or 12 digits)")


def _audit(audit: Any, actor: str, action: str, outcome: str, detail: str) -> None:
    if audit is not None:
        from privacy.audit import AuditEvent

        audit.append(AuditEvent(actor, "operator", "operations", action, outcome, None, (), "cli", detail))


def issue(database: Database, principal: str, role: str, area: str | None = None, *, days: int = DEFAULT_DAYS,
          audit: Any = None, actor: str = "operator", now: datetime | None = None) -> IssuedToken:
    """Check the grant, audit it, then create the token; the plain token is returned once and never stored. A refused
    grant is audited as denied and raises TokenRefused; a failed audit raises AuditFailed and issues nothing."""
    try:
        if not 1 <= days <= MAX_DAYS:
            raise TokenRefused(f"a token lives 1 to {MAX_DAYS} days, not {days}")
        validate_grant(principal, role, area)
    except TokenRefused as exc:
        _audit(audit, actor, "token_issue", "denied",
               scrub_id_numbers(f"refused {principal[:200]} as {role[:64]} area={(area or '')[:12]}: {exc}"))
        raise
    now = now or datetime.now(UTC)
    token, token_id = "cct_" + secrets.token_urlsafe(32), "tok_" + secrets.token_hex(6)
    expires = now + timedelta(days=days)
    _audit(audit, actor, "token_issue", "allowed",
           f"token {token_id} for {principal} as {role} area={area} expires {expires.isoformat()}")
    with database.begin() as conn:
        conn.execute(api_tokens.insert(), [{"token_hash": _hash(token), "token_id": token_id, "principal": principal,
                                            "role": role, "area": area, "revoked": False, "created_at": now,
                                            "expires_at": expires, "issued_by": actor}])
    return IssuedToken(token, token_id, expires)


def issue_token(database: Database, principal: str, role: str, area: str | None = None, days: int = DEFAULT_DAYS,
                audit: Any = None, actor: str = "operator") -> str:
    """Create a token and return only the plain token (see issue())."""
    return issue(database, principal, role, area, days=days, audit=audit, actor=actor).token


def _expires(row: Any) -> datetime | None:
    """A token's end: its own, or (tokens from before expiry existed) 90 days after it was created."""
    expires, created = _utc(row["expires_at"]), _utc(row["created_at"])
    if expires is None and created is not None:
        expires = created + timedelta(days=DEFAULT_DAYS)
    return expires


def authenticate(database: Database, token: str, now: datetime | None = None) -> Principal | None:
    """The principal of a valid token: known, not revoked, not expired, and not speaking for the platform."""
    with database.connect() as conn:
        row = conn.execute(select(api_tokens).where(api_tokens.c.token_hash == _hash(token))).mappings().first()
    if row is None or row["revoked"] or _platform_principal(row["principal"]) or row["role"] in SERVICE_ROLES:
        return None
    expires = _expires(row)
    if expires is None or expires <= (now or datetime.now(UTC)):
        return None
    return Principal(row["principal"], row["role"], row["area"])


def list_tokens(database: Database, now: datetime | None = None) -> list[dict[str, Any]]:
    """Every token's id, principal, role, area, creation, expiry and revocation; never the token or its hash."""
    now = now or datetime.now(UTC)
    with database.connect() as conn:
        rows = conn.execute(select(api_tokens).order_by(api_tokens.c.created_at, api_tokens.c.token_id)).mappings()
        out = []
        for row in rows:
            expires, created, revoked_at = _expires(row), _utc(row["created_at"]), _utc(row["revoked_at"])
            out.append({"token_id": row["token_id"], "principal": row["principal"], "role": row["role"],
                        "area": row["area"], "created": created.isoformat() if created else None,
                        "expires": expires.isoformat() if expires else None, "revoked": bool(row["revoked"]),
                        "revoked_at": revoked_at.isoformat() if revoked_at else None,
                        "expired": expires is None or expires <= now})
    return out


def revoke(database: Database, *, principal: str | None = None, token_id: str | None = None, audit: Any = None,
           actor: str = "operator") -> int:
    """Revoke one token (by id) or every token of a principal; audited first. Returns how many were revoked."""
    if (principal is None) == (token_id is None):
        raise TokenRefused("revoke by exactly one of principal or token id")
    where = api_tokens.c.principal == principal if principal is not None else api_tokens.c.token_id == token_id
    with database.connect() as conn:
        ids = [r[0] for r in conn.execute(select(api_tokens.c.token_id).where(where, api_tokens.c.revoked.is_(False)))]
    what = f"principal {principal}" if principal is not None else f"token {token_id}"
    _audit(audit, actor, "token_revoke", "allowed", f"revoke {what}: {', '.join(str(i) for i in ids) or 'none active'}")
    with database.begin() as conn:
        return conn.execute(update(api_tokens).where(where, api_tokens.c.revoked.is_(False))
                            .values(revoked=True, revoked_at=datetime.now(UTC), revoked_by=actor)).rowcount


def revoke_principal(database: Database, principal: str, audit: Any = None, actor: str = "operator") -> int:
    """Revoke every token of a principal."""
    return revoke(database, principal=principal, audit=audit, actor=actor)
