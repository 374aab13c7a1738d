"""Copies that leave the store for one child (view messages, dead letters) sealed under a key that erasure destroys.

The key of a copy is derived from the child's data key and a named platform secret (one per view, one for dead
letters): HMAC-SHA256(secret, label | key id | data key). Whoever holds the secret still needs the child's data key,
so destroying the child's data keys (crypto-shredding) makes every such copy unreadable wherever it survives, the
way Confluent's client-side field encryption keys data per subject. Blobs read `<prefix><key id>:<base64>`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable

from cryptography.exceptions import InvalidTag

from privacy import aead
from privacy.cipher import TamperedCiphertext
from privacy.keyring import Keyring

KeySource = Callable[[str], bytes]  # key id -> derived key; raises ChildErased / KeyMissing when it cannot be had


def derive(secret: bytes, label: str, key_id: str, data_key: bytes) -> bytes:
    """The per-child key of one kind of copy."""
    return hmac.new(secret, f"{label}\x1f{key_id}\x1f".encode() + data_key, hashlib.sha256).digest()


def child_of(key_id: str) -> str:
    """The child key a key id names (`<child key>.<version>`)."""
    return key_id.rpartition(".")[0]


def seal_with(key_id: str, key: bytes, prefix: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM under a derived key; the key id travels in the clear so the reader knows which key to ask for."""
    return prefix + key_id.encode() + b":" + base64.b64encode(aead.seal(key, plaintext, aad))


def key_id_of(prefix: bytes, blob: bytes) -> str:
    """The key id a sealed blob names."""
    if not blob.startswith(prefix):
        raise TamperedCiphertext("not a sealed copy of this kind")
    return blob[len(prefix):].split(b":", 1)[0].decode()


def open_with(keys: KeySource, prefix: bytes, blob: bytes, aad: bytes) -> bytes:
    """Inverse of seal_with, asking `keys` for the derived key (which fails once the child is erased)."""
    key_id = key_id_of(prefix, blob)
    raw = base64.b64decode(blob[len(prefix) + len(key_id) + 1:])
    try:
        return aead.open_(keys(key_id), raw, aad)
    except InvalidTag:
        raise TamperedCiphertext("sealed copy failed authentication") from None


class PerChildSealer:
    """Seals and opens one kind of copy (`label`: "view:<purpose>", "deadletter") for the platform."""

    def __init__(self, keyring: Keyring, label: str, prefix: bytes) -> None:
        self.keyring, self.label, self.prefix = keyring, label, prefix
        self._secret = keyring.secret(label)

    def key(self, key_id: str) -> bytes:
        """The derived key of a key id (what a subscriber's key source hands out)."""
        return derive(self._secret, self.label, key_id, self.keyring.key_by_id(key_id))

    def seal(self, child_key: str, plaintext: bytes, aad: bytes) -> bytes:
        """Seal under the child's current data key (created for a child not seen before; ChildErased once erased)."""
        key_id, data_key = self.keyring.data_key(child_key)
        return seal_with(key_id, derive(self._secret, self.label, key_id, data_key), self.prefix, plaintext, aad)

    def open(self, blob: bytes, aad: bytes) -> bytes:
        return open_with(self.key, self.prefix, blob, aad)
