"""Keys: key-encryption keys (KEK) with versions, per-child data keys wrapped by them, and named secrets.

The KEK lives behind `KeyWrapper` (wrap/unwrap only): the embedded default keeps KEK files on local disk; a KMS such as
HashiCorp Vault transit implements the same two calls (`transit/encrypt/<key>`, `transit/decrypt/<key>`) and the
keyring is otherwise unchanged. Data keys are stored only wrapped; destroying a child's data keys makes every
ciphertext of that child unreadable wherever a copy survives (topics, backups): crypto-shredding.
"""

from __future__ import annotations

import abc
import os
import secrets
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

from privacy import aead
from privacy.aead import new_key


class KeyringError(Exception):
    """Base of key problems; messages never contain key material."""


class KeyMissing(KeyringError):
    """No such key (wrong keyring, or a key id that was never issued)."""


class ChildErased(KeyringError):
    """The child's data keys were destroyed (crypto-shredded)."""


class KeyWrapper(abc.ABC):
    """Wraps and unwraps small secrets with a versioned key-encryption key (the KMS boundary)."""

    @abc.abstractmethod
    def current_version(self) -> int:
        """The KEK version new wraps use."""

    @abc.abstractmethod
    def rotate(self) -> int:
        """Create a new KEK version and make it current."""

    @abc.abstractmethod
    def wrap(self, plaintext: bytes, context: bytes) -> tuple[int, bytes]:
        """Encrypt with the current KEK; returns (version, blob)."""

    @abc.abstractmethod
    def unwrap(self, version: int, blob: bytes, context: bytes) -> bytes:
        """Decrypt with the given KEK version; KeyMissing if that version is unknown."""


class LocalKeyWrapper(KeyWrapper):
    """KEKs as 0600 files `kek-<n>.key` in a directory (the embedded default); in memory when directory is None."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._keys: dict[int, bytes] = {}
        self._lock = threading.Lock()
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            os.chmod(directory, 0o700)
        if not self._load():
            self.rotate()

    def _load(self) -> bool:
        if self.directory is None:
            return bool(self._keys)
        for path in self.directory.glob("kek-*.key"):
            self._keys[int(path.stem.split("-")[1])] = path.read_bytes()
        return bool(self._keys)

    def current_version(self) -> int:
        self._load()
        return max(self._keys)

    def rotate(self) -> int:
        with self._lock:
            self._load()
            version = max(self._keys, default=0) + 1
            key = new_key()
            if self.directory is not None:
                fd = os.open(self.directory / f"kek-{version}.key", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(key)
            self._keys[version] = key
            return version

    def wrap(self, plaintext: bytes, context: bytes) -> tuple[int, bytes]:
        version = self.current_version()
        return version, aead.seal(self._keys[version], plaintext, context)

    def unwrap(self, version: int, blob: bytes, context: bytes) -> bytes:
        if version not in self._keys:
            self._load()
        if version not in self._keys:
            raise KeyMissing(f"key-encryption key version {version} is not in this keyring")
        return aead.open_(self._keys[version], blob, context)


SCHEMA = """
create table if not exists data_keys (child_key text, version integer, kek_version integer, wrapped blob,
                                      primary key (child_key, version));
