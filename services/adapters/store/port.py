"""The projection store port: what the processor and the API need, independent of the database."""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from projections.record import ChildRecord


@dataclass(frozen=True)
class Tracking:
    """One consumed event: where it was read and what became of it (the exactly-once ledger)."""

    event_id: str
    topic: str
    partition: int
    offset: int
    child_key: str | None
    outcome: str  # applied | stale | rejected
    digest: str | None = None  # the event's content digest (events.envelope.content_digest)


@dataclass(frozen=True)
class DeadLetterRecord:
    """Where a dead letter came from and why: counted per reason, never holding the content."""

    topic: str
    partition: int
    offset: int
    code: str


@dataclass(frozen=True)
class OutboxSummary:
    """The outbox's backlog: how many rows, the oldest row's id, and how old it is."""

    rows: int = 0
    oldest_id: int | None = None
    oldest_age_s: float | None = None


@dataclass(frozen=True)
class OutboxMessage:
    """A message to publish once the transaction that produced it has committed."""

    topic: str
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...] = ()
    id: int | None = None


@dataclass
class BatchWrite:
    """Everything one batch changes, written in one transaction."""

    records: dict[str, ChildRecord] = field(default_factory=dict)
    # child_key -> the stored version each record was derived from (None: a new child). The write is refused
    # (AlreadyApplied) when the stored version moved meanwhile, so that no other writer's change is overwritten.
    base_versions: dict[str, int | None] = field(default_factory=dict)
    tracking: list[Tracking] = field(default_factory=list)
    positions: dict[tuple[str, int], int] = field(default_factory=dict)  # (topic, partition) -> next offset
    # (topic, partition) -> the stored position the batch was planned from (None: none stored). The write is refused
    # (AlreadyApplied) when another writer moved it meanwhile: during a rebalance two workers may hold one partition,
    # and a batch of messages without event ids (dead letters) has no tracking row to clash on.
    base_positions: dict[tuple[str, int], int | None] = field(default_factory=dict)
    outbox: list[OutboxMessage] = field(default_factory=list)
    dead_letters: list[DeadLetterRecord] = field(default_factory=list)
    published: list[int] = field(default_factory=list)  # outbox ids already relayed: deleted in this transaction


class StoreUnavailable(Exception):
    """The database cannot be reached right now; the batch is retried, nothing is lost or half-written."""


class AlreadyApplied(Exception):
    """A tracking row already exists, or a record changed since it was read: another worker (or an earlier run)
    applied part of this batch. The batch is redone against fresh state."""


class ProjectionStore(abc.ABC):
    """Child records, tracking rows, consumed positions and the outbox."""

    @abc.abstractmethod
    def load(self, child_keys: Iterable[str]) -> dict[str, ChildRecord]:
        """The stored records of these children (absent ones are left out)."""

    def seen(self, event_ids: Iterable[str]) -> set[str]:
        """Which of these event ids already have a tracking row."""
        return set(self.digests(event_ids))

    @abc.abstractmethod
    def digests(self, event_ids: Iterable[str]) -> dict[str, str | None]:
        """The content digest of each of these event ids that has a tracking row (None for rows older than digests)."""

    @abc.abstractmethod
    def commit(self, batch: BatchWrite, group: str) -> list[OutboxMessage]:
        """Write records, tracking rows, positions and outbox atomically (and delete the published outbox rows);
        AlreadyApplied on a tracking clash or when a record's stored version is not its base version. Returns the
        batch's outbox messages with their ids."""

    @abc.abstractmethod
    def positions(self, group: str) -> dict[tuple[str, int], int]:
        """The next offset to read per (topic, partition) for a consumer group."""

    @abc.abstractmethod
    def pending_outbox(self, limit: int = 10_000) -> list[OutboxMessage]:
        """Messages committed but not yet published, oldest first."""

    @abc.abstractmethod
    def mark_published(self, ids: Iterable[int]) -> None:
        """Remove published messages from the outbox."""

    @abc.abstractmethod
    def outbox_summary(self) -> OutboxSummary:
        """The outbox's backlog, for the health reading."""

    @abc.abstractmethod
    def dead_letter_counts(self, since: datetime) -> dict[str, int]:
        """Dead letters per reason code since a moment."""

    @abc.abstractmethod
    def outcome_counts(self) -> dict[str, int]:
        """Tracking rows per outcome (applied, stale, rejected)."""

    @abc.abstractmethod
    def records(self) -> Iterator[ChildRecord]:
        """Every child record, ordered by child key."""

    def get(self, child_key: str) -> ChildRecord | None:
        """One record, or None."""
        return self.load([child_key]).get(child_key)

    def in_area(self, area_prefix: str, limit: int = 100) -> list[ChildRecord]:
        """Children whose residence area code starts with the prefix (area codes are plain: internal class)."""
        out = []
        for record in self.records():
            area = record.value("residence.area_code")
            if isinstance(area, str) and area.startswith(area_prefix):
                out.append(record)
                if len(out) >= limit:
                    break
        return out

    @abc.abstractmethod
    def tracking_count(self, outcome: str | None = None) -> int:
        """How many tracking rows (optionally of one outcome)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release connections."""
