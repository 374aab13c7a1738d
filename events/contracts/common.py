"""Events any department may publish, limited by field ownership when applied."""

from typing import Any

from pydantic import Field

from events.registry import PayloadBase


class FieldsCorrected(PayloadBase):
    """A department corrects projection fields; only the fields it owns (一数一源) are accepted."""

    EVENT_TYPE = "common.FieldsCorrected"
    fields: dict[str, Any] = Field(min_length=1)
    reason: str = Field(min_length=1)
