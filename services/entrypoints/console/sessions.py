"""Console sessions: a random id in an HttpOnly, SameSite=Strict cookie, kept on the server only (signing out or
expiring ends it here, not just in the browser), with a CSRF token that every form that changes something carries."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

COOKIE = "cc_session"
PRE_COOKIE = "cc_pre"  # before sign-in: binds the sign-in form's CSRF token to this browser
IDLE_S = 15 * 60  # a shared office PC left signed in locks itself after a quarter of an hour
ABSOLUTE_S = 8 * 3600  # one working day, whatever the activity


@dataclass
class Session:
    """One signed-in user. The token stays in server memory only, so that every request re-checks it (a revoked or
    expired token ends the session at once)."""

    token: str
    principal: Any
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    purpose: str | None = None
    created: float = field(default_factory=time.monotonic)
    seen: float = field(default_factory=time.monotonic)


class Sessions:
    """Sessions by the SHA-256 of their id (the store never holds a usable cookie value)."""

    def __init__(self, idle_s: float = IDLE_S, absolute_s: float = ABSOLUTE_S, clock: Any = time.monotonic) -> None:
        self.idle_s, self.absolute_s, self._clock = idle_s, absolute_s, clock
        self._by_hash: dict[str, Session] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _hash(sid: str) -> str:
        return hashlib.sha256(sid.encode()).hexdigest()

    def create(self, token: str, principal: Any) -> tuple[str, Session]:
        sid = secrets.token_urlsafe(32)
        now = self._clock()
        session = Session(token, principal, created=now, seen=now)
        with self._lock:
            self._by_hash[self._hash(sid)] = session
        return sid, session

    def get(self, sid: str | None) -> Session | None:
        """The live session of this cookie value, or None (unknown, idle too long, or too old: then it is ended)."""
        if not sid or len(sid) > 100:
            return None
        key, now = self._hash(sid), self._clock()
        with self._lock:
            session = self._by_hash.get(key)
            if session is None:
                return None
            if now - session.seen > self.idle_s or now - session.created > self.absolute_s:
                del self._by_hash[key]
                return None
            session.seen = now
            return session

    def end(self, sid: str | None) -> None:
        if sid:
            with self._lock:
                self._by_hash.pop(self._hash(sid), None)


def csrf_ok(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison of bytes (compare_digest refuses non-ASCII text with a TypeError)."""
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected).encode(), str(given).encode())


def _mac(secret: bytes, label: bytes, text: str, hex_chars: int) -> str:
    return hmac.new(secret, label + text.encode(), hashlib.sha256).hexdigest()[:hex_chars]


def pre_token(secret: bytes, pre: str) -> str:
    """The sign-in form's CSRF token: an HMAC of the browser's pre-session cookie under a server secret."""
    return _mac(secret, b"form:", pre, 32)


def new_pre(secret: bytes) -> str:
    """A pre-session value the server signs: a value planted by another host (not signed here) is refused."""
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_mac(secret, b'pre:', nonce, 24)}"


def pre_ok(secret: bytes, pre: str | None) -> bool:
    if not pre or len(pre) > 100 or "." not in pre:
        return False
    nonce, mac = pre.rsplit(".", 1)
    return csrf_ok(_mac(secret, b"pre:", nonce, 24), mac)
