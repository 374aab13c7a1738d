"""Where a child lives on a given day: the current area after moves in and out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from events.contracts import public_security as ps
from projections.values import day as _day


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


HISTORY = "residence.history"
COUNTY_DIGITS = 6


def history_entry(payload: Any, event_id: str, occurred_at: datetime) -> dict[str, Any] | None:
    """What one residence event says about where the child lives from when: the county (None: not known, e.g. a
    move out without destination) and the start (None: a registration without a date). Written by public security's
    own events only (一数一源: the history is a residence field), so any order of arrival gives the same history."""
    area: str | None
    if isinstance(payload, ps.ResidenceRegistered):
        area, start = payload.area_code, payload.since
    elif isinstance(payload, ps.MovedIn):
        area, start = payload.area_code, payload.moved_on
    elif isinstance(payload, ps.MovedOut):
        area, start = payload.to_area, payload.moved_on
    else:
        return None
    return {"area": str(area)[:COUNTY_DIGITS] if area else None, "from": start.isoformat() if start else None,
            "at": occurred_at.isoformat(), "event": event_id}


def _entry_ok(e: Any) -> bool:
    return isinstance(e, dict) and isinstance(e.get("event"), str) and isinstance(e.get("at"), str)


def merge_history(current: Any, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The history with one more entry: a set keyed by event id (a redelivered event adds nothing), kept sorted by
    when each residence began (a registration without a date: by when it was recorded)."""
    entries = {e["event"]: e for e in (current if isinstance(current, list) else []) if _entry_ok(e)}
    entries[entry["event"]] = entry
    return sorted(entries.values(), key=_order)


def _order(e: dict[str, Any]) -> tuple[str, str, str]:
    return (str(e.get("from") or e["at"][:10]), e["at"], e["event"])


def residence_spells(value: Any, as_of: date) -> list[dict[str, Any]] | None:
    """The history's entries in effect by `as_of` (a move takes effect on its date), oldest first; None when the
    field holds no history (a record from before the field existed, or a value that is not one)."""
    if not isinstance(value, list) or not value or not all(_entry_ok(e) for e in value):
        return None
    out = []
    for e in sorted(value, key=_order):
        day = _day(e.get("from")) or _day(e["at"][:10])
        if day is not None and day <= as_of:
            out.append(e)
    return out


RESIDENCE_FIELDS = frozenset({"residence.area_code", "residence.status", "residence.moved_on", "residence.from_area"})
