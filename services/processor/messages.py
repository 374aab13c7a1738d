"""What the processor reads and writes on Kafka, independent of the client library."""

from __future__ import annotations

import json
from dataclasses import dataclass

from projections.record import ChildRecord
from services.store.port import OutboxMessage


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One consumed record, exactly as it arrived."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


def dead_letter(msg: RawMessage, dlq_topic: str, code: str, reason: str, event_id: str | None = None) -> OutboxMessage:
    """The original bytes, untouched, with the reason and origin in headers (nothing is silently dropped)."""
    headers = (
        ("dlq.code", code.encode()),
        ("dlq.reason", reason.encode()),
        ("dlq.topic", msg.topic.encode()),
        ("dlq.partition", str(msg.partition).encode()),
        ("dlq.offset", str(msg.offset).encode()),
    ) + ((("dlq.event_id", event_id.encode()),) if event_id else ())
    return OutboxMessage(dlq_topic, msg.key, msg.value or b"", headers)


def projection_changed(record: ChildRecord, changed: tuple[str, ...], event_id: str, topic: str) -> OutboxMessage:
    """A notification that a child's record changed: which fields and the new version, never the values."""
    body = {"child_key": record.child_key, "version": record.version, "changed": list(changed),
            "event_id": event_id, "erased": record.erased}
    return OutboxMessage(topic, record.child_key.encode(), json.dumps(body, separators=(",", ":")).encode())
