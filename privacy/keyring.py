"""Keys: key-encryption keys (KEK) with versions, per-child data keys wrapped by them, and named secrets.

The KEK lives behind `KeyWrapper` (wrap/unwrap only): the embedded default keeps KEK files on local disk; a KMS such as
HashiCorp Vault transit implements the same two calls (`transit/encrypt/<key>`, `transit/decrypt/<key>`) and the
keyring is otherwise unchanged. The wrapped keys live behind `KeyStore`. Both ports have an in-memory implementation
here; the file and SQLite ones are adapters (services/adapters/keyring_files.py), so this module does no I/O. Data
keys are stored only wrapped; destroying a child's data keys makes every ciphertext of that child unreadable wherever
a copy survives (topics, backups): crypto-shredding.
"""

from __future__ import annotations

import abc
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence

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


class MemoryKeyWrapper(KeyWrapper):
    """KEK versions held in memory only (unit tests; a keyring that dies with the process)."""

    def __init__(self) -> None:
        self._keys: dict[int, bytes] = {}
        self._lock = threading.Lock()
        if not self.known():
            self.rotate()

    def known(self) -> dict[int, bytes]:
        """The KEK versions this wrapper can use (a file-backed one re-reads what other processes added)."""
        return self._keys

    def current_version(self) -> int:
        return max(self.known())

    def rotate(self) -> int:
        with self._lock:
            version = max(self.known(), default=0) + 1
            self._keys[version] = self._keep(version, new_key())
            return version

    def _keep(self, version: int, key: bytes) -> bytes:
        """Store a new KEK version durably (nothing to do in memory)."""
        return key

    def wrap(self, plaintext: bytes, context: bytes) -> tuple[int, bytes]:
        version = self.current_version()
        return version, aead.seal(self._keys[version], plaintext, context)

    def unwrap(self, version: int, blob: bytes, context: bytes) -> bytes:
        if version not in self._keys:
            self.known()
        if version not in self._keys:
            raise KeyMissing(f"key-encryption key version {version} is not in this keyring")
        return aead.open_(self._keys[version], blob, context)


DataKeyRow = tuple[str, int, int, bytes]  # (child key, data key version, KEK version, wrapped key)


class KeyStore(abc.ABC):
    """Where wrapped data keys, the erased children and wrapped secrets are kept. Writes of new keys and secrets are
    "insert or ignore": when two processes race to create the same key, both end up using the winner's."""

    @abc.abstractmethod
    def current(self, child_keys: Sequence[str]) -> dict[str, tuple[int, bytes]]:
        """child key -> (current version, its wrapped key), for those of these children that have a data key."""

    @abc.abstractmethod
    def wrapped(self, child_key: str, version: int) -> tuple[int, bytes] | None:
        """(KEK version, wrapped key) of one data key version, or None."""

    @abc.abstractmethod
    def add(self, rows: Sequence[DataKeyRow]) -> None:
        """Insert these data keys in one transaction (a row whose key exists already, or of an erased child, is
        ignored)."""

    @abc.abstractmethod
    def destroy(self, child_key: str) -> int:
        """Delete every data key of the child and remember it as erased; how many keys were deleted."""

    @abc.abstractmethod
    def erased(self, child_keys: Sequence[str]) -> set[str]:
        """Those of these children whose keys were destroyed."""

    @abc.abstractmethod
    def not_under(self, kek_version: int) -> list[DataKeyRow]:
        """Data keys wrapped by another KEK version."""

    @abc.abstractmethod
    def rewrap(self, child_key: str, version: int, kek_version: int, wrapped: bytes) -> None:
        """Replace one data key's wrapping."""

    @abc.abstractmethod
    def secret(self, name: str) -> tuple[int, bytes] | None:
        """(KEK version, wrapped value) of a named secret, or None."""

    @abc.abstractmethod
    def add_secret(self, name: str, kek_version: int, wrapped: bytes) -> None:
        """Insert a named secret unless one exists."""

    @abc.abstractmethod
    def secrets_not_under(self, kek_version: int) -> list[tuple[str, int, bytes]]:
        """Named secrets wrapped by another KEK version: (name, KEK version, wrapped)."""

    @abc.abstractmethod
    def rewrap_secret(self, name: str, kek_version: int, wrapped: bytes) -> None:
        """Replace one secret's wrapping."""

    @abc.abstractmethod
    def kek_versions(self) -> set[int]:
        """KEK versions that wrap something."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release what the store holds."""