create table if not exists erased (child_key text primary key);
create table if not exists secrets (name text primary key, kek_version integer, wrapped blob);
"""


class Keyring:
    """Per-child data keys and named secrets, stored wrapped in SQLite (a file, or memory for tests)."""

    def __init__(self, wrapper: KeyWrapper, db_path: Path | str = ":memory:", cache_size: int = 100_000) -> None:
        self.wrapper = wrapper
        self._db = sqlite3.connect(str(db_path), timeout=30, check_same_thread=False, isolation_level=None)
        self._db.executescript(SCHEMA)
        self._lock = threading.RLock()
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._cache_size = cache_size

    # data keys ------------------------------------------------------------------------------------------------
    def data_key(self, child_key: str, create: bool = True) -> tuple[str, bytes]:
        """(key id, key) of the child's current data key; created on first use unless create=False."""
        with self._lock:
            row = self._db.execute("select max(version) from data_keys where child_key=?", (child_key,)).fetchone()
            if row[0] is None:
                if self.is_destroyed(child_key):
                    raise ChildErased(f"the data keys of {child_key} were destroyed")
                if not create:
                    raise KeyMissing(f"no data key for {child_key}")
                self._store_new(child_key, 1)
                version = self._db.execute("select max(version) from data_keys where child_key=?",
                                           (child_key,)).fetchone()[0]
            else:
                version = row[0]
            key_id = f"{child_key}.{version}"
            return key_id, self.key_by_id(key_id)

    def data_keys(self, child_keys: Iterable[str], create: bool = True) -> dict[str, tuple[str, bytes]]:
        """data_key for many children at once: one read of their current versions and, for children without a key,
        one transaction that creates all of theirs (a write transaction per new child capped key creation at about a
        thousand children a second). Erased children are left out (the caller's per-child data_key raises for them);
        so are children without a key when create=False."""
        wanted = sorted(set(child_keys))
        with self._lock:
            current = self._current_versions(wanted)
            missing = [k for k in wanted if k not in current]
            created: dict[str, tuple[bytes, bytes]] = {}  # child key -> (wrapped blob, plain key) of our inserts
            if missing:
                erased = self._erased(missing)
                missing = [k for k in missing if k not in erased]
            if missing and create:
                rows = []
                for child_key in missing:
                    key = new_key()
                    kek_version, wrapped = self.wrapper.wrap(key, child_key.encode())
                    created[child_key] = (wrapped, key)
                    rows.append((child_key, 1, kek_version, wrapped, child_key))
                self._db.execute("begin immediate")
                try:
                    # "or ignore": a key another process created first wins, as in data_key; and a child erased
                    # since the read above gets no new key (it is left out of the result).
                    self._db.executemany("insert or ignore into data_keys select ?,?,?,? where not exists "
                                         "(select 1 from erased where child_key = ?)", rows)
                    self._db.execute("commit")
                except BaseException:
                    self._db.execute("rollback")
                    raise
                current.update(self._current_versions(missing))
            out: dict[str, tuple[str, bytes]] = {}
            for child_key, (version, wrapped) in current.items():
                key_id = f"{child_key}.{version}"
                ours = created.get(child_key)
                if ours is not None and ours[0] == wrapped and key_id not in self._cache:
                    self._remember(key_id, ours[1])  # our insert won: no need to unwrap what we just wrapped
                out[child_key] = (key_id, self.key_by_id(key_id))
            return out

    def _current_versions(self, child_keys: list[str]) -> dict[str, tuple[int, bytes]]:
        """child key -> (current version, its wrapped blob), for those of these children that have a data key."""
        out: dict[str, tuple[int, bytes]] = {}
        for i in range(0, len(child_keys), 500):
            chunk = child_keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for child_key, version, wrapped in self._db.execute(
                    f"select d.child_key, d.version, d.wrapped from data_keys d join (select child_key, max(version) v "
                    f"from data_keys where child_key in ({marks}) group by child_key) m "
                    f"on d.child_key = m.child_key and d.version = m.v", chunk):
                out[child_key] = (version, wrapped)
        return out

    def _erased(self, child_keys: list[str]) -> set[str]:
        out: set[str] = set()
        for i in range(0, len(child_keys), 500):
            chunk = child_keys[i:i + 500]
            out.update(r[0] for r in self._db.execute(
                f"select child_key from erased where child_key in ({','.join('?' * len(chunk))})", chunk))
        return out

    def _remember(self, key_id: str, key: bytes) -> None:
        self._cache[key_id] = key
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _store_new(self, child_key: str, version: int) -> None:
        kek_version, wrapped = self.wrapper.wrap(new_key(), child_key.encode())
        # "or ignore": when two processes race to create the first key, both end up using the winner's.
        self._db.execute("insert or ignore into data_keys values (?,?,?,?)", (child_key, version, kek_version, wrapped))

    def key_by_id(self, key_id: str) -> bytes:
        """The data key a ciphertext names; ChildErased or KeyMissing when it cannot be had."""
        with self._lock:
            cached = self._cache.get(key_id)
            if cached is not None:
                self._cache.move_to_end(key_id)
                return cached
            child_key, _, version = key_id.rpartition(".")
            row = self._db.execute("select kek_version, wrapped from data_keys where child_key=? and version=?",
                                   (child_key, int(version) if version.isdigit() else -1)).fetchone()
            if row is None:
                if self.is_destroyed(child_key):
                    raise ChildErased(f"the data keys of {child_key} were destroyed")
                raise KeyMissing(f"data key {key_id} is not in this keyring")
            key = self.wrapper.unwrap(row[0], row[1], child_key.encode())
            self._remember(key_id, key)
            return key

    def rotate_data_key(self, child_key: str) -> str:
        """Give the child a new data key version (new seals use it; old ciphertexts still open)."""
        with self._lock:
            current = self._db.execute("select max(version) from data_keys where child_key=?",
                                       (child_key,)).fetchone()[0] or 0
            self._store_new(child_key, current + 1)
            return f"{child_key}.{current + 1}"

    def destroy_child(self, child_key: str) -> int:
        """Crypto-shred: delete every data key of the child; returns how many were destroyed."""
        with self._lock:
            n = self._db.execute("delete from data_keys where child_key=?", (child_key,)).rowcount
            self._db.execute("insert or ignore into erased values (?)", (child_key,))
            for key_id in [k for k in self._cache if k.rpartition(".")[0] == child_key]:
                del self._cache[key_id]
            return n

    def is_destroyed(self, child_key: str) -> bool:
        """Whether the child was crypto-shredded."""
        return self._db.execute("select 1 from erased where child_key=?", (child_key,)).fetchone() is not None

    # KEK rotation ---------------------------------------------------------------------------------------------
    def rotate_kek(self) -> int:
        """A new KEK version for new wraps (existing wraps stay readable until rewrapped)."""
        return self.wrapper.rotate()

    def rewrap_all(self, on_row: Callable[[int, int], None] | None = None) -> int:
        """Re-wrap every data key and secret under the current KEK; row by row, so running processes never miss.
        `on_row(done, total)` reports progress."""
        target, n = self.wrapper.current_version(), 0
        rows = self._db.execute("select child_key, version, kek_version, wrapped from data_keys where kek_version<>?",
                                (target,)).fetchall()
        for child_key, version, kek_version, wrapped in rows:
            if on_row is not None:
                on_row(n, len(rows))
            key = self.wrapper.unwrap(kek_version, wrapped, child_key.encode())
            new_version, new_wrapped = self.wrapper.wrap(key, child_key.encode())
            self._db.execute("update data_keys set kek_version=?, wrapped=? where child_key=? and version=?",
                             (new_version, new_wrapped, child_key, version))
            n += 1
        for name, kek_version, wrapped in self._db.execute(
                "select name, kek_version, wrapped from secrets where kek_version<>?", (target,)).fetchall():
            value = self.wrapper.unwrap(kek_version, wrapped, b"secret:" + name.encode())
            new_version, new_wrapped = self.wrapper.wrap(value, b"secret:" + name.encode())
            self._db.execute("update secrets set kek_version=?, wrapped=? where name=?", (new_version, new_wrapped, name))
            n += 1
        return n

    def kek_versions_in_use(self) -> set[int]:
        """Which KEK versions still wrap something (a version can be retired when absent here)."""
        rows = self._db.execute("select kek_version from data_keys union select kek_version from secrets")
        return {r[0] for r in rows}

    # named secrets --------------------------------------------------------------------------------------------
    def secret(self, name: str) -> bytes:
        """A named 256-bit secret (pseudonym HMAC, audit HMAC…), created on first use."""
        with self._lock:
            context = b"secret:" + name.encode()
            row = self._db.execute("select kek_version, wrapped from secrets where name=?", (name,)).fetchone()
            if row is None:
                kek_version, wrapped = self.wrapper.wrap(secrets.token_bytes(32), context)
                self._db.execute("insert or ignore into secrets values (?,?,?)", (name, kek_version, wrapped))
                row = self._db.execute("select kek_version, wrapped from secrets where name=?", (name,)).fetchone()
            return self.wrapper.unwrap(row[0], row[1], context)

    def close(self) -> None:
        self._db.close()


def in_memory_keyring() -> Keyring:
    """A keyring that lives and dies with the process (unit tests)."""
    return Keyring(LocalKeyWrapper(None))


def private_file(path: Path | str) -> Path:
    """Create `path` if missing, and make it 0600 either way (explicitly, whatever the umask)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    return Path(path)


def file_keyring(directory: Path | str) -> Keyring:
    """The embedded default: KEK files and a SQLite file of wrapped keys, all 0600, in one 0700 directory (SQLite gives
    its journal and WAL files the mode of the database file)."""
    directory = Path(directory)
    wrapper = LocalKeyWrapper(directory)
    return Keyring(wrapper, private_file(directory / "keys.sqlite"))
