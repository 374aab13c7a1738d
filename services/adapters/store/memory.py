"""In-memory projection store for unit tests; same contract as the SQL store."""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from projections.record import ChildRecord
from services.adapters.store.port import (
    AlreadyApplied,
    BatchWrite,
    DeadLetterRecord,
    OutboxMessage,
    OutboxSummary,
    ProjectionStore,
    Tracking,
)


class InMemoryProjectionStore(ProjectionStore):
    """Dicts behind a lock."""

    def __init__(self) -> None:
        self._records: dict[str, ChildRecord] = {}
        self._tracking: dict[str, Tracking] = {}
        self._positions: dict[tuple[str, str, int], int] = {}
        self._outbox: dict[int, OutboxMessage] = {}
        self._outbox_at: dict[int, datetime] = {}
        self._dead_letters: list[tuple[datetime, DeadLetterRecord]] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def load(self, child_keys: Iterable[str]) -> dict[str, ChildRecord]:
        with self._lock:
            return {k: self._records[k] for k in child_keys if k in self._records}

    def digests(self, event_ids: Iterable[str]) -> dict[str, str | None]:
        with self._lock:
            return {e: self._tracking[e].digest for e in event_ids if e in self._tracking}

    def commit(self, batch: BatchWrite, group: str) -> list[OutboxMessage]:
        with self._lock:
            ids = [t.event_id for t in batch.tracking]
            if len(set(ids)) != len(ids) or any(e in self._tracking for e in ids):
                raise AlreadyApplied("tracking row exists")
            for (topic, partition), base in batch.base_positions.items():
                if self._positions.get((group, topic, partition)) != base:
                    raise AlreadyApplied(f"position of {topic}/{partition} moved since it was read")
            for key in batch.records:
                stored = self._records.get(key)
                if (stored.version if stored else None) != batch.base_versions.get(key):
                    raise AlreadyApplied(f"record {key} changed since it was read")
            self._records.update(batch.records)
            self._tracking.update((t.event_id, t) for t in batch.tracking)
            for (topic, partition), offset in batch.positions.items():
                position = (group, topic, partition)
                self._positions[position] = max(offset, self._positions.get(position, 0))
            for i in batch.published:
                self._outbox.pop(i, None)
                self._outbox_at.pop(i, None)
            now = datetime.now(UTC)
            new_ids = [next(self._ids) for _ in batch.outbox]
            written = [OutboxMessage(m.topic, m.key, m.value, m.headers, i)
                       for m, i in zip(batch.outbox, new_ids, strict=True)]
            self._outbox.update(zip(new_ids, written, strict=True))
            self._outbox_at.update((i, now) for i in new_ids)
            self._dead_letters.extend((now, d) for d in batch.dead_letters)
            return written

    def positions(self, group: str) -> dict[tuple[str, int], int]:
        with self._lock:
            return {(t, p): o for (g, t, p), o in self._positions.items() if g == group}

    def pending_outbox(self, limit: int = 10_000) -> list[OutboxMessage]:
        with self._lock:
            return [self._outbox[i] for i in sorted(self._outbox)[:limit]]

    def mark_published(self, ids: Iterable[int]) -> None:
        with self._lock:
            for i in ids:
                self._outbox.pop(i, None)
                self._outbox_at.pop(i, None)

    def outbox_summary(self) -> OutboxSummary:
        with self._lock:
            if not self._outbox:
                return OutboxSummary()
            oldest = min(self._outbox)
            age = (datetime.now(UTC) - self._outbox_at[oldest]).total_seconds()
            return OutboxSummary(len(self._outbox), oldest, age)

    def dead_letter_counts(self, since: datetime) -> dict[str, int]:
        with self._lock:
            return dict(Counter(d.code for at, d in self._dead_letters if at >= since))

    def outcome_counts(self) -> dict[str, int]:
        with self._lock:
            return dict(Counter(t.outcome for t in self._tracking.values()))

    def records(self) -> Iterator[ChildRecord]:
        with self._lock:
            items = sorted(self._records.items())
        return iter(r for _, r in items)

    def tracking_count(self, outcome: str | None = None) -> int:
        with self._lock:
            return sum(1 for t in self._tracking.values() if outcome is None or t.outcome == outcome)

    def close(self) -> None:
        """Nothing to release: the store is dicts in this process."""
