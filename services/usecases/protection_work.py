"""Protection work on live data (issue 20, items 3 and 4): the alerts of harm reports whose next step is late and of
mental-health follow-up that is overdue, each addressed to the department that owes the step.

The jobs open only what their own rules in access_policy.json cover (care_job.child_protection,
care_job.mental_health), each run leaves an audit record, and an alert carries no personal value: the child's key,
what is late, who owes it, since when, and the area (a village, township or county code). What a report said, the
assessment's level or a plan's goals stay with the purposes that act on them (police, caseworker, procurator and
judge for child_protection / crisis_intervention; school and health worker for mental_health). A referral's overdue
outcome goes to its receiver: health, 共青团's youth worker (12355) or 民政's caseworker (social work, 社区康复); the
last two have a mental_health rule that reads no field, for the alerts only, and their alerts name the child by a
reference of that purpose (as_delivered), not by its key.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from privacy.access_policy import Policy
from privacy.keyring import Keyring
from privacy.pseudonym import ALERT_KEY_SECRET, alert_key
from projections.catalogue.loader import platform_areas
from projections.harm_cases import (
    CASE_FIELDS,
    REPORTERS,
    as_moment,
    guardianship_stage,
    late_steps,
    latest_report,
    new_report,
    report_fields,
    steps,
)
from projections.mental_health import KNOWN_BY, MENTAL_HEALTH_FIELDS, mental_health_alerts, mental_health_tasks
from projections.moves import in_platform
from projections.record import ChildRecord
from projections.residence import RESIDENCE_FIELDS, current_area
from services.usecases.access import check_area
from services.usecases.care import CareJobs

PROTECTION_PURPOSE, MENTAL_HEALTH_PURPOSE = "child_protection", "mental_health"
# The department each reading role speaks for: an alert addressed to a department goes to its role's callers.
ROLE_DEPARTMENT = {"police": "public_security", "caseworker": "civil_affairs", "procurator": "procuratorate",
                   "judge": "court", "school": "education", "health_worker": "health",
                   "youth_worker": "youth_league"}  # 12355 answers a referral to it (issue 20, item 4)
PROTECTION_ALERTS_VIEW = "protection_alerts"  # per-child key label of alert messages on protection.alerts
# For one caller: the reporters whose current report on a child the caller filed (AccessService.own_reports). Such a
# report routes nothing to its filer: with no residence known, the child's alerts and open work reach the filer only
# through someone else's report (the filer's own gets its acknowledgement, not the record).
OwnReports = Callable[[ChildRecord], frozenset[str]]


def _area(fields: dict[str, Any], on: date, skip: Callable[[], frozenset[str]] | None = None) -> str | None:
    here = current_area(fields, on)
    if not here:  # no residence known (a child newly arrived): where a report was made, so that it is not lost
        skipped = skip() if skip is not None else frozenset()
        here = next((a for w in REPORTERS if w not in skipped and (a := fields.get(f"protection.report_{w}_area"))),
                    None)
    return str(here)[:9] if here and in_platform(here, platform_areas()) else None


def _own(own: OwnReports | None, record: ChildRecord) -> Callable[[], frozenset[str]] | None:
    return None if own is None else (lambda: own(record))


def _own_only(own: OwnReports | None, record: ChildRecord, fields: dict[str, Any]) -> bool:
    """Whether every report on the child is the caller's own: then nothing of the child is routed to the caller,
    wherever the child lives (else the alert of an officer's own report on a known child of the officer's area, and
    none on an unknown ID number, told the officer that the number is a known child there: day-4 attack pass). As
    AccessService._has_case: someone else's report brings the caller the case."""
    if own is None:
        return False
    present = {w for w in REPORTERS if fields.get(f"protection.report_{w}_at") is not None}
    return bool(present) and present <= own(record)


