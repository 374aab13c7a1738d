"""一人一档: one record per child, each field an opaque value with its provenance."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class FieldValue:
    """A field's value (plain JSON or a sealed ciphertext) and where it came from."""

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
    re-encoding all the others was the processor's largest cost. Stored fields stay in their wire form until read, and
    serialise as they came; fields set since the load override them. Immutable: with_fields returns a new one."""

    __slots__ = ("_stored", "_set", "_decoded")

    def __init__(self, stored: Mapping[str, Mapping[str, Any]] | None = None,
                 set_: Mapping[str, FieldValue] | None = None, _decoded: dict[str, FieldValue] | None = None) -> None:
        self._stored = stored or {}  # name -> wire form, as loaded
        self._set = set_ or {}  # name -> FieldValue set since the load (wins over the stored one)
        self._decoded = {} if _decoded is None else _decoded  # memo of decoded stored fields, shared by versions

    def __getitem__(self, name: str) -> FieldValue:
        fv = self._set.get(name)
        if fv is not None:
            return fv
        fv = self._decoded.get(name)
        if fv is None:
            fv = self._decoded[name] = FieldValue.from_json(self._stored[name])
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
        return Fields(self._stored, {**self._set, **updates}, self._decoded)

    def to_json(self) -> dict[str, Any]:
        """Wire form, keys sorted; stored fields that were not replaced are passed through untouched."""
        return {k: (self._set[k].to_json() if k in self._set else self._stored[k]) for k in sorted(self)}


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

    def value(self, name: str, default: Any = None) -> Any:
        """The bare value of a field, or default."""
        fv = self.fields.get(name)
        return default if fv is None else fv.value

    def with_fields(self, updates: Mapping[str, FieldValue]) -> ChildRecord:
        """A new record with the updates merged in and the version advanced."""
        return replace(self, version=self.version + 1, fields=_as_fields(self.fields).merged(updates))

    def with_values(self, updates: Mapping[str, FieldValue]) -> ChildRecord:
        """The same version with some field values replaced (protection seals what apply set)."""
        return replace(self, fields=_as_fields(self.fields).merged(updates))

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
        return cls(data["child_key"], data["version"], Fields(data.get("fields") or {}), data.get("erased", False))