class MemoryKeyStore(KeyStore):
    """Everything in dictionaries: the unit tests' store, and the contract suite's reference."""

    def __init__(self) -> None:
        self._keys: dict[tuple[str, int], tuple[int, bytes]] = {}
        self._versions: dict[str, int] = {}
        self._erased: set[str] = set()
        self._secrets: dict[str, tuple[int, bytes]] = {}

    def current(self, child_keys: Sequence[str]) -> dict[str, tuple[int, bytes]]:
        out = {}
        for child_key in child_keys:
            version = self._versions.get(child_key)
            if version is not None:
                out[child_key] = (version, self._keys[(child_key, version)][1])
        return out

    def wrapped(self, child_key: str, version: int) -> tuple[int, bytes] | None:
        return self._keys.get((child_key, version))

    def add(self, rows: Sequence[DataKeyRow]) -> None:
        for child_key, version, kek_version, wrapped in rows:
            if (child_key, version) not in self._keys and child_key not in self._erased:
                self._keys[(child_key, version)] = (kek_version, wrapped)
                self._versions[child_key] = max(version, self._versions.get(child_key, 0))

    def destroy(self, child_key: str) -> int:
        doomed = [k for k in self._keys if k[0] == child_key]
        for k in doomed:
            del self._keys[k]
        self._versions.pop(child_key, None)
        self._erased.add(child_key)
        return len(doomed)

    def erased(self, child_keys: Sequence[str]) -> set[str]:
        return {k for k in child_keys if k in self._erased}

    def not_under(self, kek_version: int) -> list[DataKeyRow]:
        return [(c, v, k, w) for (c, v), (k, w) in self._keys.items() if k != kek_version]

    def rewrap(self, child_key: str, version: int, kek_version: int, wrapped: bytes) -> None:
        if (child_key, version) in self._keys:
            self._keys[(child_key, version)] = (kek_version, wrapped)

    def secret(self, name: str) -> tuple[int, bytes] | None:
        return self._secrets.get(name)

    def add_secret(self, name: str, kek_version: int, wrapped: bytes) -> None:
        self._secrets.setdefault(name, (kek_version, wrapped))

    def secrets_not_under(self, kek_version: int) -> list[tuple[str, int, bytes]]:
        return [(n, k, w) for n, (k, w) in self._secrets.items() if k != kek_version]

    def rewrap_secret(self, name: str, kek_version: int, wrapped: bytes) -> None:
        self._secrets[name] = (kek_version, wrapped)

    def kek_versions(self) -> set[int]:
        return {k for k, _ in self._keys.values()} | {k for k, _ in self._secrets.values()}

    def close(self) -> None:
        """Nothing to release in memory."""


