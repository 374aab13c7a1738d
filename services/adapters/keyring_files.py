"""The embedded default keyring on local disk: KEK files and a SQLite file of wrapped keys, all 0600, in one 0700
directory. The keyring's logic is in privacy/keyring.py; this module is its file and SQLite I/O (the two ports
there)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from privacy.keyring import DataKeyRow, Keyring, KeyStore, MemoryKeyWrapper

SCHEMA = """
create table if not exists data_keys (child_key text, version integer, kek_version integer, wrapped blob,
                                      primary key (child_key, version));
create table if not exists erased (child_key text primary key);
create table if not exists secrets (name text primary key, kek_version integer, wrapped blob);
"""
CHUNK = 500  # SQLite's host parameters per statement stay well under its limit


def private_file(path: Path | str) -> Path:
    """Create `path` if missing, and make it 0600 either way (explicitly, whatever the umask)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    return Path(path)


class FileKeyWrapper(MemoryKeyWrapper):
    """KEKs as 0600 files `kek-<n>.key` in a 0700 directory; versions other processes add are read when needed."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        os.chmod(directory, 0o700)
        super().__init__()  # reads the KEK files there, or writes the first

    def known(self) -> dict[int, bytes]:
        for path in self.directory.glob("kek-*.key"):
            version = int(path.stem.split("-")[1])
            if version not in self._keys:
                self._keys[version] = path.read_bytes()
        return self._keys

    def _keep(self, version: int, key: bytes) -> bytes:
        fd = os.open(self.directory / f"kek-{version}.key", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        return key


class SqliteKeyStore(KeyStore):
    """Wrapped keys in a SQLite file (autocommit; the batch insert is one transaction)."""

    def __init__(self, db_path: Path | str) -> None:
        self._db = sqlite3.connect(str(db_path), timeout=30, check_same_thread=False, isolation_level=None)
        self._db.executescript(SCHEMA)

    def _in(self, sql: str, keys: Sequence[str]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        for i in range(0, len(keys), CHUNK):
            chunk = list(keys[i:i + CHUNK])
            rows += self._db.execute(sql.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
        return rows

    def current(self, child_keys: Sequence[str]) -> dict[str, tuple[int, bytes]]:
        rows = self._in("select d.child_key, d.version, d.wrapped from data_keys d join "
                        "(select child_key, max(version) v from data_keys where child_key in ({marks}) "
                        "group by child_key) m on d.child_key = m.child_key and d.version = m.v", child_keys)
        return {child_key: (version, wrapped) for child_key, version, wrapped in rows}

    def wrapped(self, child_key: str, version: int) -> tuple[int, bytes] | None:
        row = self._db.execute("select kek_version, wrapped from data_keys where child_key=? and version=?",
                               (child_key, version)).fetchone()
        return (row[0], row[1]) if row is not None else None

    def add(self, rows: Sequence[DataKeyRow]) -> None:
        self._db.execute("begin immediate")
        try:
            # A child erased since the caller read its keys gets no new one (it is left out of the result).
            self._db.executemany("insert or ignore into data_keys select ?,?,?,? where not exists "
                                 "(select 1 from erased where child_key = ?)", [(*row, row[0]) for row in rows])
            self._db.execute("commit")
        except BaseException:
            self._db.execute("rollback")
            raise

    def destroy(self, child_key: str) -> int:
        n = self._db.execute("delete from data_keys where child_key=?", (child_key,)).rowcount
        self._db.execute("insert or ignore into erased values (?)", (child_key,))
        return int(n)

    def erased(self, child_keys: Sequence[str]) -> set[str]:
        return {r[0] for r in self._in("select child_key from erased where child_key in ({marks})", child_keys)}

    def not_under(self, kek_version: int) -> list[DataKeyRow]:
        return [(c, v, k, w) for c, v, k, w in self._db.execute(
            "select child_key, version, kek_version, wrapped from data_keys where kek_version<>?", (kek_version,))]

    def rewrap(self, child_key: str, version: int, kek_version: int, wrapped: bytes) -> None:
        self._db.execute("update data_keys set kek_version=?, wrapped=? where child_key=? and version=?",
                         (kek_version, wrapped, child_key, version))

    def secret(self, name: str) -> tuple[int, bytes] | None:
        row = self._db.execute("select kek_version, wrapped from secrets where name=?", (name,)).fetchone()
        return (row[0], row[1]) if row is not None else None

    def add_secret(self, name: str, kek_version: int, wrapped: bytes) -> None:
        self._db.execute("insert or ignore into secrets values (?,?,?)", (name, kek_version, wrapped))

    def secrets_not_under(self, kek_version: int) -> list[tuple[str, int, bytes]]:
        return [(n, k, w) for n, k, w in self._db.execute(
            "select name, kek_version, wrapped from secrets where kek_version<>?", (kek_version,))]

    def rewrap_secret(self, name: str, kek_version: int, wrapped: bytes) -> None:
        self._db.execute("update secrets set kek_version=?, wrapped=? where name=?", (kek_version, wrapped, name))

    def kek_versions(self) -> set[int]:
        rows = self._db.execute("select kek_version from data_keys union select kek_version from secrets")
        return {r[0] for r in rows}

    def close(self) -> None:
        self._db.close()


def file_keyring(directory: Path | str) -> Keyring:
    """The embedded default: KEK files and a SQLite file of wrapped keys, all 0600, in one 0700 directory (SQLite gives
    its journal and WAL files the mode of the database file)."""
    directory = Path(directory)
    wrapper = FileKeyWrapper(directory)
    return Keyring(wrapper, SqliteKeyStore(private_file(directory / "keys.sqlite")))
