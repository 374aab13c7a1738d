"""One keyring contract suite, run on the in-memory and the file-backed keyring."""

import pytest

from privacy.cipher import FieldCipher
from privacy.keyring import ChildErased, KeyMissing, in_memory_keyring
from services.adapters.keyring_files import file_keyring


class KeyringContract:
    @pytest.fixture
    def keyring(self):
        raise NotImplementedError

    def test_a_child_keeps_one_data_key(self, keyring):
        assert keyring.data_key("ck_a") == keyring.data_key("ck_a")
        assert keyring.data_key("ck_a")[1] != keyring.data_key("ck_b")[1]

    def test_named_secrets_are_stable(self, keyring):
        assert keyring.secret("pseudonym") == keyring.secret("pseudonym") != keyring.secret("audit")

    def test_rotation_rewraps_and_everything_stays_readable(self, keyring):
        cipher = FieldCipher(keyring)
        token = cipher.seal("ck_a", "identity.name", "张三")
        secret = keyring.secret("pseudonym")
        old = keyring.wrapper.current_version()
        new = keyring.rotate_kek()
        assert new == old + 1 and keyring.rewrap_all() >= 2
        assert keyring.kek_versions_in_use() == {new}
        assert FieldCipher(keyring).open("ck_a", "identity.name", token) == "张三"
        assert keyring.secret("pseudonym") == secret

    def test_a_rotated_data_key_still_opens_old_tokens(self, keyring):
        cipher = FieldCipher(keyring)
        old = cipher.seal("ck_a", "f", 1)
        keyring.rotate_data_key("ck_a")
        new = cipher.seal("ck_a", "f", 2)
        assert cipher.key_id_of(old) != cipher.key_id_of(new)
        assert (cipher.open("ck_a", "f", old), cipher.open("ck_a", "f", new)) == (1, 2)
        assert cipher.open("ck_a", "f", cipher.reseal("ck_a", "f", old)) == 1

    def test_destroying_a_child_makes_their_ciphertexts_unreadable(self, keyring):
        cipher = FieldCipher(keyring)
        token = cipher.seal("ck_a", "identity.name", "张三")
        other = cipher.seal("ck_b", "identity.name", "李四")
        assert keyring.destroy_child("ck_a") == 1
        with pytest.raises(ChildErased):
            cipher.open("ck_a", "identity.name", token)
        with pytest.raises(ChildErased):
            cipher.seal("ck_a", "identity.name", "again")
        assert cipher.open("ck_b", "identity.name", other) == "李四"

    def test_an_unknown_key_id_is_missing(self, keyring):
        with pytest.raises(KeyMissing):
            keyring.key_by_id("ck_never.1")


class TestInMemoryKeyring(KeyringContract):
    @pytest.fixture
    def keyring(self):
        return in_memory_keyring()


class TestFileKeyring(KeyringContract):
    @pytest.fixture
    def keyring(self, tmp_path):
        k = file_keyring(tmp_path / "keys")
        yield k
        k.close()

    def test_a_second_process_sees_the_same_keys(self, keyring, tmp_path):
        token = FieldCipher(keyring).seal("ck_a", "f", "x")
        other = file_keyring(tmp_path / "keys")
        assert FieldCipher(other).open("ck_a", "f", token) == "x"

    def test_key_files_are_private(self, keyring, tmp_path):
        assert all(p.stat().st_mode & 0o077 == 0 for p in (tmp_path / "keys").glob("kek-*.key"))
