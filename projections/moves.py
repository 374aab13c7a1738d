"""Moves between areas: whose area a child is in, and the handover the receiving area owes the child.

A move takes effect on its date (projections.residence.current_area). The old area loses the child that day; the
new area's children's director gets a handover until their side takes the child over: a ledger entry, a contact or
民政's information refresh on or after the day of the move.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from projections.residence import current_area, moved_on
from projections.values import day as _day

HANDOVER_FIELDS = frozenset({"residence.area_code", "residence.status", "residence.moved_on", "residence.from_area",
                             "ledger.entered_on", "ledger.last_contact_on", "monitoring.last_refreshed_on"})


@dataclass(frozen=True)
class Move:
    """A move that has taken effect: from where, to where (None: unknown), on which day."""

    from_area: str | None
    to_area: str | None
    on: date


def last_move(fields: Mapping[str, Any], as_of: date) -> Move | None:
    """The child's last move, if it has a date and has taken effect by `as_of`."""
    on = moved_on(fields)
    if on is None or on > as_of:
        return None
    before = fields.get("residence.from_area")
    return Move(str(before) if before else None, current_area(fields, as_of), on)


def in_platform(area: str | None, prefixes: Iterable[str]) -> bool:
    """Whether an area lies in one of this platform's regions (area-code prefixes from the region files)."""
    return bool(area) and any(str(area).startswith(p) for p in prefixes)


def pending_handover(fields: Mapping[str, Any], as_of: date) -> Move | None:
    """The move whose handover the receiving area has not yet taken over (None when there is none)."""
    move = last_move(fields, as_of)
    if move is None or move.to_area is None:
        return None
    taken = [_day(fields.get(n))
             for n in ("ledger.entered_on", "ledger.last_contact_on", "monitoring.last_refreshed_on")]
    if any(d is not None and d >= move.on for d in taken):
        return None
    return move
