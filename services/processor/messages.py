"""What the processor reads and writes on Kafka, independent of the client library."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import orjson

from privacy.pseudonym import is_child_key, scrub_id_numbers
from projections.record import ChildRecord
from services.adapters.store.port import OutboxMessage


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


def projection_changed(record: ChildRecord, changed: Iterable[str], event_ids: Sequence[str], topic: str,
                       origin: tuple[str, int] | None = None) -> OutboxMessage:
    """A notification that a child's record changed: which fields, the new version and the events that did it (all of
    one batch's changes to the child in one message), never the values. `origin` is the ingest partition of the last
    of those events: the worker that owns it relays the row (see origin_of)."""
    body = {"child_key": record.child_key, "version": record.version, "changed": sorted(changed),
            "event_id": event_ids[-1], "event_ids": list(event_ids), "erased": record.erased}
    headers = (("origin.topic", origin[0].encode()), ("origin.partition", str(origin[1]).encode())) if origin else ()
    # A copy of the right size: orjson's bytes keep the buffer they were written into (4 KB for a few hundred bytes),
    # and a batch's messages live until the broker has them.
    return OutboxMessage(topic, record.child_key.encode(), bytes(memoryview(orjson.dumps(body))), headers)


def origin_of(message: OutboxMessage) -> tuple[str, int] | None:
    """The ingest partition an outbox row came from (a dead letter's origin, or a notification's last event), if known:
    only the worker the group assigned that partition relays the row, so no two workers in normal running send one."""
    headers = dict(message.headers)
    for prefix in ("origin", "dlq"):
        topic, partition = headers.get(f"{prefix}.topic"), headers.get(f"{prefix}.partition")
        if topic is not None and partition is not None and partition.isdigit():
            return topic.decode("utf-8", "replace"), int(partition)
    return None
