"""Cross-department 比对: discrepancy rules as versioned data, and what they find in one child's fields. Pure, no I/O.

Hebei plan 一(三): "甄別比對相關信息,根據情況更新調整,提高數據準確性". A rule (data/discrepancy_rules.json) names the
department that owns the fields that must change (一数一源) and a deadline; a discrepancy is open while its rule holds
and closes when an event (that department's correction) makes it stop holding.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from projections.catalogue.rules import Predicate, RuleError, add_months, compile_rule, fields_used
from projections.fields import FIELDS
from projections.values import day as _day

RULES_FILE = Path(__file__).with_name("catalogue") / "data" / "discrepancy_rules.json"


@dataclass(frozen=True)
class Receiver:
    """Who acts on a department's discrepancies: the (role, purpose) whose fields bound what a task shows."""

    role: str
    purpose: str


@dataclass(frozen=True)
class DiscrepancyRule:
    """One 比对 rule: when it holds, `department` must change `fields_to_change` within `deadline_days`."""

    id: str
    wording: str
    department: str
    fields_to_change: tuple[str, ...]
    deadline_days: int
    inputs: frozenset[str]  # every field the rule reads (what its finding reveals)
    shows: tuple[str, ...]
    when: Predicate | None = None  # None for a duplicate rule (it compares children, not one child's fields)
    duplicate_of: str | None = None
    grace_after: tuple[str, ...] = ()
    grace_days: int = 0
    grace_months: int = 0
    area_field: str | None = None  # where the task goes when the child no longer lives in an area (a move out)


@dataclass(frozen=True)
class RuleSet:
    version: str
    receivers: Mapping[str, Receiver]
    rules: tuple[DiscrepancyRule, ...]

    @property
    def inputs(self) -> frozenset[str]:
        """Every field any rule reads."""
        return frozenset().union(*(r.inputs for r in self.rules))


@dataclass(frozen=True)
class Finding:
    """A rule holds for a child: open since `opened_on`, due on `due_on`."""

    rule: DiscrepancyRule
    opened_on: date
    due_on: date

    def overdue(self, as_of: date) -> bool:
        return as_of > self.due_on


def end_of_week(day: date) -> date:
    """The Sunday on or after `day` (本周内): every day of a Monday-Sunday week gives the same date."""
    return day + timedelta(days=6 - day.weekday())


def dated(rule: DiscrepancyRule, fields: Mapping[str, Any], changed_on: Mapping[str, date], as_of: date,
          hidden: frozenset[str] = frozenset()) -> tuple[date, date]:
    """(the day a discrepancy is shown from, its due date) for a receiver from whose purpose the inputs `hidden` are
    excluded. None hidden: the exact day it opened and its exact due date. Otherwise every date the rule counts
    from that comes from a hidden input (the day it was set, a grace period's start) is taken as the Sunday of its
    week, and the due date is the Sunday on or after what that gives (本周内): whatever day of a Monday-Sunday week
    the hidden date fell on, the task is shown on the same days with the same due date, so neither the due date,
    the overdue flag, the days overdue nor the day the task first appears tells the exact day. Both are on or after
    the exact ones (a task is never due earlier than its rule says)."""
    if not hidden:
        opened = _opened(rule, fields, changed_on, as_of)
        return opened, opened + timedelta(days=rule.deadline_days)
    changed = {n: end_of_week(d) if n in hidden else d for n, d in changed_on.items()}
    weeks = {n: end_of_week(d).isoformat() for n in rule.grace_after
             if n in hidden and (d := _day(fields.get(n))) is not None}
    opened = _opened(rule, {**fields, **weeks}, changed, as_of)
    return opened, end_of_week(opened + timedelta(days=rule.deadline_days))