def harm_alerts(jobs: CareJobs, previous: datetime | date, now: datetime | date, own: OwnReports | None = None
                ) -> list[dict[str, Any]]:
    """In (previous, now]: a new report (to the police, who act first), and every step whose deadline passed
    without it (训诫 to the police, 危机干预 to 民政, 督促监护令 or a court's decision to the procuratorate), once.
    `own`: computed for one caller, whose own reports route nothing to it."""
    start, end = as_moment(previous), as_moment(now)
    names = jobs.inputs(PROTECTION_PURPOSE, set(CASE_FIELDS) | RESIDENCE_FIELDS, "harm alerts")
    out = []
    for record, fields in jobs._children(names):
        area = _area(fields, end.date(), _own(own, record))
        if area is None or _own_only(own, record, fields):
            continue
        known = max((fv.occurred_at for n in report_fields() if (fv := record.fields.get(n)) is not None),
                    default=None)  # the time of the newest report's event (filing, not the time it names)
        report = new_report(fields, start, end, known)
        if report is not None:
            out.append({"child_key": record.child_key, "kind": "harm_reported", "to": "public_security",
                        "due_at": report.at.isoformat(), "area": area})
        for step in late_steps(fields, start, end, known_at=known):
            out.append({"child_key": record.child_key, "kind": f"{step.kind}_step_late", "to": step.owner,
                        "due_at": step.due_at.isoformat(), "area": area})
    jobs.record_access(PROTECTION_PURPOSE, "read", None, names, f"harm alerts {start.isoformat()}..{end.isoformat()}: "
                                                                 f"{len(out)}")
    return out


def harm_steps(jobs: CareJobs, now: datetime | date, area: str = "") -> list[dict[str, Any]]:
    """The open steps of every open case in an area (prefix), with their owners and deadlines."""
    end = as_moment(now)
    check_area(area)
    names = jobs.inputs(PROTECTION_PURPOSE, set(CASE_FIELDS) | RESIDENCE_FIELDS, "harm steps")
    out = []
    for record, fields in jobs._children(names):
        here = _area(fields, end.date())
        if here is None or not here.startswith(area):
            continue
        for step in steps(fields):
            if not step.done:
                out.append({"child_key": record.child_key, "kind": step.kind, "to": step.owner,
                            "due_at": step.due_at.isoformat(), "overdue": step.overdue(end), "area": here})
    jobs.record_access(PROTECTION_PURPOSE, "read", None, names, f"harm steps as of {end.isoformat()}: {len(out)}")
    return out


def crisis_cases(jobs: CareJobs, now: datetime | date, area: str, own: OwnReports | None = None) -> list[str]:
    """民政's open crisis work in an area (prefix; where the child lives, or where the report was made when no
    residence is known, as the alerts route it): the children whose newest report still owes the police's 训诫 or 民政's
    危机干预, or who are in 民政's 临时监护. Computed without judicial.* (outside crisis_intervention), so which
    children are listed says nothing of a procuratorate's or a court's step. `own`: as for harm_alerts."""
    end = as_moment(now)
    check_area(area)
    names = jobs.inputs(PROTECTION_PURPOSE, (set(CASE_FIELDS) - {"judicial.supervision_order_on"}) | RESIDENCE_FIELDS,
                        "crisis cases")
    out = []
    for record, fields in jobs._children(names):
        here = _area(fields, end.date(), _own(own, record))
        if here is None or not here.startswith(area) or latest_report(fields) is None or _own_only(own, record, fields):
            continue
        owed = any(not s.done for s in steps(fields) if s.kind in ("police", "crisis"))
        if owed or guardianship_stage(fields) == "temporary":
            out.append(record.child_key)
    jobs.record_access(PROTECTION_PURPOSE, "read", None, names, f"crisis cases as of {end.isoformat()}: {len(out)}")
    return out


