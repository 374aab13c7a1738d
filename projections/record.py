"""一人一档: one record per child, each field an opaque value with its provenance."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

import orjson


class FieldValue(NamedTuple):
    """A field's value (plain JSON or a sealed ciphertext) and where it came from. A named tuple: the processor makes
    one per field an event sets, and a frozen dataclass's __init__ cost several times as much."""

    value: Any
    source: str
    event_id: str
    occurred_at: datetime

    @property
    def stamp(self) -> tuple[datetime, str]:
        """The order of writes to one field: occurred-at, then event id, so arrival order never matters."""
        return (self.occurred_at, self.event_id)

    def to_json(self) -> dict[str, Any]:
        """Serialisable form."""
        return {"value": self.value, "source": self.source, "event_id": self.event_id,
                "occurred_at": self.occurred_at.isoformat()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FieldValue:
        """Inverse of to_json."""
        return cls(data["value"], data["source"], data["event_id"], datetime.fromisoformat(data["occurred_at"]))


class Fields(Mapping[str, FieldValue]):
    """A record's fields, decoded on first use. A batch reads and writes a few fields of each child; decoding and
    re-encoding all the others was the processor's largest cost. Stored fields stay in their stored form until read and
    are written back as they came; fields set since the load override them. Immutable: merged() returns a new one.

    The stored form lists each event once and fields point into that list: fields {name: [value, index]} and events
    [[event_id, source, occurred_at], ...]. Repeating the provenance in every field made a record five kilobytes, two
    database pages; naming the event by its id in every field still made it 3.7 kB."""

    __slots__ = ("_stored", "_events", "_set", "_decoded")

    def __init__(self, stored: Mapping[str, list[Any]] | None = None, events: list[list[Any]] | None = None,
                 set_: Mapping[str, FieldValue] | None = None, _decoded: dict[str, FieldValue] | None = None) -> None:
        self._stored = stored or {}  # name -> [value, index into events], as loaded
        self._events = events or []  # [event_id, source, occurred_at ISO], as loaded
        self._set = set_ or {}  # name -> FieldValue set since the load (wins over the stored one)
        self._decoded = {} if _decoded is None else _decoded  # memo of decoded stored fields, shared by versions

    def __getitem__(self, name: str) -> FieldValue:
        fv = self._set.get(name)
        if fv is not None:
            return fv
        fv = self._decoded.get(name)
        if fv is None:
            value, index = self._stored[name]
            event_id, source, at = self._events[index]
            fv = self._decoded[name] = FieldValue(value, source, event_id, datetime.fromisoformat(at))
        return fv

    def get(self, name: str, default: Any = None) -> Any:  # the Mapping mixin's try/except is slower on misses
        return self[name] if name in self._set or name in self._stored else default

    def __contains__(self, name: object) -> bool:
        return name in self._set or name in self._stored

    def __iter__(self) -> Iterator[str]:
        yield from self._stored
        yield from (k for k in self._set if k not in self._stored)

    def __len__(self) -> int:
        return len(self._stored) + sum(1 for k in self._set if k not in self._stored)

    def __repr__(self) -> str:
        return f"Fields({sorted(self)})"

    def merged(self, updates: Mapping[str, FieldValue]) -> Fields:
        """These fields with the updates over them."""
        return Fields(self._stored, self._events, {**self._set, **updates}, self._decoded)

    def to_json(self) -> dict[str, Any]:
        """Readable form, keys sorted: every field with its provenance."""
        return {k: self[k].to_json() for k in sorted(self)}

    def to_stored(self) -> tuple[dict[str, list[Any]], list[list[Any]]]:
        """(fields, events) of the stored form, keys sorted, events in order of first reference; untouched stored
        values and events pass through as they are, and events no field refers to any more are dropped."""
        fields: dict[str, list[Any]] = {}
        events: list[list[Any]] = []
        index: dict[str, int] = {}  # event id -> its place in `events`
        stored, old_events, set_ = self._stored, self._events, self._set
        for name in sorted(self):
            fv = set_.get(name)
            if fv is None:
                value, old = stored[name]
                event = old_events[old]
                at = index.get(event[0])
                if at is None:
                    at = index[event[0]] = len(events)
                    events.append(event)
            else:
                value, at = fv.value, index.get(fv.event_id)
                if at is None:  # one event has one source and one time, whichever field says it
                    at = index[fv.event_id] = len(events)
                    events.append([fv.event_id, fv.source, fv.occurred_at.isoformat()])
            fields[name] = [value, at]
        return fields, events

    @classmethod
    def from_stored(cls, fields: Mapping[str, list[Any]], events: list[list[Any]] | Mapping[str, list[Any]]) -> Fields:
        """The stored form; rows written before events were listed ({event_id: [source, at]}, fields naming the
        event id) are converted."""
        if isinstance(events, Mapping):
            order = {event_id: i for i, event_id in enumerate(events)}
            return cls({name: [value, order[event_id]] for name, (value, event_id) in fields.items()},
                       [[event_id, *event] for event_id, event in events.items()])
        return cls(fields, events)


def _as_fields(fields: Mapping[str, FieldValue]) -> Fields:
    return fields if isinstance(fields, Fields) else Fields(set_=dict(fields))


ERASED_VERSION = 2**31 - 1  # erasure is final, and newer than any change, whatever order a replay reads topics in


@dataclass(frozen=True, slots=True)
class ChildRecord:
    """The projection of one child: every field from its owning department, and a version per change."""

    child_key: str
    version: int = 0
    fields: Mapping[str, FieldValue] = field(default_factory=Fields)
    erased: bool = False
    _dumped: bytes | None = field(default=None, init=False, compare=False, repr=False)  # memo of dumps()

    def value(self, name: str, default: Any = None) -> Any:
        """The bare value of a field, or default."""
        fv = self.fields.get(name)
        return default if fv is None else fv.value

    def with_fields(self, updates: Mapping[str, FieldValue]) -> ChildRecord:
        """A new record with the updates merged in and the version advanced."""
        return ChildRecord(self.child_key, self.version + 1, _as_fields(self.fields).merged(updates), self.erased)

    def with_values(self, updates: Mapping[str, FieldValue]) -> ChildRecord:
        """The same version with some field values replaced (protection seals what apply set)."""
        return ChildRecord(self.child_key, self.version, _as_fields(self.fields).merged(updates), self.erased)

    def erase(self) -> ChildRecord:
        """The tombstone left after erasure: no fields, only the pseudonymous key."""
        return ChildRecord(self.child_key, ERASED_VERSION, Fields(), erased=True)

    def to_json(self) -> dict[str, Any]:
        """Serialisable form (field order sorted so that equal records serialise equally)."""
        return {
            "child_key": self.child_key,
            "version": self.version,
            "erased": self.erased,
            "fields": _as_fields(self.fields).to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChildRecord:
        """Inverse of to_json."""
        fields = {k: FieldValue.from_json(v) for k, v in (data.get("fields") or {}).items()}
        return cls(data["child_key"], data["version"], Fields(set_=fields), data.get("erased", False))

    def to_stored(self) -> dict[str, Any]:
        """The compact form the store keeps (see Fields)."""
        fields, events = _as_fields(self.fields).to_stored()
        return {"child_key": self.child_key, "version": self.version, "erased": self.erased, "events": events,
                "fields": fields}

    def dumps(self) -> bytes:
        """The stored form as JSON, made once (the store writes it and the processor's cache keeps it)."""
        if self._dumped is None:
            # orjson: a tenth of json's time. Its bytes keep the whole buffer they were written into (about 32 KB for
            # a 3 KB record, measured with tracemalloc; sys.getsizeof does not show it): a worker's cache of records
            # and each batch's records held ten times their size. A copy of the right size costs well under 1 µs.
            object.__setattr__(self, "_dumped", bytes(memoryview(orjson.dumps(self.to_stored()))))
        return self._dumped  # type: ignore[return-value]

    @classmethod
    def loads(cls, data: bytes | str) -> ChildRecord:
        """Inverse of dumps."""
        return cls.from_stored(orjson.loads(data))

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> ChildRecord:
        """Inverse of to_stored; also reads rows written in the readable form or the earlier compact one."""
        if "events" not in data:
            return cls.from_json(data)
        return cls(data["child_key"], data["version"], Fields.from_stored(data["fields"], data["events"]),
                   data["erased"])
