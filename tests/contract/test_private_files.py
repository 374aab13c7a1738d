"""Keyring and store files hold keys and children's data: created 0600 whatever the umask, journals included."""

import os
import stat

from services.adapters.keyring_files import file_keyring
from services.adapters.store import open_store
from services.adapters.store.migrate import upgrade


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_keyring_files_are_0600_in_a_0700_directory(tmp_path):
    old = os.umask(0o022)
    try:
        ring = file_keyring(tmp_path / "keys")
        ring.secret("audit")
        ring.data_key("ck_1")
        ring.close()
    finally:
        os.umask(old)
    assert mode(tmp_path / "keys") == 0o700
    files = list((tmp_path / "keys").iterdir())
    assert any(f.name == "keys.sqlite" for f in files) and any(f.name.startswith("kek-") for f in files)
    assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}


def test_an_existing_keyring_file_is_narrowed_to_0600(tmp_path):
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "keys.sqlite").touch(0o644)
    file_keyring(tmp_path / "keys").close()
    assert mode(tmp_path / "keys" / "keys.sqlite") == 0o600


def test_the_sqlite_store_and_its_wal_files_are_0600(tmp_path):
    old = os.umask(0o022)
    try:
        store = open_store(f"sqlite:///{tmp_path}/var/store.db")
        store.positions("g")
        paths = [p for p in (tmp_path / "var").iterdir()]
        assert {p.name for p in paths} >= {"store.db", "store.db-wal", "store.db-shm"}
        assert {p.name: mode(p) for p in paths} == {p.name: 0o600 for p in paths}
        store.close()
        upgrade(f"sqlite:///{tmp_path}/other/x.db")  # the migrate command's own engine
        assert mode(tmp_path / "other" / "x.db") == 0o600
    finally:
        os.umask(old)
