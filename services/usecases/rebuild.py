"""Rebuild: replay every department topic from the beginning into a fresh store, through the same handler."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from privacy.cipher import FieldCipher, is_sealed
from projections.risk_record import RISK_HISTORY, opened_history
from services.adapters.kafka_admin import kafka_consumer
from services.adapters.messaging import Consumer, TopicPartition
from services.adapters.store.port import ProjectionStore
from services.adapters.topics import Topics
from services.processor.handler import BatchHandler
from services.processor.messages import RawMessage


def replay(bootstrap_servers: str, topics: Topics, store: ProjectionStore, batch_size: int = 5000,
           handler: BatchHandler | None = None, consumer: Consumer | None = None,
           on_batch: Callable[[int, int], None] | None = None) -> int:
    """Read each ingest partition up to its end offset at start time; returns the number of messages replayed.

    Nothing is emitted: a rebuild must not re-announce changes or re-dead-letter into the live topics. The consumer
    (closed at the end) is the processor's unless one is given. `on_batch(messages, total)` reports progress.
    """
    consumer = consumer or kafka_consumer(bootstrap_servers, "processor", max_poll_records=batch_size,
                                          fetch_max_bytes=64 * 1024 * 1024)
    handler = handler or BatchHandler(store, topics, group="rebuild", emit=False)
    try:
        partitions = [TopicPartition(t, p) for t in topics.departments
                      for p in sorted(consumer.partitions_for_topic(t) or ())]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = {tp: o for tp, o in consumer.end_offsets(partitions).items() if o > 0}
        total = 0
        while any(consumer.position(tp) < o for tp, o in end.items()):
            polled = consumer.poll(timeout_ms=1000, max_records=batch_size)
            batch = [RawMessage(r.topic, r.partition, r.offset, r.key, r.value)
                     for tp, records in polled.items() for r in records if r.offset < end.get(tp, 0)]
            if batch:
                handler.handle(batch)
                total += len(batch)
                if on_batch is not None:
                    on_batch(len(batch), sum(end.values()))
        return total
    finally:
        consumer.close()


def opened_snapshot(store: ProjectionStore, cipher: FieldCipher) -> list[dict[str, Any]]:
    """Every record with sealed values opened: equal projections compare equal although nonces differ."""
    out = []
    for record in store.records():
        data = record.to_json()
        key = record.child_key

        def open_one(field: str, value: Any, key: str = key) -> Any:
            return cipher.open(key, field, value) if is_sealed(value) else value

        for name, fv in data["fields"].items():
            if is_sealed(fv["value"]):
                fv["value"] = cipher.open(key, name, fv["value"])
            if name == RISK_HISTORY:  # values sealed one by one inside the entries
                fv["value"] = opened_history(fv["value"], open_one)
        out.append(data)
    return out
