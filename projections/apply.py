"""Pure apply: (child record, event) -> Applied with the new record, or Rejected with the reason. No I/O."""

from __future__ import annotations

from dataclasses import dataclass

from events.contracts.common import ChildErased
from events.envelope import Envelope
from projections.fields import FIELDS
from projections.record import ChildRecord, FieldValue
from projections.updates import field_updates


@dataclass(frozen=True, slots=True)
class Applied:
    """The event was accepted; `changed` names the fields it set (empty when every field already held newer data)."""

    record: ChildRecord
    changed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rejected:
    """The event was refused; nothing changed. `code` is stable for machines, `reason` explains it to people."""

    code: str
    reason: str


Outcome = Applied | Rejected
_OWNER = {name: spec.owner.value for name, spec in FIELDS.items()}  # field -> owning department (一数一源)


def apply(record: ChildRecord | None, envelope: Envelope) -> Outcome:
    """Merge one event into a child's record under 一数一源 ownership and last-writer-by-occurred-at."""
    record = record or ChildRecord(envelope.child_key)
    if record.child_key != envelope.child_key:
        return Rejected("wrong_child", f"event for {envelope.child_key} applied to record {record.child_key}")
    if record.erased:
        return Rejected("erased", "the child's record was erased; new data for it is refused")
    if isinstance(envelope.payload, ChildErased):
        if envelope.source.value != "platform":
            return Rejected("not_owner", f"一数一源: only the platform erases a child, not {envelope.source.value}")
        return Applied(record.erase(), tuple(sorted(record.fields)) or ("erased",))
    updates = field_updates(envelope.payload)
    unknown = [f for f in updates if f not in FIELDS]
    if unknown:
        return Rejected("unknown_field", f"unknown projection field(s): {', '.join(sorted(unknown))}")
    source = envelope.source.value
    foreign = sorted(f for f in updates if _OWNER[f] != source)
    if foreign:
        owners = ", ".join(f"{f} (owner: {_OWNER[f]})" for f in foreign)
        return Rejected("not_owner", f"一数一源: {source} is not the source of {owners}")
    event_id, at = envelope.event_id, envelope.occurred_at
    stamp = (at, event_id)
    current_fields = record.fields
    new: dict[str, FieldValue] = {}
    for name, value in updates.items():
        current = current_fields.get(name)
        if current is None or stamp > (current.occurred_at, current.event_id):
            new[name] = FieldValue(value, source, event_id, at)
    if not new:
        return Applied(record, ())
    return Applied(record.with_fields(new), tuple(sorted(new)))
