"""Events any department may publish, limited by field ownership when applied."""

from typing import Any

from pydantic import Field

from events.registry import PayloadBase


class FieldsCorrected(PayloadBase):
    """A department corrects projection fields; only the fields it owns (一数一源) are accepted."""

    EVENT_TYPE = "common.FieldsCorrected"
    fields: dict[str, Any] = Field(min_length=1)
    reason: str = Field(min_length=1)


class ChildErased(PayloadBase):
    """The child's personal data was erased on request (crypto-shredded); the record stays as a tombstone."""

    EVENT_TYPE = "platform.ChildErased"
    DEPARTMENT = "platform"
    request_reference: str = Field(min_length=1)
    legal_basis: str = Field(min_length=1)
