"""The one AES-GCM framing (privacy/aead.py): nonce | ciphertext | tag, bound to its associated data."""

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from privacy import aead


def test_a_sealed_value_opens_with_its_key_and_aad_only():
    key = aead.new_key()
    framed = aead.Aead(key).seal(b"secret", b"field|child")
    assert len(key) == 32 and len(framed) == aead.NONCE_BYTES + len(b"secret") + aead.TAG_BYTES
    assert aead.open_(key, framed, b"field|child") == b"secret"
    with pytest.raises(InvalidTag):
        aead.open_(key, framed, b"other|child")
    with pytest.raises(InvalidTag):
        aead.open_(aead.new_key(), framed, b"field|child")
    with pytest.raises(InvalidTag):
        aead.open_(key, framed[:-1] + bytes([framed[-1] ^ 1]), b"field|child")


def test_the_framing_is_the_one_stored_blobs_already_use():
    """Blobs written before the helper existed (nonce, then AESGCM output) still open."""
    key, nonce = aead.new_key(), b"\x01" * 12
    old = nonce + AESGCM(key).encrypt(nonce, b"wrapped data key", b"ctx")
    assert aead.open_(key, old, b"ctx") == b"wrapped data key"
    assert aead.seal(key, b"x", b"") != aead.seal(key, b"x", b""), "a fresh nonce every time"
