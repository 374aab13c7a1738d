"""Where a child lives on a given day: the current area after moves in and out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def current_area(fields: Mapping[str, Any], as_of: date) -> str | None:
    """The area code the child lives in on `as_of`, or None (left for an unknown place, or never registered).

    A move takes effect on its date: before `residence.moved_on` the child is still in the area they are leaving
    (residence.from_area); from that day on they are in the new one (residence.area_code, None when a move out
    named no destination)."""
    moved_on = _day(fields.get("residence.moved_on"))
    if moved_on is not None and as_of < moved_on and fields.get("residence.status") in ("moved_in", "moved_out"):
        before = fields.get("residence.from_area")
        return str(before) if before else None
    area = fields.get("residence.area_code")
    return str(area) if area else None


def moved_on(fields: Mapping[str, Any]) -> date | None:
    """The day of the child's last move, if the last residence event was a move with a date."""
    if fields.get("residence.status") not in ("moved_in", "moved_out"):
        return None
    return _day(fields.get("residence.moved_on"))


RESIDENCE_FIELDS = frozenset({"residence.area_code", "residence.status", "residence.moved_on", "residence.from_area"})
