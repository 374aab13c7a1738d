"""Mental-health follow-up: the school year's assessment, the 一生一策 plan's review, a referral's outcome.

Guizhou: "学校每学年至少开展1次心理健康测评"; Hebei: "建立'一生一策'心理健康档案", "畅通…预防转介干预就医通道".
A school year runs from 1 September to 31 August. Pure: fields in, tasks out; each task names the department that owes
it (the school owes the assessment and the plan's review, the referral's receiver its outcome: health for a hospital
or a mental-health centre, 共青团 for 12355, 民政 for social work and 社区康复).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from projections.values import day as _day

REFERRAL_DAYS = 30  # a referral with no outcome in 30 days is alerted (issue 20; the texts ask the channel be 畅通)
IN_SCHOOL = ("enrolled", "returned")
MENTAL_HEALTH_FIELDS = frozenset({"mental_health.assessment_year", "mental_health.plan_owner",
                                  "mental_health.plan_review_on", "mental_health.plan_status",
                                  "mental_health.referred_on", "mental_health.referred_to",
                                  "mental_health.referral_outcome_on", "mental_health.hotline_outcome_on",
                                  "mental_health.social_work_outcome_on", "mental_health.rehabilitation_outcome_on",
                                  "community_rehab.enrolled_on", "education.status", "education.status_since"})
# The receiver of a referral (the school's `referred_to`): the department that owes its outcome and the fields, each
# owned by that department (一数一源), whose date on or after the referral answers it. 社区康复 is answered by 民政's
# outcome or by the enrolment itself.
HEALTH_RECEIVER = ("health", ("mental_health.referral_outcome_on",))
RECEIVERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "hospital": HEALTH_RECEIVER,
    "mental_health_centre": HEALTH_RECEIVER,
    "youth_hotline_12355": ("youth_league", ("mental_health.hotline_outcome_on",)),
    "social_work": ("civil_affairs", ("mental_health.social_work_outcome_on",)),
    "community_rehabilitation": ("civil_affairs", ("mental_health.rehabilitation_outcome_on",
                                                   "community_rehab.enrolled_on")),
}




def school_year(day: date) -> str:
    """The school year a day falls in: "2025-2026" from 1 September 2025 to 31 August 2026."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def year_end(year: str) -> date:
    """The last day of a school year ("2025-2026" -> 2026-08-31)."""
    return date(int(year[5:9]), 8, 31)


@dataclass(frozen=True)
class MentalHealthTask:
    kind: str  # assessment | plan_review | referral_outcome
    owner: str  # the department that owes it
    due_on: date
    overdue: bool
    days_overdue: int
    school_year: str | None = None


def _task(kind: str, owner: str, due: date, as_of: date, year: str | None = None) -> MentalHealthTask:
    return MentalHealthTask(kind, owner, due, as_of > due, max(0, (as_of - due).days), year)


def assessment_task(fields: Mapping[str, Any], as_of: date) -> MentalHealthTask | None:
    """学校每学年至少开展1次心理健康测评: a pupil at school owes an assessment of the current school year by its last
    day. A pupil who came to the school during the year owes it too (the school has the rest of the year); one out
    of school owes none."""
    if fields.get("education.status") not in IN_SCHOOL:
        return None
    year = school_year(as_of)
    done = fields.get("mental_health.assessment_year")
    if isinstance(done, str) and done >= year:
        return None
    return _task("assessment", "education", year_end(year), as_of, year)


def missed_years(fields: Mapping[str, Any], previous: date, as_of: date) -> list[str]:
    """School years that ended in (previous, as_of] without an assessment of a pupil who was at school then (known
    from `education.status_since`; a pupil without that date counts as at school)."""
    if fields.get("education.status") not in IN_SCHOOL:
        return []
    since = _day(fields.get("education.status_since")) or date.min
    done = fields.get("mental_health.assessment_year")
    out = []
    for year_start in range(previous.year - 1, as_of.year + 1):
        year = f"{year_start}-{year_start + 1}"
        end = year_end(year)
        if previous <= end < as_of and since <= end and not (isinstance(done, str) and done >= year):
            out.append(year)
    return out


def plan_task(fields: Mapping[str, Any], as_of: date) -> MentalHealthTask | None:
    """An open 一生一策 plan is reviewed by the date its owner set (a review records the plan again)."""
    review = _day(fields.get("mental_health.plan_review_on"))
    if review is None or fields.get("mental_health.plan_status") != "open":
        return None
    return _task("plan_review", "education", review, as_of)


def receiver(fields: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The department that owes the outcome of the child's referral and the fields that answer it. A receiver that is
    not known (a referral recorded before `referred_to` was read) falls to health, as before."""
    return RECEIVERS.get(str(fields.get("mental_health.referred_to")), HEALTH_RECEIVER)


def referral_task(fields: Mapping[str, Any], as_of: date) -> MentalHealthTask | None:
    """畅通…预防转介干预就医通道: a referral waits for its outcome from its receiver (a date in one of the
    receiver's own fields, on or after the referral) at most 30 days; another department's outcome does not answer
    it."""
    referred = _day(fields.get("mental_health.referred_on"))
    if referred is None:
        return None
    owner, answers = receiver(fields)
    if any((outcome := _day(fields.get(name))) is not None and outcome >= referred for name in answers):
        return None
    due = referred + timedelta(days=REFERRAL_DAYS) if referred < date.max - timedelta(days=REFERRAL_DAYS) else date.max
    return _task("referral_outcome", owner, due, as_of)


def mental_health_tasks(fields: Mapping[str, Any], as_of: date) -> list[MentalHealthTask]:
    """Every open mental-health task of a child."""
    return [t for t in (assessment_task(fields, as_of), plan_task(fields, as_of), referral_task(fields, as_of)) if t]


# The field whose setting makes each task known (a plan recorded, a referral made).
KNOWN_BY = {"plan_review": "mental_health.plan_review_on", "referral_outcome": "mental_health.referred_on"}


def mental_health_alerts(fields: Mapping[str, Any], previous: date, as_of: date,
                         known_on: Mapping[str, date] | None = None) -> list[MentalHealthTask]:
    """What became overdue in (previous, as_of], each once: a school year that passed without an assessment, a plan's
    review date passed, a referral 30 days without an outcome. A plan or referral recorded in the window already
    overdue (`known_on`: field -> the day its event occurred) is alerted at once, instead of never."""
    out = [_task("assessment", "education", year_end(y), as_of, y) for y in missed_years(fields, previous, as_of)]
    for task in (plan_task(fields, as_of), referral_task(fields, as_of)):
        if task is None:
            continue
        known = (known_on or {}).get(KNOWN_BY[task.kind])
        fresh = known is not None and previous < known <= as_of and task.overdue
        if previous <= task.due_on < as_of or fresh:  # overdue from the day after, alerted once
            out.append(task)
    return out