def mental_health_alert_list(jobs: CareJobs, previous: date, as_of: date) -> list[dict[str, Any]]:
    """In (previous, as_of]: a school year that ended without an assessment, a plan's review date passed, a referral
    30 days without an outcome; each once, to the department that owes it."""
    names = jobs.inputs(MENTAL_HEALTH_PURPOSE, set(MENTAL_HEALTH_FIELDS) | RESIDENCE_FIELDS, "mental-health alerts")
    out = []
    for record, fields in jobs._children(names):
        area = _area(fields, as_of)
        if area is None:
            continue
        known = {n: fv.occurred_at.date() for n in KNOWN_BY.values() if (fv := record.fields.get(n)) is not None}
        for task in mental_health_alerts(fields, previous, as_of, known):
            alert = {"child_key": record.child_key, "kind": f"{task.kind}_overdue", "to": task.owner,
                     "due_on": task.due_on.isoformat(), "area": area}
            if task.school_year:
                alert["school_year"] = task.school_year
            out.append(alert)
    jobs.record_access(MENTAL_HEALTH_PURPOSE, "read", None, names, f"mental-health alerts {previous}..{as_of}: "
                                                                    f"{len(out)}")
    return out


def mental_health_task_list(jobs: CareJobs, as_of: date, area: str = "") -> list[dict[str, Any]]:
    """Open mental-health tasks of the children of an area (prefix): assessment, plan review, referral outcome."""
    check_area(area)
    names = jobs.inputs(MENTAL_HEALTH_PURPOSE, set(MENTAL_HEALTH_FIELDS) | RESIDENCE_FIELDS, "mental-health tasks")
    out = []
    for record, fields in jobs._children(names):
        here = _area(fields, as_of)
        if here is None or not here.startswith(area):
            continue
        for task in mental_health_tasks(fields, as_of):
            out.append({"child_key": record.child_key, "kind": task.kind, "to": task.owner,
                        "due_on": task.due_on.isoformat(), "overdue": task.overdue,
                        "days_overdue": task.days_overdue, "area": here})
    jobs.record_access(MENTAL_HEALTH_PURPOSE, "read", None, names, f"mental-health tasks as of {as_of}: {len(out)}")
    return out


def alert_only(policy: Policy, role: str, purpose: str) -> bool:
    """Whether (role, purpose) is an alert-only purpose: a rule that reads no field (the youth worker's and the
    caseworker's mental_health), whose alerts name the child by that purpose's reference, never by its key."""
    rule = policy.rule(role, purpose)
    return rule is not None and not rule.fields


def as_delivered(alerts: list[dict[str, Any]], policy: Policy, keyring: Keyring, role: str, purpose: str
                 ) -> list[tuple[str | None, dict[str, Any]]]:
    """(the child key, the alert as the caller gets it) of each alert: for an alert-only purpose, its `child_key` is
    the purpose's reference (privacy.pseudonym.alert_key: `ak_` and 40 hex digits, a keyed hash of the purpose and
    the child key under the keyring's ALERT_KEY_SECRET), which the gate resolves under that purpose only
    (AccessService.resolve_alert_key) and which is an unknown key everywhere else; so the role's other purposes
    (youth_services, assistance_review) cannot link the alert to a child they read. Anyone else gets the key."""
    if not alert_only(policy, role, purpose):
        return [(a.get("child_key"), a) for a in alerts]
    secret = keyring.secret(ALERT_KEY_SECRET)
    out: list[tuple[str | None, dict[str, Any]]] = []
    for alert in alerts:
        key = alert.get("child_key")
        out.append((key, {**alert, "child_key": alert_key(secret, purpose, key)} if key else alert))
    # Not in the jobs' order (the store's, by child key): the role lists the same area's children by key under its
    # other purpose and would pair the k-th reference with the k-th child. By due date, then by the reference.
    out.sort(key=lambda pair: (str(pair[1].get("due_on") or pair[1].get("due_at") or ""),
                               str(pair[1].get("child_key") or ""), str(pair[1].get("kind") or "")))
    return out


def for_caller(alerts: list[dict[str, Any]], role: str, area: str | None) -> list[dict[str, Any]]:
    """The alerts addressed to a caller: to the department its role speaks for, of children in its area."""
    department = ROLE_DEPARTMENT.get(role)
    return [a for a in alerts if department is not None and a["to"] == department
            and area is not None and str(a["area"]).startswith(area)]
