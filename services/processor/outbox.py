"""Publishes what committed batches left in the outbox, then has it removed (at-least-once, deduplicable by id)."""

from __future__ import annotations

import logging
import threading
import zlib
from collections.abc import Sequence
from typing import Any

from services.store.port import OutboxMessage, ProjectionStore

log = logging.getLogger(__name__)


class OutboxRelay:
    """Moves outbox rows to Kafka with an idempotent producer.

    In steady state it publishes the messages a batch has just committed straight from memory, and the next batch's
    transaction deletes their rows (`published`): reading the rows back and deleting them in a transaction of their own
    cost a worker two store round trips per batch. After a start or a failed publish it reads the table back instead,
    until nothing is left behind."""

    def __init__(self, store: ProjectionStore, producer: Any) -> None:
        self.store, self.producer = store, producer
        self.published: list[int] = []  # relayed ids whose rows still exist: the next batch deletes them
        self._behind = True  # rows may be waiting in the table (a crash before publishing, an outage)
        self._lock = threading.RLock()  # the faust engine's idle timer runs in another thread
        self._partitions: dict[str, int] = {}  # topic -> partition count

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
        """Publish a batch's committed messages (or, when behind, everything pending); an outage only postpones it."""
        with self._lock:
            if self._behind:
                return self.flush_or_defer()
            try:
                self._send(committed)
            except Exception as exc:  # noqa: BLE001 - any outage; the rows stay in the outbox
                log.warning("outbox relay deferred: %s", type(exc).__name__)
                self._behind = True
                return 0
            self.published.extend(m.id for m in committed if m.id is not None)
            return len(committed)

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
        """settle(), but an unreachable store only postpones it."""
        try:
            self.settle()
        except Exception as exc:  # noqa: BLE001 - the rows are deleted by a later batch or settle
            log.warning("outbox cleanup deferred: %s", type(exc).__name__)

    def flush(self) -> int:
        """Publish every pending message and delete its row; returns how many."""
        with self._lock:
            self.settle()
            total = 0
            while True:
                pending = self.store.pending_outbox()
                if not pending:
                    self._behind = False
                    return total
                self._send(pending)
                self.store.mark_published(m.id for m in pending if m.id is not None)
                total += len(pending)

    def flush_or_defer(self) -> int:
        """flush(), but a broker or store outage only postpones publishing: the rows stay for the next call."""
        try:
            return self.flush()
        except Exception as exc:  # noqa: BLE001 - any outage; the outbox keeps the messages
            log.warning("outbox relay deferred: %s", type(exc).__name__)
            self._behind = True
            return 0

    def _send(self, messages: Sequence[OutboxMessage]) -> None:
        futures = [self.producer.send(m.topic, key=m.key, value=m.value, headers=list(m.headers),
                                      partition=self._partition(m)) for m in messages]
        self.producer.flush()
        for message, f in zip(messages, futures):
            try:
                f.get(timeout=30)  # raise if the broker refused, so the rows stay for the next try
            except Exception as exc:  # noqa: BLE001 - sorted below: retry later, or never
                if getattr(exc, "retriable", True):
                    raise
                # The broker will never take it (too large, invalid): retrying forever would hold back every row
                # behind it. Its stand-in says what happened; the row is deleted with the others.
                log.error("outbox message to %s refused for good (%s); sending a stand-in", message.topic,
                          type(exc).__name__)
                self.producer.send(message.topic, key=message.key, value=b"", partition=self._partition(message),
                                   headers=list(message.headers) + [("relay.refused", type(exc).__name__.encode()),
                                                                    ("relay.size", str(len(message.value or b"")).encode())]
                                   ).get(timeout=30)
