"""One batch's cycle, the same for both engines: commit it to the store, then relay what it wrote."""

from __future__ import annotations

import logging

from services.processor import crash_point
from services.processor.handler import BatchHandler, BatchResult
from services.processor.messages import RawMessage
from services.processor.outbox import OutboxRelay

log = logging.getLogger(__name__)


def handle_and_relay(handler: BatchHandler, relay: OutboxRelay, batch: list[RawMessage]) -> BatchResult:
    """One batch: commit it (deleting the rows of messages relayed before), then publish what it wrote."""
    published = list(relay.published)
    crash_point.before_batch()
    result = handler.handle(batch, published)
    relay.deleted(published)
    crash_point.reached()
    relay.relay(result.outbox)
    if result.rejected:
        log.info("batch: %s", result)
    return result
