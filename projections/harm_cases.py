"""A harm report's way to crisis intervention (强制报告 → 训诫 → 危机干预 → 督促监护令 / 撤销监护人资格): the open case,
its steps with their deadlines and owners, the child's guardianship stage, and the alerts of steps not taken in time.

Hebei plan: "情節嚴重的應當及時向公安機關報告。公安機關接到報告…應當予以訓誡,并可以責令其接受家庭教育指導"; Zhejiang:
"建立健全监护缺失、监护不当困境儿童危机干预制度", "撤销其监护人资格,并依法指定监护人". The hours are data
(protection_deadlines.json): the texts say 及时, not how many hours. Pure: fields in, steps out.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from projections.values import day as _day

DEADLINES_FILE = Path(__file__).with_name("catalogue") / "data" / "protection_deadlines.json"
CHINA = timezone(timedelta(hours=8))  # a time sent without a zone is Beijing time
# Who reports (the department that published the report) -> its fields.
REPORTERS = ("education", "health", "civil_affairs", "police")
REPORT_DEPARTMENT = {"education": "education", "health": "health", "civil_affairs": "civil_affairs",
                     "police": "public_security"}
# Each step, the department that owns it (and receives the alert when it is late).
OWNER = {"police": "public_security", "crisis": "civil_affairs", "judicial": "procuratorate"}
STAGE_LABEL = {"improper": "监护不当", "infringed": "监护侵害", "temporary": "临时监护", "long_term": "长期监护",
               "guardian_appointed": "依法指定监护人"}
# The reports a platform user files (POST /protection/harm-reports) carry their filer's pseudonym: reporter -> field.
FILER_FIELDS = {"civil_affairs": "filer.civil_affairs_report"}
CASE_FIELDS = frozenset({f"protection.report_{w}_{x}" for w in REPORTERS for x in ("at", "kind", "area")}
                        | {"protection.reprimand_on", "protection.crisis_at", "protection.crisis_measure",
                           "protection.revoked_on", "protection.appointed_guardian", "judicial.supervision_order_on"})


@dataclass(frozen=True)
class Deadlines:
    version: str
    police_hours: int
    crisis_hours: Mapping[str, int]
    judicial_days: int


@lru_cache(maxsize=2)
def load_deadlines(path: str = str(DEADLINES_FILE)) -> Deadlines:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return Deadlines(raw["version"], int(raw["police_hours"]), dict(raw["crisis_hours"]), int(raw["judicial_days"]))


def _moment(value: Any) -> datetime | None:
    try:
        at = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if at is None or not 1 < at.year < 9999:  # no zone shift may leave the calendar
        return None
    return at if at.tzinfo is not None else at.replace(tzinfo=CHINA)




def _after(at: datetime, delta: timedelta) -> datetime:
    """`at + delta`, or the last representable moment (a damaged or far-future value must not crash a job)."""
    try:
        return at + delta
    except OverflowError:
        return datetime.max.replace(tzinfo=CHINA)


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time.max, CHINA)


@dataclass(frozen=True)
class Report:
    at: datetime
    kind: str  # neglect | harm
    reporter: str  # the department that reported


def latest_report(fields: Mapping[str, Any]) -> Report | None:
    """The newest report of any reporting department (a report of harm from one and of neglect from another on the
    same case: the later one opens the case's clock; a harm report anywhere makes the case one of harm)."""
    reports = [Report(at, str(fields.get(f"protection.report_{w}_kind")), REPORT_DEPARTMENT[w])
               for w in REPORTERS if (at := _moment(fields.get(f"protection.report_{w}_at"))) is not None]
    if not reports:
        return None
    newest = max(reports, key=lambda r: r.at)
    since = [r for r in reports if newest.at - r.at <= timedelta(days=30)]  # reports of one episode
    kind = "harm" if any(r.kind == "harm" for r in since) else "neglect"
    return Report(newest.at, kind, newest.reporter)


@dataclass(frozen=True)
class Step:
    """One step of an open case: owed by `owner` by `due_at`; done when its event came on or after the report."""

    kind: str  # police | crisis | judicial
    owner: str
    due_at: datetime
    done: bool

    def overdue(self, now: datetime) -> bool:
        return not self.done and now > self.due_at


def steps(fields: Mapping[str, Any], deadlines: Deadlines | None = None) -> list[Step]:
    """The steps the newest report makes owed: 训诫 by the police and 危机干预 by 民政 (hours from the report), and,
    once the child is in 临时监护, a 督促监护令 by the procuratorate or a court's decision (days from the placement).
    A step taken before the report does not count for it."""
    d = deadlines or load_deadlines()
    report = latest_report(fields)
    if report is None:
        return []
    day = report.at.astimezone(CHINA).date()
    reprimand = _day(fields.get("protection.reprimand_on"))
    crisis = _moment(fields.get("protection.crisis_at"))
    crisis_taken = crisis is not None and crisis >= report.at
    out = [Step("police", OWNER["police"], _after(report.at, timedelta(hours=d.police_hours)),
                reprimand is not None and reprimand >= day),
           Step("crisis", OWNER["crisis"], _after(report.at, timedelta(hours=d.crisis_hours.get(report.kind, 24))),
                crisis_taken)]
    if crisis_taken and crisis is not None and fields.get("protection.crisis_measure") == "temporary_guardianship":
        judicial = [x for x in (_day(fields.get("judicial.supervision_order_on")),
                                _day(fields.get("protection.revoked_on"))) if x is not None and x >= day]
        placed_day = crisis.astimezone(CHINA).date()
        due_day = placed_day + timedelta(days=d.judicial_days) if placed_day < date(9999, 1, 1) else date.max
        out.append(Step("judicial", OWNER["judicial"], _end_of(due_day), bool(judicial)))
    return out


def case_open(fields: Mapping[str, Any]) -> bool:
    """A report with a step still owed."""
    return any(not s.done for s in steps(fields))


def guardianship_stage(fields: Mapping[str, Any]) -> str | None:
    """Where the child's guardianship stands after the newest report: 监护不当 / 监护侵害 (reported), 临时监护 (placed
    by 民政's crisis intervention), 长期监护 (the court revoked the guardian and appointed 民政, or 民政 recorded
    长期监护), 依法指定监护人 (another guardian appointed). None without a report."""
    report = latest_report(fields)
    if report is None:
        return None
    day = report.at.astimezone(CHINA).date()
    revoked = _day(fields.get("protection.revoked_on"))
    if revoked is not None and revoked >= day:
        return "long_term" if fields.get("protection.appointed_guardian") == "civil_affairs" else "guardian_appointed"
    if fields.get("guardianship.state_care") == "long_term":
        return "long_term"
    crisis = _moment(fields.get("protection.crisis_at"))
    if (crisis is not None and crisis >= report.at
            and fields.get("protection.crisis_measure") == "temporary_guardianship"):
        return "temporary"
    return "infringed" if report.kind == "harm" else "improper"


def open_case_areas(fields: Mapping[str, Any], skip: Collection[str] = ()) -> frozenset[str]:
    """The areas where the reports of an open case were made (the reports of its episode: 30 days before the newest,
    as latest_report counts them), but those of the reporters in `skip` (the caller's own report: it gives its
    filer no scope); nothing once every step owed is done."""
    report = latest_report(fields)
    if report is None or not case_open(fields):
        return frozenset()
    areas = set()
    for w in REPORTERS:
        if w in skip:
            continue
        at, area = _moment(fields.get(f"protection.report_{w}_at")), fields.get(f"protection.report_{w}_area")
        if at is not None and isinstance(area, str) and area and report.at - at <= timedelta(days=30):
            areas.add(area)
    return frozenset(areas)


def late_steps(fields: Mapping[str, Any], previous: datetime, now: datetime,
               deadlines: Deadlines | None = None, known_at: datetime | None = None) -> list[Step]:
    """Steps whose deadline passed in (previous, now] without them: each alerted once, to its owner. A report that
    became known in the window (`known_at`: the time of the event that carried it, which may be later than the time
    the report names: a grid worker files a report of last week) has every step already late alerted at once,
    instead of never."""
    fresh = known_at is not None and previous < known_at <= now
    return [s for s in steps(fields, deadlines)
            if not s.done and (previous < s.due_at <= now or (fresh and s.due_at <= now))]


def new_report(fields: Mapping[str, Any], previous: datetime, now: datetime,
               known_at: datetime | None = None) -> Report | None:
    """A report that arrived in (previous, now] (by `known_at` when given, else by the time it names): the police
    are told at once (the first owner)."""
    report = latest_report(fields)
    at = known_at if known_at is not None else report.at if report is not None else None
    return report if report is not None and at is not None and previous < at <= now else None


def report_fields() -> tuple[str, ...]:
    """The fields that hold a report's time (when one of them was set tells when the report became known)."""
    return tuple(f"protection.report_{w}_at" for w in REPORTERS)


def as_moment(value: date | datetime) -> datetime:
    """A window bound: a day means the end of that day (Beijing time); a time without a zone is Beijing time."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=CHINA)
    return _end_of(value)


__all__ = ["CASE_FIELDS", "FILER_FIELDS", "OWNER", "STAGE_LABEL", "Deadlines", "Report", "Step", "as_moment",
           "case_open", "guardianship_stage", "late_steps", "latest_report", "load_deadlines", "new_report",
           "open_case_areas", "steps"]
