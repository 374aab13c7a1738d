"""Data keys read and created for a whole batch (Keyring.data_keys, FieldCipher.batch): the same keys, the same
erasure rules, the same race rule as one child at a time."""

import threading

import pytest

from privacy.cipher import FieldCipher
from privacy.keyring import ChildErased, Keyring, in_memory_keyring
from services.adapters.keyring_files import FileKeyWrapper, SqliteKeyStore, file_keyring


def test_batch_keys_are_the_keys_one_at_a_time():
    keyring = in_memory_keyring()
    keyring.data_key("ck_old")
    keyring.rotate_data_key("ck_old")
    batch = keyring.data_keys(["ck_old", "ck_new", "ck_new"])
    assert batch["ck_old"] == keyring.data_key("ck_old") and batch["ck_old"][0] == "ck_old.2"
    assert batch["ck_new"] == keyring.data_key("ck_new", create=False) and batch["ck_new"][0] == "ck_new.1"


def test_erased_children_get_no_key_in_a_batch():
    keyring = in_memory_keyring()
    keyring.data_key("ck_gone")
    keyring.destroy_child("ck_gone")
    assert "ck_gone" not in keyring.data_keys(["ck_gone", "ck_a"])
    assert keyring.data_keys(["ck_x"], create=False) == {}
    with pytest.raises(ChildErased):
        keyring.data_key("ck_gone")


def test_a_key_another_process_created_first_wins(tmp_path, monkeypatch):
    ours, theirs = file_keyring(tmp_path), Keyring(FileKeyWrapper(tmp_path), SqliteKeyStore(tmp_path / "keys.sqlite"))
    real = ours.store.current
    calls = []

    def read_before_theirs_wrote(child_keys):
        calls.append(child_keys)
        return {} if len(calls) == 1 else real(child_keys)

    monkeypatch.setattr(ours.store, "current", read_before_theirs_wrote)
    winner = theirs.data_key("ck_race")  # written between our read and our insert
    assert ours.data_keys(["ck_race"])["ck_race"] == winner == ours.data_key("ck_race")


def test_sealing_in_a_batch_opens_outside_it_and_the_reverse():
    cipher = FieldCipher(in_memory_keyring())
    outside = cipher.seal("ck_a", "identity.name", "王小明")
    with cipher.batch(["ck_a", "ck_b"]):
        inside = cipher.seal("ck_b", "identity.name", "李华")
        assert cipher.open("ck_a", "identity.name", outside) == "王小明"
    assert cipher.open("ck_b", "identity.name", inside) == "李华"


def test_an_erased_child_in_a_batch_still_refuses():
    keyring = in_memory_keyring()
    cipher = FieldCipher(keyring)
    token = cipher.seal("ck_gone", "identity.name", "王小明")
    keyring.destroy_child("ck_gone")
    with cipher.batch(["ck_gone"]):
        with pytest.raises(ChildErased):
            cipher.seal("ck_gone", "identity.name", "x")
        with pytest.raises(ChildErased):
            cipher.open("ck_gone", "identity.name", token)


def test_an_erasure_after_a_batch_is_seen_by_the_next_seal():
    keyring = in_memory_keyring()
    cipher = FieldCipher(keyring)
    with cipher.batch(["ck_a"]):
        cipher.seal("ck_a", "identity.name", "x")
    keyring.destroy_child("ck_a")
    with pytest.raises(ChildErased):
        cipher.seal("ck_a", "identity.name", "x")
    with cipher.batch(["ck_a"]), pytest.raises(ChildErased):
        cipher.seal("ck_a", "identity.name", "x")


def test_a_batch_belongs_to_its_thread():
    keyring = in_memory_keyring()
    cipher = FieldCipher(keyring)
    seen: list[object] = []
    with cipher.batch(["ck_a"]):
        thread = threading.Thread(target=lambda: seen.append(getattr(cipher._scope, "keys", None)))
        thread.start()
        thread.join()
    assert seen == [None]


def test_a_child_erased_between_the_read_and_the_insert_gets_no_key(tmp_path, monkeypatch):
    ours, theirs = file_keyring(tmp_path), Keyring(FileKeyWrapper(tmp_path), SqliteKeyStore(tmp_path / "keys.sqlite"))
    real = ours.store.erased

    def erased_meanwhile(child_keys):
        found = real(child_keys)
        theirs.destroy_child("ck_late")  # the erasure lands after our check, before our insert
        return found

    monkeypatch.setattr(ours.store, "erased", erased_meanwhile)
    assert "ck_late" not in ours.data_keys(["ck_late", "ck_ok"])
    with pytest.raises(ChildErased):
        ours.data_key("ck_late")
