"""The key-child ledger (重点关爱服务对象台账): who belongs in it, risk level, and monitoring deadlines.

Deadlines follow the provincial rules: the children's director contacts a ledger child at least every 3 months and
visits at home at least every 6 months; the child's information is refreshed at least every 6 months.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from projections.catalogue.rules import Predicate, add_months, compile_rule, fields_used

RISK_FILE = Path(__file__).with_name("catalogue") / "data" / "risk_rules.json"
CONTACT_MONTHS, HOME_VISIT_MONTHS, REFRESH_MONTHS = 3, 6, 6


def ledger_flags(fields: Mapping[str, Any]) -> list[str]:
    """The reasons a child belongs in the ledger, from what departments reported."""
    flags = set(fields.get("ledger.reasons") or [])
    if fields.get("assistance.dibao") is True or fields.get("assistance.tekun") is True:
        flags.add("family_hardship")
    if fields.get("disability.category"):
        flags.add("disability")
    if fields.get("guardianship.status") == "lacking" or fields.get("orphan.status") in ("orphan",
                                                                                        "de_facto_unsupported"):
        flags.add("lack_of_guardianship")
    return sorted(flags)


def should_enter_ledger(fields: Mapping[str, Any]) -> bool:
    """A suggestion for civil affairs: flagged but not (yet) in the ledger."""
    return bool(ledger_flags(fields)) and fields.get("ledger.in_ledger") is not True


@dataclass(frozen=True)
class RiskAssessment:
    """The level, the score and exactly which versioned rules produced it."""

    level: str
    score: int
    reasons: tuple[str, ...]
    rules_version: str


@dataclass(frozen=True)
class _RiskRules:
    version: str
    medium: int
    high: int
    rules: tuple[tuple[str, int, Predicate], ...]
    fields: frozenset[str]


@lru_cache(maxsize=2)
def _risk_rules(path: str = str(RISK_FILE)) -> _RiskRules:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    rules = tuple((r["id"], int(r["weight"]), compile_rule(r["when"])) for r in raw["rules"])
    fields = frozenset().union(*(fields_used(r["when"]) for r in raw["rules"]))
    return _RiskRules(raw["version"], raw["thresholds"]["medium"], raw["thresholds"]["high"], rules, fields)


def risk_fields() -> frozenset[str]:
    """Every field the risk rules read: what a caller must decrypt before asking for a child's risk level."""
    return _risk_rules().fields


def risk_level(fields: Mapping[str, Any], as_of: date) -> RiskAssessment:
    """Sum of the weights of the rules that hold; thresholds give low / medium / high."""
    rules = _risk_rules()
    hits = [(rid, w) for rid, w, when in rules.rules if when(fields, as_of) is True]
    score = sum(w for _, w in hits)
    level = "high" if score >= rules.high else "medium" if score >= rules.medium else "low"
    return RiskAssessment(level, score, tuple(rid for rid, _ in hits), rules.version)


@dataclass(frozen=True)
class Task:
    """A monitoring task: due on a date, overdue after it."""

    kind: str  # contact | home_visit | info_refresh
    due_on: date
    overdue: bool
    days_overdue: int


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def due_tasks(fields: Mapping[str, Any], as_of: date, last_updated: date) -> list[Task]:
    """The three deadlines of a ledger child (none for children outside the ledger)."""
    if fields.get("ledger.in_ledger") is not True:
        return []
    entered = _day(fields.get("ledger.entered_on")) or last_updated
    last_contact = _day(fields.get("ledger.last_contact_on")) or entered
    last_visit = _day(fields.get("ledger.last_home_visit_on")) or entered
    due = [("contact", add_months(last_contact, CONTACT_MONTHS)), ("home_visit", add_months(last_visit, HOME_VISIT_MONTHS)),
           ("info_refresh", add_months(last_updated, REFRESH_MONTHS))]
    return [Task(kind, on, as_of > on, max(0, (as_of - on).days)) for kind, on in due]


def deadline_alerts(fields: Mapping[str, Any], previous_as_of: date, as_of: date, last_updated: date) -> list[Task]:
    """Tasks that became overdue in (previous_as_of, as_of]: a periodic job emits each alert exactly once."""
    return [t for t in due_tasks(fields, as_of, last_updated)
            if previous_as_of < t.due_on + timedelta(days=1) <= as_of]
