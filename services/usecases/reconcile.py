"""Cross-department 比对 on live data: each discrepancy a task for the department that owns the field to change, a
report per area and department. Hebei plan 一(三): "甄別比對相關信息,根據情況更新調整,提高數據準確性".

The platform's job (care_job.data_reconciliation) opens what the rules read; a receiver gets, per discrepancy, the
rule id, the names of the fields to correct, the due date, and only the values its own purpose includes. That a
rule holds reveals its inputs: each receiver may get a rule only when every input is within its purpose or declared
for it as a derived output (access_policy.json "derived.discrepancies.*"); otherwise the rule is withheld.

A due date counted from a date the receiver's purpose excludes would give that date away (drop-out + 15 + 7 days):
such a task is week-generalised (本周内, projections.discrepancies.dated), and so is every task the report counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from privacy.access_policy import Decision, Policy
from privacy.audit import AuditEvent
from projections.catalogue.loader import platform_areas
from projections.discrepancies import (
    DiscrepancyRule,
    RuleSet,
    dated,
    duplicate_keys,
    findings,
    load_rules,
    report_rows,
)
from projections.moves import in_platform
from projections.residence import RESIDENCE_FIELDS, current_area
from services.adapters.tokens import Principal
from services.usecases.access import KNOWN_FIELDS, AccessDenied, BadRequest, check_area
from services.usecases.care import CareJobs, set_on

PURPOSE = "data_reconciliation"
JOB_RULE = "care_job.data_reconciliation"
DEPARTMENT_SYSTEM = "department_system"


@dataclass(frozen=True)
class Receiver:
    """What one receiving (role, purpose) may see: its purpose's fields, and the rule inputs declared for it."""

    role: str
    purpose: str
    fields: frozenset[str]
    declared: frozenset[str]

    def may_get(self, rule: DiscrepancyRule) -> bool:
        return rule.inputs <= self.fields | self.declared


def receiver(policy: Policy, rules: RuleSet, department: str) -> Receiver:
    """The receiver of a department's discrepancies, as the access policy bounds it (no rule: sees nothing)."""
    spec = rules.receivers.get(department)
    if spec is None:
        raise BadRequest(f"no discrepancies go to that department (they go to {', '.join(sorted(rules.receivers))})")
    rule = policy.rule(spec.role, spec.purpose)
    fields = frozenset(policy.fields_for(rule, KNOWN_FIELDS)) if rule else frozenset()
    declared = frozenset().union(*policy.derived_for(spec.role, spec.purpose, JOB_RULE).values())
    return Receiver(spec.role, spec.purpose, fields, declared)


def departments_of(rules: RuleSet, principal: Principal, purpose: str) -> list[str]:
    """The departments whose discrepancies this caller receives: a department system its own department's, a school
    or a director those declared for their (role, purpose)."""
    own = principal.name.split(":", 1)[0] if principal.role == DEPARTMENT_SYSTEM else None
    return sorted(d for d, r in rules.receivers.items()
                  if (r.role, r.purpose) == (principal.role, purpose) and (own is None or d == own))


def _inputs(rules: RuleSet) -> set[str]:
    shown = {n for r in rules.rules for n in r.shows}
    areas = {r.area_field for r in rules.rules if r.area_field}
    return set(rules.inputs) | shown | set(areas) | set(RESIDENCE_FIELDS)


Hidden = Callable[[DiscrepancyRule], frozenset[str]]  # the inputs of a rule its receiver's purpose excludes


def _tasks(jobs: CareJobs, rules: RuleSet, as_of: date, hidden: Hidden) -> Iterator[dict[str, Any]]:
    """Every open discrepancy, dated for whoever gets it: exact where its receiver sees every input the rule counts
    from, else week-generalised (projections.discrepancies.dated); one not shown yet on `as_of` is left out. Every
    derived field (overdue, days overdue, and so any order or count by them) follows the date given."""
    names = jobs.inputs(PURPOSE, _inputs(rules), "discrepancies")
    areas = platform_areas()
    children = list(jobs._children(names))
    duplicates = {r.id: duplicate_keys((rec.child_key, f.get(r.duplicate_of)) for rec, f in children)
                  for r in rules.rules if r.duplicate_of}
    for record, fields in children:
        here = current_area(fields, as_of)
        changed = {n: d for n in names if (d := set_on(record, n)) is not None}
        found: list[tuple[DiscrepancyRule, list[str] | None]] = [
            (f.rule, None) for f in findings(fields, changed, as_of, rules)]
        found += [(r, others) for r in rules.rules if (others := duplicates.get(r.id, {}).get(record.child_key))]
        for rule, others in found:
            shown, due = dated(rule, fields, changed, as_of, hidden(rule))
            if shown > as_of:
                continue
            # A rule about a move goes to the area the child left (its school is there), the others where it lives.
            area = (fields.get(rule.area_field) if rule.area_field else None) or here
            if not in_platform(area, areas):  # left the platform's regions: the area it left keeps the task
                area = fields.get("residence.from_area")
            if not in_platform(area, areas):
                continue
            task = {"child_key": record.child_key, "kind": "discrepancy", "rule": rule.id,
                    "department": rule.department, "fields_to_change": list(rule.fields_to_change),
                    "area": str(area)[:9], "due_on": due.isoformat(), "overdue": as_of > due,
                    "days_overdue": max(0, (as_of - due).days), "rules_version": rules.version,
                    "values": {n: fields.get(n) for n in rule.shows}}
            if others:
                task["other_child_keys"] = others
            yield task


