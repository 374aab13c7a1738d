"""Request context: who calls (bearer token), for which purpose, from where; bounded before anything is stored."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

from fastapi import Header, HTTPException, Request

from privacy.audit import AuditEvent
from services.adapters.tokens import Principal, authenticate

_PURPOSE = re.compile(r"[a-z][a-z0-9_]{0,63}")
MAX_TOKEN_CHARS = 200


@dataclass(frozen=True)
class Caller:
    """An authenticated principal acting for a declared purpose."""

    principal: Principal
    purpose: str
    origin: str


class RateLimiter:
    """A token bucket per principal: `rate` requests a second on average, bursts up to `burst`."""

    def __init__(self, rate: float = 50.0, burst: int = 200) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, who: str) -> bool:
        now = time.monotonic()
        with self._lock:
            tokens, then = self._buckets.get(who, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            if tokens < 1:
                self._buckets[who] = (tokens, now)
                return False
            self._buckets[who] = (tokens - 1, now)
            return True


def caller(request: Request, authorization: str | None = Header(None),
           x_purpose: str | None = Header(None, description="The purpose of this access (最小必要)")) -> Caller:
    """401 without a valid token (audited as anonymous); 422 for a purpose that is not a purpose name (it is not
    stored); 429 over the principal's rate. The purpose may be empty here and is judged by policy."""
    ctx = request.app.state.ctx
    origin = request.client.host if request.client else ""
    route = request.scope.get("route")
    where = f"{request.method} {route.path if route is not None else '?'}"
    purpose = x_purpose or ""
    if purpose and not _PURPOSE.fullmatch(purpose):
        ctx.audit.append(AuditEvent("anonymous", "none", "", "deny", "denied", None, (), origin,
                                    f"{where}: X-Purpose is not a purpose name "
                                    f"({len(purpose)} characters, not stored)"))
        raise HTTPException(422, "X-Purpose must be a purpose name (lower-case letters, digits, _; 64 at most)")
    token = authorization.removeprefix("Bearer ").strip() if authorization else ""
    principal = authenticate(ctx.database, token) if token and len(token) <= MAX_TOKEN_CHARS else None
    if principal is None:
        ctx.audit.append(AuditEvent("anonymous", "none", purpose, "deny", "denied", None, (), origin,
                                    f"{where}: missing or invalid token"))
        raise HTTPException(401, "missing or invalid bearer token", headers={"WWW-Authenticate": "Bearer"})
    limiter: RateLimiter | None = getattr(request.app.state, "rate_limiter", None)
    if limiter is not None and not limiter.allow(principal.name):
        ctx.audit.append(AuditEvent(principal.name, principal.role, purpose, "deny", "denied", None, (), origin,
                                    f"{where}: rate limit"))
        raise HTTPException(429, "too many requests; slow down", headers={"Retry-After": "1"})
    return Caller(principal, purpose, origin)
