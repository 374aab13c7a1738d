"""The versioned envelope every department event travels in, and its JSON wire form."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from events.departments import Department
from events.event_ids import new_event_id
from events.registry import PayloadBase, payload_type

CHILD_KEY_PREFIX = "ck_"


class EventDecodeError(ValueError):
    """Bytes that are not a valid event; `reason` is a clear, field-level message and `code` a short, stable name for
    the kind of fault (dead letters are counted by it)."""

    def __init__(self, reason: str, code: str = "invalid") -> None:
        super().__init__(reason)
        self.reason, self.code = reason, code


class Envelope(BaseModel):
    """One department event: who says what happened to which (pseudonymous) child, and when."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: str = Field(default_factory=new_event_id, min_length=8, max_length=64)
    event_type: str
    schema_version: int = Field(default=1, ge=1)
    source: Department
    occurred_at: datetime
    recorded_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    child_key: str = Field(pattern=r"^ck_[0-9a-f]{32,64}$")
    payload: PayloadBase

    @field_validator("occurred_at", "recorded_at")
    @classmethod
    def _aware_utc(cls, value: datetime) -> datetime:
        # Naive times are ambiguous across departments; insist on an offset and normalise to UTC.
        if value.tzinfo is None:
            raise ValueError("must carry a UTC offset, e.g. 2025-03-01T08:00:00+08:00")
        try:
            return value.astimezone(UTC)
        except OverflowError:  # year 1 or 9999 with an offset: out of range once moved to UTC
            raise ValueError("out of range") from None

    @classmethod
    def new(cls, payload: PayloadBase, *, source: str, child_key: str, occurred_at: datetime, **kw: Any) -> Envelope:
        """Wrap a typed payload; the event type and version come from the payload class."""
        return cls(
            event_type=payload.EVENT_TYPE,
            schema_version=payload.SCHEMA_VERSION,
            source=Department(source),
            child_key=child_key,
            occurred_at=occurred_at,
            payload=payload,
            **kw,
        )

    def to_wire(self) -> dict[str, Any]:
        """The JSON-ready dict of this envelope."""
        return {
            "event_id": self.event_id,
            "event_type": self.event_type,
            "schema_version": self.schema_version,
            "source": self.source.value,
            "occurred_at": self.occurred_at.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "child_key": self.child_key,
            "payload": self.payload.model_dump(mode="json", exclude_none=True),
        }


def encode(envelope: Envelope) -> bytes:
    """Envelope -> UTF-8 JSON bytes."""
    return json.dumps(envelope.to_wire(), ensure_ascii=False, separators=(",", ":")).encode()


def _format_errors(error: ValidationError, prefix: str = "") -> str:
    parts = []
    for item in error.errors(include_url=False, include_input=False):
        where = ".".join(str(p) for p in item["loc"])
        parts.append(f"{prefix}{where}: {item['msg']}")
    return "; ".join(parts)


def parse(data: dict[str, Any]) -> Envelope:
    """A wire dict -> validated Envelope with its typed payload, or EventDecodeError."""
    if not isinstance(data, dict):
        raise EventDecodeError("event must be a JSON object", "not_an_object")
    event_type, version = data.get("event_type"), data.get("schema_version", 1)
    if not isinstance(event_type, str):
        raise EventDecodeError("event_type: missing or not a string", "invalid_envelope")
    if not isinstance(version, int) or isinstance(version, bool):
        raise EventDecodeError("schema_version: must be an integer", "invalid_envelope")
    try:
        cls = payload_type(event_type, version)
    except KeyError as exc:
        raise EventDecodeError(str(exc.args[0]), "unknown_type") from None
    raw_payload = data.get("payload")
    if not isinstance(raw_payload, dict):
        raise EventDecodeError("payload: missing or not an object", "invalid_payload")
    try:
        payload = cls.model_validate(raw_payload)
    except ValidationError as exc:
        raise EventDecodeError(_format_errors(exc, "payload."), "invalid_payload") from None
    except (OverflowError, RecursionError, TypeError, ValueError) as exc:
        raise EventDecodeError(f"payload: {type(exc).__name__}", "invalid_payload") from None
    if "event_id" not in data:
        # A made-up id would apply a re-sent copy twice and give a rebuild other ids than the live store.
        raise EventDecodeError("event_id: missing (every event carries the id its sender gave it)", "missing_event_id")
    try:
        envelope = Envelope.model_validate({**data, "payload": payload})
    except ValidationError as exc:
        raise EventDecodeError(_format_errors(exc), "invalid_envelope") from None
    except (OverflowError, RecursionError, TypeError, ValueError) as exc:
        raise EventDecodeError(f"envelope: {type(exc).__name__}", "invalid_envelope") from None
    return envelope


def decode(raw: bytes) -> Envelope:
    """UTF-8 JSON bytes -> validated Envelope, or EventDecodeError with the reason."""
    return decode_with_digest(raw)[0]


def decode_with_digest(raw: bytes) -> tuple[Envelope, str]:
    """decode(), and the event's content digest: two messages with one event_id are the same event only if their
    digests agree (otherwise the id is in conflict)."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:  # also invalid UTF-8, and nesting deeper than orjson's limit
        raise EventDecodeError(f"not valid UTF-8 JSON: {exc}", "not_json") from None
    envelope = parse(data)
    return envelope, content_digest(data)


def content_digest(data: dict[str, Any]) -> str:
    """SHA-256 (128 bits, hex) of the event as sent, keys sorted, without `recorded_at`: a sender's retry may stamp
    that again, and is still the same event."""
    body = {k: v for k, v in data.items() if k != "recorded_at"}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]
