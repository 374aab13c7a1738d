"""The one AES-256-GCM framing of the platform: a fresh random 96-bit nonce, then the ciphertext with its 16-byte tag.

Field tokens, data keys wrapped under the key-encryption key, per-child copies (views, dead letters) and the platform
dead-letter key all use it; the textual envelopes around it (prefixes, key ids, base64) stay with each of them.
"""

from __future__ import annotations

import secrets

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
TAG_BYTES = 16


def new_key() -> bytes:
    """A fresh 256-bit key."""
    return AESGCM.generate_key(256)


class Aead:
    """AES-256-GCM under one key, sealing to and opening `nonce | ciphertext | tag`."""

    __slots__ = ("_aesgcm",)

    def __init__(self, key: bytes) -> None:
        self._aesgcm = AESGCM(key)

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        """The framed ciphertext, bound to `aad` (which must be given again to open it)."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + self._aesgcm.encrypt(nonce, plaintext, aad)

    def open(self, framed: bytes, aad: bytes) -> bytes:
        """The plaintext; cryptography's InvalidTag when the bytes, the key or the aad do not match."""
        return self._aesgcm.decrypt(framed[:NONCE_BYTES], framed[NONCE_BYTES:], aad)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Aead(key).seal, for a key used once."""
    return Aead(key).seal(plaintext, aad)


def open_(key: bytes, framed: bytes, aad: bytes) -> bytes:
    """Aead(key).open, for a key used once."""
    return Aead(key).open(framed, aad)
