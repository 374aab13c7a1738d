"""Publishes what committed batches left in the outbox, then removes it (at-least-once, deduplicable by id)."""

from __future__ import annotations

import logging
from typing import Any

from services.store.port import ProjectionStore

log = logging.getLogger(__name__)


class OutboxRelay:
    """Moves outbox rows to Kafka with an idempotent producer."""

    def __init__(self, store: ProjectionStore, producer: Any) -> None:
        self.store, self.producer = store, producer

    def flush(self) -> int:
        """Publish every pending message; returns how many."""
        total = 0
        while True:
            pending = self.store.pending_outbox()
            if not pending:
                return total
            futures = [self.producer.send(m.topic, key=m.key, value=m.value, headers=list(m.headers)) for m in pending]
            self.producer.flush()
            for f in futures:
                f.get(timeout=30)  # raise if the broker refused, so the rows stay for the next try
            self.store.mark_published(m.id for m in pending if m.id is not None)
            total += len(pending)

    def flush_or_defer(self) -> int:
        """flush(), but a broker or store outage only postpones publishing: the rows stay for the next call."""
        try:
            return self.flush()
        except Exception as exc:  # noqa: BLE001 - any outage; the outbox keeps the messages
            log.warning("outbox relay deferred: %s", type(exc).__name__)
            return 0
