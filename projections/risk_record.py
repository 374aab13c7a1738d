"""The risk level recorded by a person (开展风险等级评估, Guizhou): its history, a change of level, the review date.

The computed score (projections.ledger.risk_level) is a suggestion; what counts is what an assessor recorded
(civil_affairs.RiskAssessed). Each assessment adds an entry to `ledger.risk_history`, merged by event id in any order
of arrival. An entry names the event and when it was recorded in the clear; its level and date are sealed values
(ENTRY_SEALED: under the field they were sealed for at the edge, and by the processor if they arrived in the clear).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from events.contracts.risk_assessment import RiskAssessed
from projections.values import day as _day

RISK_HISTORY = "ledger.risk_history"
# entry key -> the projection field whose key a sealed value in that key is sealed under
ENTRY_SEALED = {"level": "ledger.risk_level", "on": "ledger.risk_assessed_on"}
RISK_RECORD_FIELDS = frozenset({"ledger.risk_level", "ledger.risk_assessed_on", "ledger.risk_next_review_on",
                                RISK_HISTORY})


def risk_entry(payload: Any, event_id: str, occurred_at: datetime) -> dict[str, Any] | None:
    """The history entry of a recorded assessment (None for every other event)."""
    if not isinstance(payload, RiskAssessed):
        return None
    on = payload.assessed_on
    return {"event": event_id, "at": occurred_at.isoformat(), "level": payload.level,
            "on": on.isoformat() if isinstance(on, date) else on}


def _ok(e: Any) -> bool:
    return isinstance(e, dict) and isinstance(e.get("event"), str) and isinstance(e.get("at"), str)


def merge_risk(current: Any, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The history with one more entry (a redelivered event adds nothing), in the order they were recorded."""
    entries = {e["event"]: e for e in (current if isinstance(current, list) else []) if _ok(e)}
    entries[entry["event"]] = entry
    return sorted(entries.values(), key=lambda e: (e["at"], e["event"]))


def opened_history(value: Any, open_: Callable[[str, Any], Any]) -> list[dict[str, Any]]:
    """The history with each sealed level and date opened by `open_(field, value)`, oldest first, ordered by the
    assessment's own date (then by when it was recorded)."""
    if not isinstance(value, list):
        return []
    out = [{**e, **{k: open_(f, e.get(k)) for k, f in ENTRY_SEALED.items()}} for e in value if _ok(e)]
    return sorted(out, key=lambda e: (str(e.get("on") or ""), e["at"], e["event"]))


@dataclass(frozen=True)
class LevelChange:
    """The recorded level changed: from what, to what, on which assessment's date."""

    before: str
    after: str
    on: date




def level_change(history: list[dict[str, Any]]) -> LevelChange | None:
    """The latest assessment's level, when it differs from the one before it (a first assessment is no change)."""
    if len(history) < 2:
        return None
    before, after = history[-2], history[-1]
    on = _day(after.get("on"))
    if on is None or before.get("level") == after.get("level"):
        return None
    return LevelChange(str(before.get("level")), str(after.get("level")), on)


def review_due(fields: Mapping[str, Any]) -> date | None:
    """The next review date the assessor recorded (None without an assessment)."""
    return _day(fields.get("ledger.risk_next_review_on"))


def risk_alerts(fields: Mapping[str, Any], previous: date, as_of: date) -> list[tuple[str, date]]:
    """(kind, day) of what happened in (previous, as_of]: the recorded level changed (risk_level_changed, on the new
    assessment's date), or the review date the assessor set passed without a new assessment (risk_review, due the
    day after). The levels themselves stay in the ledger: an alert carries no personal value."""
    out: list[tuple[str, date]] = []
    change = level_change(opened_history(fields.get(RISK_HISTORY), lambda _f, v: v))
    if change is not None and previous < change.on <= as_of:
        out.append(("risk_level_changed", change.on))
    due = review_due(fields)
    if due is not None and previous <= due < as_of:  # due + 1 day in (previous, as_of], without date arithmetic
        out.append(("risk_review", due))
    return out
