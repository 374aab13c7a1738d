"""Publishes what committed batches left in the outbox, then has it removed (at-least-once, deduplicable by id)."""

from __future__ import annotations

import logging
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from services.adapters.store.port import OutboxMessage, ProjectionStore
from services.processor.messages import origin_of

if TYPE_CHECKING:
    from services.adapters.messaging import Producer

log = logging.getLogger(__name__)


# A row another worker has just committed is relayed by that worker and deleted by its next batch, or within seconds
# when it is idle. A row still there after this long is left over (its worker crashed or lost the partition): the
# worker that owns the row's ingest partition now relays it.
SWEEP_AFTER_S = 10.0


class OutboxRelay:
    """Moves outbox rows to Kafka with an idempotent producer.

    In steady state it publishes the messages a batch has just committed straight from memory, and the next batch's
    transaction deletes their rows (`published`): reading the rows back and deleting them in a transaction of their own
    cost a worker two store round trips per batch. Messages it failed to publish (an outage) it keeps, and sends
    before anything newer. Rows of other workers it leaves to them: a row names the ingest partition it came from, and
    only rows of the partitions the group assigned to this worker that outlived a whole sweep interval (their worker
    crashed, or lost the partition to a rebalance and did not delete them) are relayed, by their partition's owner.
    A slow worker's rows are never taken: under load a batch may take longer than a sweep interval. So duplicates come
    only after a crash (or a rebalance in the middle of an outage), never in normal running."""

    def __init__(self, store: ProjectionStore, producer: Producer, sweep_after_s: float = SWEEP_AFTER_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store, self.producer = store, producer
        self.published: list[int] = []  # relayed ids whose rows still exist: the next batch deletes them
        self._unsent: dict[int, OutboxMessage] = {}  # this relay's committed messages not yet published, by id
        self._suspects: set[int] = set()  # other rows seen at the last sweep: relayed at the next if still there
        self._swept_at: float | None = None
        self._sweep_after_s, self._clock = sweep_after_s, clock
        self._lock = threading.RLock()  # the faust engine's idle timer runs in another thread
        self._partitions: dict[str, int] = {}  # topic -> partition count
        # The ingest partitions the group assigned to this worker; None: not told (one worker, or the CLI): every row.
        self._owned: frozenset[tuple[str, int]] | None = None

    def assigned(self, partitions: Iterable[tuple[str, int]]) -> None:
        """The group (re)assigned this worker's ingest partitions (the engines call this from their rebalance hooks)."""
        with self._lock:
            self._owned = frozenset(partitions)
            self._suspects = set()  # a suspect must have been seen pending twice under the new assignment

    def revoked(self) -> None:
        """Partitions are about to move: delete the rows this worker relayed now, so that their new owner finds none
        to re-send (a store outage only postpones it; the new owner then re-sends, as after a crash)."""
        with self._lock:
            try:
                self.settle()
            except Exception as exc:  # noqa: BLE001 - the rebalance must go on
                log.warning("outbox cleanup before a rebalance deferred: %s", type(exc).__name__)

    def _ours_to_sweep(self, message: OutboxMessage) -> bool:
        owned = self._owned
        if owned is None:
            return True
        origin = origin_of(message)
        return origin is None or origin in owned  # a row from before origins were kept: as before, anyone
    def _partition(self, message: OutboxMessage) -> int | None:
        """A keyed message's partition: CRC-32 of the key (C speed) over the topic's partitions, so that one child's
        notifications stay in order on one partition. kafka-python's default murmur2 is pure Python and was a third of
        the relay's time; only the processor writes these topics, so no other client needs to agree with it."""
        if message.key is None:
            return None
        count = self._partitions.get(message.topic)
        if count is None:
            known = self.producer.partitions_for(message.topic)
            if not known:
                return None  # metadata not there yet: the client's partitioner decides
            count = self._partitions[message.topic] = len(known)
        return zlib.crc32(message.key) % count

    def relay(self, committed: Sequence[OutboxMessage]) -> int:
        """Publish a batch's committed messages (after any earlier ones this relay still owes); an outage only
        postpones them. Then sweep for left-over rows when one is due."""
        with self._lock:
            self._unsent.update((m.id, m) for m in committed if m.id is not None)
            sent = self._send_unsent()
            self.sweep_if_due()
            return sent

    def _send_unsent(self) -> int:
        if not self._unsent:
            return 0
        owed = [self._unsent[i] for i in sorted(self._unsent)]
        try:
            failed = self._send(owed)
        except Exception as exc:  # noqa: BLE001 - any outage; the rows stay in the outbox and in memory
            log.warning("outbox relay deferred: %s", type(exc).__name__)
            return 0
        # Only what the broker did not acknowledge is owed still: re-sending the rest would make copies.
        retry = {m.id for m in failed}
        sent = [m for m in owed if m.id not in retry]
        self.published.extend(m.id for m in sent if m.id is not None)
        self._unsent = {i: m for i, m in self._unsent.items() if i in retry}
        if failed:
            log.warning("outbox relay deferred for %d message(s) the broker did not acknowledge", len(failed))
        return len(sent)

    def deleted(self, ids: Sequence[int]) -> None:
        """A committed batch deleted these rows."""
        with self._lock:
            gone = set(ids)
            self.published = [i for i in self.published if i not in gone]

    def settle(self) -> None:
        """Delete the rows of relayed messages now (when idle: no batch is coming to do it)."""
        with self._lock:
            if self.published:
                self.store.mark_published(self.published)
                self.published = []

    def settle_or_defer(self) -> None:
        """When idle: send what this relay still owes, delete relayed rows, and sweep when one is due; an unreachable
        store or broker only postpones it."""
        with self._lock:
            self._send_unsent()
            try:
                self.settle()
            except Exception as exc:  # noqa: BLE001 - the rows are deleted by a later batch or settle
                log.warning("outbox cleanup deferred: %s", type(exc).__name__)
            self.sweep_if_due()

    def sweep_if_due(self) -> int:
        """Relay the rows that were already pending at the previous sweep (a whole interval ago) and are neither this
        relay's own nor gone: their worker crashed between commit and publish. Returns how many."""
        with self._lock:
            return self._sweep()

    def _sweep(self) -> int:
        now = self._clock()
        if self._swept_at is not None and now - self._swept_at < self._sweep_after_s:
            return 0
        mine = set(self.published) | set(self._unsent)
        try:
            pending = [m for m in self.store.pending_outbox() if m.id not in mine and self._ours_to_sweep(m)]
            left_over = [m for m in pending if m.id in self._suspects]
            relayed: set[int | None] = set()
            if left_over:
                log.info("relaying %d left-over outbox row(s)", len(left_over))
                retry = {m.id for m in self._send(left_over)}
                relayed = {m.id for m in left_over if m.id not in retry}
                self.store.mark_published(i for i in relayed if i is not None)
        except Exception as exc:  # noqa: BLE001 - an outage: the next sweep tries again
            log.warning("outbox sweep deferred: %s", type(exc).__name__)
            return 0
        # Whatever is still pending is suspect at the next sweep (a left-over row the broker did not take included).
        self._suspects = {m.id for m in pending if m.id is not None and m.id not in relayed}
        self._swept_at = now
        return len(relayed)

    def flush(self) -> int:
        """Publish every pending message, whoever wrote it, and delete its row; returns how many. For when no worker
        runs (the CLI, tests): in a running group it would re-send rows another worker has just sent."""
        with self._lock:
            self._send_unsent()
            self.settle()
            total = 0
            while True:
                pending = self.store.pending_outbox()
                if not pending:
                    self._unsent.clear()
                    return total
                retry = {m.id for m in self._send(pending)}
                self.store.mark_published(m.id for m in pending if m.id is not None and m.id not in retry)
                if retry:
                    raise ConnectionError(f"the broker did not acknowledge {len(retry)} message(s); they stay")
                total += len(pending)

    def _send(self, messages: Sequence[OutboxMessage]) -> list[OutboxMessage]:
        """Send and wait for the acknowledgements; returns the messages to try again (a retriable failure). A message
        acknowledged is never in it, so a partial failure re-sends only what did not arrive."""
        futures = [self.producer.send(m.topic, key=m.key, value=m.value, headers=list(m.headers),
                                      partition=self._partition(m)) for m in messages]
        self.producer.flush()
        failed: list[OutboxMessage] = []
        for message, f in zip(messages, futures, strict=True):
            try:
                f.get(timeout=30)  # raise if the broker refused, so the rows stay for the next try
            except Exception as exc:  # noqa: BLE001 - sorted below: retry later, or never
                if getattr(exc, "retriable", True):
                    failed.append(message)
                    continue
                # The broker will never take it (too large, invalid): retrying forever would hold back every row
                # behind it. Its stand-in says what happened; the row is deleted with the others.
                log.error("outbox message to %s refused for good (%s); sending a stand-in", message.topic,
                          type(exc).__name__)
                headers = list(message.headers) + [("relay.refused", type(exc).__name__.encode()),
                                                   ("relay.size", str(len(message.value or b"")).encode())]
                self.producer.send(message.topic, key=message.key, value=b"", partition=self._partition(message),
                                   headers=headers).get(timeout=30)
        return failed
