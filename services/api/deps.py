"""Request context: who calls (bearer token), for which purpose, from where."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Header, HTTPException, Request

from privacy.audit import AuditEvent
from services.tokens import Principal, authenticate


@dataclass(frozen=True)
class Caller:
    """An authenticated principal acting for a declared purpose."""

    principal: Principal
    purpose: str
    origin: str


def caller(request: Request, authorization: str | None = Header(None),
           x_purpose: str | None = Header(None, description="The purpose of this access (最小必要)")) -> Caller:
    """401 without a valid token (audited as anonymous); the purpose may be empty here and is judged by policy."""
    ctx = request.app.state.ctx
    origin = request.client.host if request.client else ""
    token = authorization.removeprefix("Bearer ").strip() if authorization else ""
    principal = authenticate(ctx.engine, token) if token else None
    if principal is None:
        ctx.audit.append(AuditEvent("anonymous", "none", x_purpose or "", "deny", "denied", None, (), origin,
                                    f"{request.method} {request.url.path}: missing or invalid token"))
        raise HTTPException(401, "missing or invalid bearer token", headers={"WWW-Authenticate": "Bearer"})
    return Caller(principal, x_purpose or "", origin)
