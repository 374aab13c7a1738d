"""A worker's memory of the records it last wrote, so that the next event for a child needs no store read.

Safe because the store refuses a record write whose base version is not the stored one (see BatchWrite.base_versions):
a record changed meanwhile by another worker (after a rebalance) makes the batch clash, the cache is dropped, and the
batch is redone against the store. Bounded by entries and by bytes (a record's size grows with its history of notes
and moves, so a count alone does not bound the memory): the least recently used records leave first.

Records are kept in their stored JSON form: one bytes object each, about 3 KB, invisible to the garbage collector.
As live objects (some hundreds each) they made every full collection scan millions of them, which cost more than the
store reads saved.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping

from projections.record import ChildRecord


class RecordCache:
    """child_key -> the record as this worker committed (or loaded) it."""

    # What one entry costs beyond its bytes: the key string, the bytes object's header, the ordered dict's node.
    ENTRY_OVERHEAD = 200

    def __init__(self, capacity: int, max_bytes: int | None = None) -> None:
        self.capacity = capacity
        self.max_bytes = max_bytes
        self._stored: OrderedDict[str, bytes] = OrderedDict()
        self.bytes = 0  # what the kept entries take, by the measure above
        self.hits = self.misses = 0

    def take(self, child_keys: Iterable[str]) -> tuple[dict[str, ChildRecord], set[str]]:
        """(the cached records among these keys, the keys to load from the store)."""
        found: dict[str, ChildRecord] = {}
        missing: set[str] = set()
        stored = self._stored
        for key in child_keys:
            blob = stored.get(key)
            if blob is None:
                missing.add(key)
            else:
                stored.move_to_end(key)
                found[key] = ChildRecord.loads(blob)
        self.hits += len(found)
        self.misses += len(missing)
        return found, missing

    def keep(self, records: Mapping[str, ChildRecord]) -> None:
        """Remember committed (or freshly loaded) records, forgetting the least recently used beyond capacity."""
        if self.capacity <= 0:
            return
        stored, size, overhead = self._stored, self.bytes, self.ENTRY_OVERHEAD
        for key, record in records.items():
            blob = record.dumps()
            old = stored.get(key)
            size += len(blob) + (overhead if old is None else -len(old))
            stored[key] = blob
            stored.move_to_end(key)
        limit = self.max_bytes if self.max_bytes is not None else size
        while stored and (len(stored) > self.capacity or size > limit):
            _, blob = stored.popitem(last=False)
            size -= len(blob) + overhead
        self.bytes = size

    def clear(self) -> None:
        """Forget everything: after a clash or when partitions move to another worker."""
        self._stored.clear()
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._stored)
