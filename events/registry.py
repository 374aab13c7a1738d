"""The schema registry in code: every (event type, schema version) and its payload class."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


class PayloadBase(BaseModel):
    """Base of every typed payload; subclasses register themselves by EVENT_TYPE and SCHEMA_VERSION."""

    # Unknown fields are refused so that a typo in a department's integration fails loudly, not silently.
    model_config = ConfigDict(extra="forbid", frozen=True)

    EVENT_TYPE: ClassVar[str] = ""
    SCHEMA_VERSION: ClassVar[int] = 1
    DEPARTMENT: ClassVar[str | None] = None  # the department that normally publishes it

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.EVENT_TYPE:
            key = (cls.EVENT_TYPE, cls.SCHEMA_VERSION)
            if key in REGISTRY:
                raise TypeError(f"duplicate event contract {key}")
            REGISTRY[key] = cls


REGISTRY: dict[tuple[str, int], type[PayloadBase]] = {}


def payload_type(event_type: str, schema_version: int) -> type[PayloadBase]:
    """The payload class of a registered contract; KeyError with a clear message otherwise."""
    _load_contracts()
    try:
        return REGISTRY[(event_type, schema_version)]
    except KeyError:
        known = sorted({t for t, _ in REGISTRY})
        if event_type in known:
            versions = sorted(v for t, v in REGISTRY if t == event_type)
            raise KeyError(f"schema_version: {event_type} has no version {schema_version!r} "
                           f"(known: {versions})") from None
        raise KeyError(f"event_type: unknown event type {event_type!r}") from None


def latest(event_type: str) -> type[PayloadBase]:
    """The newest registered version of an event type."""
    _load_contracts()
    versions = [v for t, v in REGISTRY if t == event_type]
    return REGISTRY[(event_type, max(versions))]


def all_contracts() -> dict[tuple[str, int], type[PayloadBase]]:
    """Every registered contract by (event type, schema version), with every department's module loaded."""
    _load_contracts()
    return dict(REGISTRY)


def _load_contracts() -> None:
    # Importing the department modules registers their payloads.
    import events.contracts  # noqa: F401