def _for(task: dict[str, Any], to: Receiver) -> dict[str, Any]:
    # Only the values the receiver's purpose includes; a field outside it is not even named with a null.
    return {**task, "values": {n: v for n, v in task["values"].items() if n in to.fields}}


def discrepancies(jobs: CareJobs, as_of: date, department: str, area: str = "",
                  deliver_to: Principal | None = None, purpose: str | None = None, origin: str = "job"
                  ) -> list[dict[str, Any]]:
    """Open discrepancies of one department in `area` (a prefix), as that department's receiver may see them; each
    delivery audited (to `deliver_to`, the caller of the API, when given)."""
    check_area(area)
    rules = load_rules()
    to = receiver(jobs.policy, rules, department)
    by_id = {r.id: r for r in rules.rules}
    withheld = sorted(r.id for r in rules.rules if r.department == department and not to.may_get(r))
    out = []
    for task in _tasks(jobs, rules, as_of, lambda r: r.inputs - to.fields):
        rule = by_id[task["rule"]]
        if task["department"] != department or rule.id in withheld or not task["area"].startswith(area):
            continue
        body = _for(task, to)
        out.append(body)
        who = deliver_to or jobs.principal
        jobs.audit.append(AuditEvent(who.name, who.role, purpose or PURPOSE, "deliver", "allowed", task["child_key"],
                                     tuple(sorted(body["values"])), origin, f"discrepancy {rule.id} to {department}"))
    detail = f"discrepancies of {department} in {area or 'all areas'}: {len(out)}"
    if withheld:
        detail += f"; withheld (inputs not declared for the receiver): {', '.join(withheld)}"
    jobs.record_access(PURPOSE, "read", None, _inputs(rules), detail)
    return out


def report(jobs: CareJobs, as_of: date, area: str = "", threshold: int = 5) -> list[dict[str, Any]]:
    """Open and overdue discrepancies per county, department and rule (small counts hidden)."""
    if threshold < 3:
        raise BadRequest("threshold must be at least 3")
    # The rows are per county. A narrower filter (a township) would give the township's counts under its county's
    # name, and the county's shown count minus the township's recovers the hidden count of the rest.
    if check_area(area) and len(area) > 6:
        raise BadRequest("area: the report is per county; give a county code (6 digits) or a shorter prefix, or none")
    rules = load_rules()
    # The report's readers see none of the dates the rules count from: every task is counted week-generalised, so
    # that no day-to-day change of an open or overdue count dates a child's input.
    tasks = [t for t in _tasks(jobs, rules, as_of, lambda r: r.inputs) if t["area"].startswith(area)]
    jobs.record_access(PURPOSE, "statistics", None, _inputs(rules),
                       f"discrepancy report in {area or 'all areas'}, threshold {threshold}")
    return report_rows(tasks, threshold)


def caller_discrepancies(jobs: CareJobs, principal: Principal, purpose: str, as_of: date, area: str,
                         origin: str) -> list[dict[str, Any]]:
    """The API's view: the discrepancies of the departments the caller receives for, in the caller's area when its
    rule binds it to one. Refused (and audited) for a caller that receives none."""
    rules = load_rules()
    departments = departments_of(rules, principal, purpose)
    rule = jobs.policy.rule(principal.role, purpose)
    if not departments or rule is None:
        decision = Decision(False, rule.id if rule else None,
                            f"role {principal.role!r} with purpose {purpose!r} receives no discrepancies")
        jobs.audit.append(_denial(principal, purpose, origin, decision))
        raise AccessDenied(decision)
    if rule.same_area:
        if not principal.area:
            raise BadRequest("the token is bound to no area")
        if area and not area.startswith(principal.area):
            decision = Decision(False, rule.id, f"rule {rule.id}: area {area} is outside the caller's area")
            jobs.audit.append(_denial(principal, purpose, origin, decision))
            raise AccessDenied(decision)
        area = area or principal.area
    out: list[dict[str, Any]] = []
    for department in departments:
        out += discrepancies(jobs, as_of, department, area, principal, purpose, origin)
    # The call under the caller, also when nothing was delivered (each delivery has its own record above).
    jobs.audit.append(AuditEvent(principal.name, principal.role, purpose, "read", "allowed", None, (), origin,
                                 f"discrepancies of {', '.join(departments)} in {area or 'all areas'}: {len(out)}"))
    return out


def _denial(principal: Principal, purpose: str, origin: str, decision: Decision) -> AuditEvent:
    return AuditEvent(principal.name, principal.role, purpose, "deny", "denied", None, (), origin,
                      f"discrepancies: {decision.reason}")
