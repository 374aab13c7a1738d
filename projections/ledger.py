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
from projections.values import day as _day

RISK_FILE = Path(__file__).with_name("catalogue") / "data" / "risk_rules.json"
CONTACT_MONTHS, HOME_VISIT_MONTHS, REFRESH_MONTHS = 3, 6, 6


def ledger_flags(fields: Mapping[str, Any]) -> list[str]:
    """The reasons a child belongs in the ledger, from what departments reported."""
    flags = set(fields.get("ledger.reasons") or [])
    # Zhejiang's 困境儿童 categories are reasons of their own (监护不当, 遭受侵害, 重病, 重残 ... as recorded).
    flags |= set(fields.get("ledger.categories") or [])
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




def _task(kind: str, on: date, as_of: date) -> Task:
    return Task(kind, on, as_of > on, max(0, (as_of - on).days))


def refresh_task(fields: Mapping[str, Any], as_of: date, known_since: date) -> Task:
    """至少每半年更新一次流动儿童信息 (Hebei plan, 一(一)): for every migrant child, six months after 民政's last
    survey or refresh (monitoring.last_refreshed_on), or after the child became known when there was none. Another
    department's report does not reset it: only 民政's re-check does."""
    last = _day(fields.get("monitoring.last_refreshed_on")) or known_since
    return _task("info_refresh", add_months(last, REFRESH_MONTHS), as_of)


def ledger_tasks(fields: Mapping[str, Any], as_of: date, known_since: date) -> list[Task]:
    """儿童主任至少三个月联系一次、每半年入户走访一次 (Hebei plan, 一(二)): the contact and home-visit deadlines of
    a ledger child (none outside the ledger). The clocks start at the latest (re-)entry: a contact from an earlier
    time in the ledger does not count for this one."""
    if fields.get("ledger.in_ledger") is not True:
        return []
    entered = _day(fields.get("ledger.entered_on")) or known_since
    last_contact = max(_day(fields.get("ledger.last_contact_on")) or entered, entered)
    last_visit = max(_day(fields.get("ledger.last_home_visit_on")) or entered, entered)
    return [_task("contact", add_months(last_contact, CONTACT_MONTHS), as_of),
            _task("home_visit", add_months(last_visit, HOME_VISIT_MONTHS), as_of)]


def due_tasks(fields: Mapping[str, Any], as_of: date, known_since: date, migrant: bool | None = None) -> list[Task]:
    """The ledger deadlines, and the information refresh of a migrant child (migrant None: of a ledger child)."""
    tasks = ledger_tasks(fields, as_of, known_since)
    if migrant or (migrant is None and tasks):
        tasks.append(refresh_task(fields, as_of, known_since))
    return tasks


def deadline_alerts(fields: Mapping[str, Any], previous_as_of: date, as_of: date, known_since: date,
                    migrant: bool | None = None, arrived_on: date | None = None) -> list[Task]:
    """Tasks that became overdue in (previous_as_of, as_of], each emitted once by a periodic job; and every task
    already overdue when the child (re-)entered the ledger or arrived (arrived_on: the day the entry or the move
    became known) in the window, at once, instead of never."""
    entered = _day(fields.get("ledger.entered_on"))
    fresh = any(d is not None and previous_as_of < d <= as_of for d in (entered, arrived_on))
    return [t for t in due_tasks(fields, as_of, known_since, migrant)
            if previous_as_of < t.due_on + timedelta(days=1) <= as_of or (fresh and t.overdue)]
