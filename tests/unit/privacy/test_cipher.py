import base64

import pytest

from privacy.cipher import FieldCipher, NotSealed, TamperedCiphertext, is_sealed
from privacy.keyring import KeyMissing, in_memory_keyring


@pytest.fixture
def cipher():
    return FieldCipher(in_memory_keyring())


@pytest.mark.parametrize("value", ["王小明", 3, 12.5, True, ["autism"], {"a": 1}, "2015-03-01"])
def test_a_sealed_value_opens_to_itself(cipher, value):
    token = cipher.seal("ck_a", "identity.name", value)
    assert is_sealed(token) and cipher.open("ck_a", "identity.name", token) == value


def test_the_plaintext_is_not_in_the_token(cipher):
    assert "王小明" not in cipher.seal("ck_a", "identity.name", "王小明")


def test_a_token_moved_to_another_field_fails(cipher):
    token = cipher.seal("ck_a", "identity.name", "王小明")
    with pytest.raises(TamperedCiphertext, match="another field"):
        cipher.open("ck_a", "guardianship.guardian_name", token)


def test_a_token_moved_to_another_child_fails(cipher):
    token = cipher.seal("ck_a", "identity.name", "王小明")
    with pytest.raises(TamperedCiphertext, match="another child"):
        cipher.open("ck_b", "identity.name", token)


def test_a_relabelled_token_fails(cipher):
    cipher.seal("ck_b", "identity.name", "x")
    token = cipher.seal("ck_a", "identity.name", "王小明").replace("ck_a.1", "ck_b.1")
    with pytest.raises(TamperedCiphertext):
        cipher.open("ck_b", "identity.name", token)


def test_a_flipped_bit_fails(cipher):
    token = cipher.seal("ck_a", "identity.name", "王小明")
    head, _, body = token.rpartition(":")
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[-1] ^= 1
    with pytest.raises(TamperedCiphertext, match="authentication failed"):
        cipher.open("ck_a", "identity.name", f"{head}:{base64.urlsafe_b64encode(bytes(raw)).decode()}")


def test_a_token_from_another_keyring_names_a_missing_key(cipher):
    token = FieldCipher(in_memory_keyring()).seal("ck_a", "identity.name", "王小明")
    with pytest.raises((KeyMissing, TamperedCiphertext)):
        cipher.open("ck_a", "identity.name", token)


def test_plain_values_are_not_opened(cipher):
    with pytest.raises(NotSealed):
        cipher.open("ck_a", "identity.name", "王小明")


def test_errors_never_carry_the_value(cipher):
    token = cipher.seal("ck_a", "identity.name", "王小明")
    with pytest.raises(TamperedCiphertext) as err:
        cipher.open("ck_a", "identity.address", token)
    assert "王小明" not in str(err.value)