class Keyring:
    """Per-child data keys and named secrets, stored wrapped in a KeyStore; unwrapped keys are cached (bounded)."""

    def __init__(self, wrapper: KeyWrapper, store: KeyStore | None = None, cache_size: int = 100_000) -> None:
        self.wrapper = wrapper
        self.store = store if store is not None else MemoryKeyStore()
        self._lock = threading.RLock()
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._cache_size = cache_size

    # data keys ------------------------------------------------------------------------------------------------
    def data_key(self, child_key: str, create: bool = True) -> tuple[str, bytes]:
        """(key id, key) of the child's current data key; created on first use unless create=False."""
        found = self.data_keys([child_key], create=create).get(child_key)
        if found is not None:
            return found
        if self.is_destroyed(child_key):
            raise ChildErased(f"the data keys of {child_key} were destroyed")
        raise KeyMissing(f"no data key for {child_key}")

    def data_keys(self, child_keys: Iterable[str], create: bool = True) -> dict[str, tuple[str, bytes]]:
        """data_key for many children at once: one read of their current versions and, for children without a key,
        one transaction that creates all of theirs (a write transaction per new child capped key creation at about a
        thousand children a second). Erased children are left out (the caller's per-child data_key raises for them);
        so are children without a key when create=False."""
        wanted = sorted(set(child_keys))
        with self._lock:
            current = self.store.current(wanted)
            missing = [k for k in wanted if k not in current]
            created: dict[str, tuple[bytes, bytes]] = {}  # child key -> (wrapped blob, plain key) of our inserts
            if missing:
                erased = self.store.erased(missing)
                missing = [k for k in missing if k not in erased]
            if missing and create:
                rows = []
                for child_key in missing:
                    key = new_key()
                    kek_version, wrapped = self.wrapper.wrap(key, child_key.encode())
                    created[child_key] = (wrapped, key)
                    rows.append((child_key, 1, kek_version, wrapped))
                self.store.add(rows)  # a key another process created first wins
                current.update(self.store.current(missing))
            out: dict[str, tuple[str, bytes]] = {}
            for child_key, (version, wrapped) in current.items():
                key_id = f"{child_key}.{version}"
                ours = created.get(child_key)
                if ours is not None and ours[0] == wrapped and key_id not in self._cache:
                    self._remember(key_id, ours[1])  # our insert won: no need to unwrap what we just wrapped
                out[child_key] = (key_id, self.key_by_id(key_id))
            return out

    def _remember(self, key_id: str, key: bytes) -> None:
        self._cache[key_id] = key
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def key_by_id(self, key_id: str) -> bytes:
        """The data key a ciphertext names; ChildErased or KeyMissing when it cannot be had."""
        with self._lock:
            cached = self._cache.get(key_id)
            if cached is not None:
                self._cache.move_to_end(key_id)
                return cached
            child_key, _, version = key_id.rpartition(".")
            row = self.store.wrapped(child_key, int(version) if version.isdigit() else -1)
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
            current = self.store.current([child_key])
            version = current[child_key][0] + 1 if child_key in current else 1
            kek_version, wrapped = self.wrapper.wrap(new_key(), child_key.encode())
            self.store.add([(child_key, version, kek_version, wrapped)])
            return f"{child_key}.{version}"

    def destroy_child(self, child_key: str) -> int:
        """Crypto-shred: delete every data key of the child; returns how many were destroyed."""
        with self._lock:
            n = self.store.destroy(child_key)
            for key_id in [k for k in self._cache if k.rpartition(".")[0] == child_key]:
                del self._cache[key_id]
            return n

    def is_destroyed(self, child_key: str) -> bool:
        """Whether the child was crypto-shredded."""
        return bool(self.store.erased([child_key]))

    # KEK rotation ---------------------------------------------------------------------------------------------
    def rotate_kek(self) -> int:
        """A new KEK version for new wraps (existing wraps stay readable until rewrapped)."""
        return self.wrapper.rotate()

    def rewrap_all(self, on_row: Callable[[int, int], None] | None = None) -> int:
        """Re-wrap every data key and secret under the current KEK; row by row, so running processes never miss.
        `on_row(done, total)` reports progress."""
        target, n = self.wrapper.current_version(), 0
        rows = self.store.not_under(target)
        for child_key, version, kek_version, wrapped in rows:
            if on_row is not None:
                on_row(n, len(rows))
            key = self.wrapper.unwrap(kek_version, wrapped, child_key.encode())
            self.store.rewrap(child_key, version, *self.wrapper.wrap(key, child_key.encode()))
            n += 1
        for name, kek_version, wrapped in self.store.secrets_not_under(target):
            value = self.wrapper.unwrap(kek_version, wrapped, b"secret:" + name.encode())
            self.store.rewrap_secret(name, *self.wrapper.wrap(value, b"secret:" + name.encode()))
            n += 1
        return n

    def kek_versions_in_use(self) -> set[int]:
        """Which KEK versions still wrap something (a version can be retired when absent here)."""
        return self.store.kek_versions()

    # named secrets --------------------------------------------------------------------------------------------
    def secret(self, name: str) -> bytes:
        """A named 256-bit secret (pseudonym HMAC, audit HMAC…), created on first use."""
        with self._lock:
            context = b"secret:" + name.encode()
            row = self.store.secret(name)
            if row is None:
                self.store.add_secret(name, *self.wrapper.wrap(secrets.token_bytes(32), context))
                row = self.store.secret(name)
                assert row is not None
            return self.wrapper.unwrap(row[0], row[1], context)

    def close(self) -> None:
        self.store.close()


def in_memory_keyring() -> Keyring:
    """A keyring that lives and dies with the process (unit tests)."""
    return Keyring(MemoryKeyWrapper(), MemoryKeyStore())