def _rule(raw: Mapping[str, Any], receivers: Mapping[str, Receiver]) -> DiscrepancyRule:
    rid = raw["id"]
    department = raw["department"]
    if department not in receivers:
        raise RuleError(f"{rid}: no receiver declared for department {department!r}")
    changes = tuple(raw["fields_to_change"])
    for name in changes:
        if name not in FIELDS:
            raise RuleError(f"{rid}: unknown field {name!r}")
        if FIELDS[name].owner.value != department:  # 一数一源: only the owner can correct it
            raise RuleError(f"{rid}: {name} is owned by {FIELDS[name].owner.value}, not {department}")
    shows = tuple(raw.get("shows", []))
    if unknown := [n for n in shows if n not in FIELDS]:
        raise RuleError(f"{rid}: unknown field(s) shown {unknown}")
    deadline = raw["deadline_days"]
    if not isinstance(deadline, int) or deadline < 0:
        raise RuleError(f"{rid}: deadline_days must be a whole number of days")
    grace = raw.get("grace", {})
    after = tuple(grace.get("after", []))
    if duplicate := raw.get("duplicate_of"):
        if duplicate not in FIELDS or "when" in raw:
            raise RuleError(f"{rid}: duplicate_of names a field and has no `when`")
        return DiscrepancyRule(rid, raw["wording"], department, changes, deadline, frozenset({duplicate}), shows,
                               duplicate_of=duplicate)
    when = raw["when"]
    inputs = frozenset(fields_used(when)) | frozenset(after)
    area_field = raw.get("area_field")
    if area_field is not None and area_field not in FIELDS:
        raise RuleError(f"{rid}: unknown area field {area_field!r}")
    return DiscrepancyRule(rid, raw["wording"], department, changes, deadline, inputs, shows, compile_rule(when),
                           None, after, int(grace.get("days", 0)), int(grace.get("months", 0)), area_field)


def parse_rules(raw: Mapping[str, Any]) -> RuleSet:
    """A rule set from its JSON form; RuleError for an unknown field or operator, a receiver missing, or a field to
    change that its department does not own."""
    receivers = {d: Receiver(r["role"], r["purpose"]) for d, r in raw["receivers"].items()}
    rules = tuple(_rule(r, receivers) for r in raw["rules"])
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise RuleError("duplicate rule id")
    return RuleSet(raw["version"], receivers, rules)


@lru_cache(maxsize=2)
def load_rules(path: str = str(RULES_FILE)) -> RuleSet:
    """The versioned rule file."""
    return parse_rules(json.loads(Path(path).read_text(encoding="utf-8")))


def _opened(rule: DiscrepancyRule, fields: Mapping[str, Any], changed_on: Mapping[str, date], as_of: date) -> date:
    # When the discrepancy arose: the latest change of what it reads (unknown: the day it is found), or the end of
    # its grace period if later.
    changed = [changed_on[n] for n in rule.inputs if n in changed_on]
    opened = max(changed, default=as_of)
    if rule.grace_after:
        starts = [d for d in (_day(fields.get(n)) for n in rule.grace_after) if d is not None]
        if starts:
            end = add_months(max(starts), rule.grace_months) + timedelta(days=rule.grace_days)
            opened = max(opened, end) if changed else end
    return opened


def findings(fields: Mapping[str, Any], changed_on: Mapping[str, date], as_of: date,
             rules: RuleSet | None = None) -> list[Finding]:
    """The per-child rules that hold on `as_of` (duplicates are found across children: see duplicate_keys).
    `changed_on`: the day each field was last set. A rule whose grace has not run out does not hold yet."""
    out = []
    for rule in (rules or load_rules()).rules:
        if rule.when is None or rule.when(fields, as_of) is not True:
            continue
        opened = _opened(rule, fields, changed_on, as_of)
        if opened > as_of:
            continue
        out.append(Finding(rule, opened, opened + timedelta(days=rule.deadline_days)))
    return out


def duplicate_keys(values: Iterable[tuple[str, Any]]) -> dict[str, list[str]]:
    """child key -> the other child keys holding the same value (an ID number under two keys' hukou records).
    Values are compared normalised (a lower-case check letter x is X); empty values never match."""
    by_value: dict[str, list[str]] = defaultdict(list)
    for key, value in values:
        if isinstance(value, str) and value.strip():
            by_value[value.strip().upper()].append(key)
    out: dict[str, list[str]] = {}
    for keys in by_value.values():
        if len(keys) > 1:
            for key in keys:
                out[key] = sorted(k for k in keys if k != key)
    return out


def report_rows(tasks: Iterable[Mapping[str, Any]], threshold: int) -> list[dict[str, Any]]:
    """Open and overdue discrepancies per county, department and rule; a count under `threshold` is hidden (None)
    together with its overdue count (no totals are given, so nothing hidden can be recovered by subtraction)."""
    counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for t in tasks:
        cell = counts[(str(t.get("area") or "")[:6] or "unknown", t["department"], t["rule"])]
        cell[0] += 1
        cell[1] += 1 if t.get("overdue") else 0
    rows = []
    for (area, department, rule), (open_, overdue) in sorted(counts.items()):
        hidden = open_ < threshold
        rows.append({"area": area, "department": department, "rule": rule,
                     "open": None if hidden else open_, "overdue": None if hidden else overdue})
    return rows
