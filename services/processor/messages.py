"""What the processor reads and writes on Kafka, independent of the client library."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import orjson

from privacy.pseudonym import is_child_key, scrub_id_numbers

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
        ("dlq.reason", scrub_id_numbers(reason)[:500].encode()),  # a reason may quote input: no ID number in clear
        ("dlq.topic", msg.topic.encode()),
        ("dlq.partition", str(msg.partition).encode()),
        ("dlq.offset", str(msg.offset).encode()),
    ) + ((("dlq.event_id", event_id.encode()),) if event_id else ())
    # The message key goes along only when it is a child key: a careless sender may have keyed by ID number.
    key = msg.key if msg.key and is_child_key(msg.key.decode("ascii", "replace")) else None
    return OutboxMessage(dlq_topic, key, msg.value or b"", headers)


def projection_changed(record: ChildRecord, changed: Iterable[str], event_ids: Sequence[str], topic: str) -> OutboxMessage:
    """A notification that a child's record changed: which fields, the new version and the events that did it (all of
    one batch's changes to the child in one message), never the values."""
    body = {"child_key": record.child_key, "version": record.version, "changed": sorted(changed),
            "event_id": event_ids[-1], "event_ids": list(event_ids), "erased": record.erased}
    # A copy of the right size: orjson's bytes keep the buffer they were written into (4 KB for a few hundred bytes),
    # and a batch's messages live until the broker has them.
    return OutboxMessage(topic, record.child_key.encode(), bytes(memoryview(orjson.dumps(body))))
