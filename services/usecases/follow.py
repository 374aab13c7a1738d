"""Following projection changes: the one consumer loop that views and the entitlement projector share."""

from __future__ import annotations

import json
from collections.abc import Callable

from services.adapters.kafka_admin import kafka_consumer
from services.adapters.topics import Topics


def follow_changes(topics: Topics, bootstrap_servers: str, group: str, on_changed: Callable[[list[str]], int],
                   flush: Callable[[], None], stop_after_idle_s: float | None = None) -> int:
    """Call `on_changed` with the children whose records changed, batch by batch (each child once per batch: its
    newest state); offsets are committed after `flush`, so a crash re-sends and never skips. Returns the total
    that `on_changed` reported."""
    consumer = kafka_consumer(bootstrap_servers, "projector", topics.changes, group_id=group,
                              auto_offset_reset="earliest")
    total, idle = 0, 0.0
    try:
        while stop_after_idle_s is None or idle < stop_after_idle_s:
            polled = consumer.poll(timeout_ms=1000, max_records=500)
            if not polled:
                idle += 1.0
                continue
            idle = 0.0
            total += on_changed(sorted({json.loads(r.value)["child_key"] for rs in polled.values() for r in rs}))
            flush()
            consumer.commit()
        return total
    finally:
        consumer.close()
