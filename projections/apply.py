"""Pure apply: (child record, event) -> Applied with the new record, or Rejected with the reason. No I/O."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from events.contracts.common import ChildErased, FieldsCorrected
from events.envelope import Envelope
from projections.fields import FIELDS
from projections.record import ChildRecord, FieldValue
from projections.residence import HISTORY, history_entry, merge_history
from projections.risk_record import RISK_HISTORY, merge_risk, risk_entry
from projections.updates import COPIED, field_updates


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


@lru_cache(maxsize=1)
def _field_types() -> dict[str, TypeAdapter[Any]]:
    """field -> the type of the contract attribute that writes it (a correction is held to the same type)."""
    types: dict[str, TypeAdapter[Any]] = {}
    for payload_type, attributes in COPIED.items():
        for attribute, name in attributes.items():
            if name not in types and attribute in payload_type.model_fields:
                types[name] = TypeAdapter(payload_type.model_fields[attribute].annotation)
    return types


def _fits(name: str, value: Any) -> bool:
    adapter = _field_types().get(name)
    if adapter is None or value is None:
        return True
    try:
        adapter.validate_python(value)
        return True
    except (ValidationError, ValueError, TypeError):
        return False


# Fields that gather one entry per event instead of keeping the last value: (field, entry of an event, merge).
_HISTORIES: tuple[tuple[str, Callable[[Any, str, datetime], dict[str, Any] | None],
                        Callable[[Any, dict[str, Any]], list[dict[str, Any]]]], ...] = (
    (HISTORY, history_entry, merge_history), (RISK_HISTORY, risk_entry, merge_risk))


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
    if isinstance(envelope.payload, FieldsCorrected):
        wrong = sorted(f for f, v in updates.items() if not _fits(f, v))
        if wrong:
            return Rejected("invalid_value", f"corrected value(s) not of the field's contract type: {', '.join(wrong)}")
    event_id, at = envelope.event_id, envelope.occurred_at
    stamp = (at, event_id)
    current_fields = record.fields
    new: dict[str, FieldValue] = {}
    for name, value in updates.items():
        current = current_fields.get(name)
        if current is None or stamp > (current.occurred_at, current.event_id):
            new[name] = FieldValue(value, source, event_id, at)
    for name, entry_of, merge in _HISTORIES:
        entry = entry_of(envelope.payload, event_id, at)
        if entry is None:
            continue
        # Not last-writer-wins: every residence event (or recorded risk assessment) adds its entry, whatever order
        # they arrive in.
        held = current_fields.get(name)
        merged = merge(held.value if held is not None else None, entry)
        if held is None or merged != held.value:
            newest = held is None or stamp > (held.occurred_at, held.event_id)
            new[name] = (FieldValue(merged, source, event_id, at) if newest or held is None
                         else FieldValue(merged, held.source, held.event_id, held.occurred_at))
    if not new:
        return Applied(record, ())
    return Applied(record.with_fields(new), tuple(sorted(new)))
