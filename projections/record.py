"""一人一档: one record per child, each field an opaque value with its provenance."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any, Mapping


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


ERASED_VERSION = 2**31 - 1  # erasure is final, and newer than any change, whatever order a replay reads topics in


@dataclass(frozen=True, slots=True)
class ChildRecord:
    """The projection of one child: every field from its owning department, and a version per change."""

    child_key: str
    version: int = 0
    fields: Mapping[str, FieldValue] = field(default_factory=lambda: MappingProxyType({}))
    erased: bool = False

    def value(self, name: str, default: Any = None) -> Any:
        """The bare value of a field, or default."""
        fv = self.fields.get(name)
        return default if fv is None else fv.value

    def with_fields(self, updates: Mapping[str, FieldValue]) -> ChildRecord:
        """A new record with the updates merged in and the version advanced."""
        merged = {**self.fields, **updates}
        return replace(self, version=self.version + 1, fields=MappingProxyType(merged))

    def erase(self) -> ChildRecord:
        """The tombstone left after erasure: no fields, only the pseudonymous key."""
        return ChildRecord(self.child_key, ERASED_VERSION, MappingProxyType({}), erased=True)

    def to_json(self) -> dict[str, Any]:
        """Serialisable form (field order sorted so that equal records serialise equally)."""
        return {
            "child_key": self.child_key,
            "version": self.version,
            "erased": self.erased,
            "fields": {k: self.fields[k].to_json() for k in sorted(self.fields)},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChildRecord:
        """Inverse of to_json."""
        fields = {k: FieldValue.from_json(v) for k, v in data.get("fields", {}).items()}
        return cls(data["child_key"], data["version"], MappingProxyType(fields), data.get("erased", False))
