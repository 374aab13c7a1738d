"""API tokens: random bearer tokens, stored only as SHA-256, each bound to a principal, a role and an area."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select, update

from services.store.schema import api_tokens


@dataclass(frozen=True)
class Principal:
    """An authenticated caller."""

    name: str
    role: str
    area: str | None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(engine: Engine, principal: str, role: str, area: str | None = None) -> str:
    """Create a token; the plain token is returned once and never stored."""
    token = "cct_" + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(api_tokens.insert(), [{"token_hash": _hash(token), "principal": principal, "role": role,
                                            "area": area, "revoked": False, "created_at": datetime.now(UTC)}])
    return token


def authenticate(engine: Engine, token: str) -> Principal | None:
    """The principal of a valid, unrevoked token."""
    with engine.connect() as conn:
        row = conn.execute(select(api_tokens).where(api_tokens.c.token_hash == _hash(token))).mappings().first()
    if row is None or row["revoked"]:
        return None
    return Principal(row["principal"], row["role"], row["area"])


def revoke_principal(engine: Engine, principal: str) -> int:
    """Revoke every token of a principal."""
    with engine.begin() as conn:
        return conn.execute(update(api_tokens).where(api_tokens.c.principal == principal).values(revoked=True)).rowcount
