"""Mental-health follow-up (issue 20, item 4): the school year's assessment, the plan's review, a referral's outcome.

Guizhou: "學校每學年至少開展1次心理健康測評"; Hebei: "做好流動兒童心理健康測查,建立“一生一策”心理健康檔案",
"暢通…預防轉介干預就醫通道".
"""

from datetime import date
from pathlib import Path

import pytest

from projections.mental_health import (
    assessment_task,
    mental_health_alerts,
    mental_health_tasks,
    missed_years,
    plan_task,
    receiver,
    referral_task,
    school_year,
    year_end,
)

POLICY = Path("/work/shared/policy")
PUPIL = {"education.status": "enrolled", "education.status_since": "2024-09-01"}


def test_the_wording_quoted_is_the_policy_text():
    hebei = POLICY / "hebei-action-plan.txt"
    if hebei.exists():
        text = hebei.read_text(encoding="utf-8")
        assert "做好流動兒童心理健康測查,建立“一生一策”心理健康檔案" in text and "預防轉介干預就醫通道" in text
    guizhou = POLICY / "guizhou-measures.txt"
    if guizhou.exists():  # the Guizhou page carries pinyin after some characters (學(xué)校): read without it
        import re
        text = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", guizhou.read_text(encoding="utf-8"))
        assert "學校每學年至少開展1次心理健康測評" in text


@pytest.mark.parametrize("day, year", [(date(2026, 9, 1), "2026-2027"), (date(2026, 8, 31), "2025-2026"),
                                       (date(2027, 1, 15), "2026-2027")])
def test_a_school_year_runs_from_september_to_august(day, year):
    assert school_year(day) == year and year_end(year).month == 8


def test_a_pupil_owes_an_assessment_of_the_current_school_year_by_its_last_day():
    task = assessment_task(PUPIL, date(2026, 10, 1))
    assert task is not None and task.due_on == date(2027, 8, 31) and task.owner == "education" and not task.overdue
    assert assessment_task({**PUPIL, "mental_health.assessment_year": "2026-2027"}, date(2026, 10, 1)) is None


def test_a_child_out_of_school_owes_no_school_assessment():
    assert assessment_task({"education.status": "dropped_out"}, date(2026, 10, 1)) is None
    assert missed_years({"education.status": "dropped_out"}, date(2026, 8, 1), date(2026, 9, 30)) == []


def test_a_school_year_that_passed_without_an_assessment_is_alerted_once_on_the_next_day():
    fields = {**PUPIL, "mental_health.assessment_year": "2024-2025"}
    assert missed_years(fields, date(2026, 8, 30), date(2026, 8, 31)) == []  # the year's last day: not yet
    assert missed_years(fields, date(2026, 8, 31), date(2026, 9, 1)) == ["2025-2026"]
    assert missed_years(fields, date(2026, 9, 1), date(2026, 12, 1)) == []  # once
    assert missed_years({**PUPIL, "mental_health.assessment_year": "2025-2026"}, date(2026, 8, 31),
                        date(2026, 9, 1)) == []


def test_a_pupil_who_came_after_the_year_ended_did_not_miss_it():
    fields = {"education.status": "enrolled", "education.status_since": "2026-09-01"}
    assert missed_years(fields, date(2026, 8, 1), date(2026, 9, 30)) == []


def test_an_open_plan_is_overdue_after_its_review_date_and_alerted_once():
    plan = {"mental_health.plan_status": "open", "mental_health.plan_review_on": "2026-10-15"}
    task = plan_task(plan, date(2026, 11, 1))
    assert task is not None and task.overdue and task.days_overdue == 17 and task.owner == "education"
    assert not plan_task(plan, date(2026, 10, 15)).overdue  # the review day itself
    assert [t.kind for t in mental_health_alerts(plan, date(2026, 10, 15), date(2026, 10, 16))] == ["plan_review"]
    assert mental_health_alerts(plan, date(2026, 10, 16), date(2026, 11, 30)) == []
    assert plan_task({**plan, "mental_health.plan_status": "closed"}, date(2026, 11, 1)) is None


def test_a_referral_without_an_outcome_in_30_days_goes_to_the_health_service():
    referral = {"mental_health.referred_on": "2026-10-01"}
    task = referral_task(referral, date(2026, 11, 1))
    assert task is not None and task.due_on == date(2026, 10, 31) and task.owner == "health" and task.overdue
    assert [t.kind for t in mental_health_alerts(referral, date(2026, 10, 31), date(2026, 11, 1))] == \
        ["referral_outcome"]
    assert referral_task({**referral, "mental_health.referral_outcome_on": "2026-10-20"}, date(2026, 11, 1)) is None
    # an outcome of an earlier referral does not answer this one
    assert referral_task({**referral, "mental_health.referral_outcome_on": "2026-09-20"}, date(2026, 11, 1))


def test_every_open_task_is_listed_and_damaged_values_do_not_crash():
    fields = {**PUPIL, "mental_health.plan_status": "open", "mental_health.plan_review_on": "2026-10-15",
              "mental_health.referred_on": "2026-10-01"}
    assert {t.kind for t in mental_health_tasks(fields, date(2026, 11, 1))} == {"assessment", "plan_review",
                                                                                "referral_outcome"}
    broken = {**PUPIL, "mental_health.plan_status": "open", "mental_health.plan_review_on": "soon",
              "mental_health.referred_on": 5, "education.status_since": "2026-02-30"}
    assert [t.kind for t in mental_health_tasks(broken, date(2026, 11, 1))] == ["assessment"]


def test_far_future_dates_do_not_crash():
    fields = {"mental_health.plan_status": "open", "mental_health.plan_review_on": "9999-12-31",
              "mental_health.referred_on": "9999-12-30"}
    assert mental_health_alerts(fields, date(2026, 1, 1), date(2026, 12, 1)) == []
    assert {t.kind for t in mental_health_tasks(fields, date(2026, 12, 1))} == {"plan_review", "referral_outcome"}


def test_a_plan_recorded_after_its_review_date_is_alerted_at_once_not_never():
    plan = {"mental_health.plan_status": "open", "mental_health.plan_review_on": "2026-09-01"}
    window = (date(2026, 10, 31), date(2026, 11, 1))
    assert mental_health_alerts(plan, *window) == []
    known = {"mental_health.plan_review_on": date(2026, 11, 1)}
    assert [t.kind for t in mental_health_alerts(plan, *window, known)] == ["plan_review"]
    assert mental_health_alerts(plan, date(2026, 11, 1), date(2026, 11, 30), known) == []


# Every receiver of a referral answers it. Hebei (HEBEI_CHANNEL below) names 12355 and 社會工作者 among those who
# serve; the service list: "符合条件的纳入精神障碍社区康复服务范围".
HEBEI_CHANNEL = "暢通家庭、學校、社區、12355青少年服務臺、社會心理服務機構等與醫療衛生機構之間預防轉介干預就醫通道"
RECEIVERS = [  # referred_to, the department that owes the outcome, the field its outcome sets
    ("hospital", "health", "mental_health.referral_outcome_on"),
    ("mental_health_centre", "health", "mental_health.referral_outcome_on"),
    ("youth_hotline_12355", "youth_league", "mental_health.hotline_outcome_on"),
    ("social_work", "civil_affairs", "mental_health.social_work_outcome_on"),
    ("community_rehabilitation", "civil_affairs", "mental_health.rehabilitation_outcome_on"),
]
OUTCOME_FIELDS = {f for _, _, f in RECEIVERS}


def test_the_channel_quoted_is_the_policy_text():
    hebei = POLICY / "hebei-action-plan.txt"
    if hebei.exists():
        text = hebei.read_text(encoding="utf-8")
        assert HEBEI_CHANNEL in text and "社會工作者" in text


@pytest.mark.parametrize("to, owner, field", RECEIVERS)
def test_a_referral_is_answered_by_its_receiver_in_30_days_or_alerted_to_it(to, owner, field):
    referral = {"mental_health.referred_on": "2026-10-01", "mental_health.referred_to": to}
    assert receiver(referral)[0] == owner
    # in time: the receiver's own outcome on day 30 answers it; no task, no alert
    answered = {**referral, field: "2026-10-31"}
    assert referral_task(answered, date(2026, 11, 1)) is None
    assert mental_health_alerts(answered, date(2026, 10, 31), date(2026, 11, 1)) == []
    # still within the 30 days: open, not overdue
    task = referral_task(referral, date(2026, 10, 31))
    assert task is not None and task.owner == owner and not task.overdue
    # late: alerted once, to the receiver's department (not to health unless health received it)
    late = mental_health_alerts(referral, date(2026, 10, 31), date(2026, 11, 1))
    assert [(t.kind, t.owner) for t in late] == [("referral_outcome", owner)]
    assert mental_health_alerts(referral, date(2026, 11, 1), date(2026, 11, 30)) == []
    # an outcome the receiver recorded for an earlier referral does not answer this one
    assert referral_task({**referral, field: "2026-09-30"}, date(2026, 11, 1)) is not None


@pytest.mark.parametrize("to, owner, field", RECEIVERS)
def test_another_departments_outcome_does_not_answer_a_referral(to, owner, field):
    referral = {"mental_health.referred_on": "2026-10-01", "mental_health.referred_to": to}
    for other in OUTCOME_FIELDS - {field}:
        task = referral_task({**referral, other: "2026-10-10"}, date(2026, 11, 1))
        assert task is not None and task.owner == owner and task.overdue


def test_a_rehabilitation_referral_is_answered_by_the_enrolment_too():
    referral = {"mental_health.referred_on": "2026-10-01", "mental_health.referred_to": "community_rehabilitation"}
    assert referral_task({**referral, "community_rehab.enrolled_on": "2026-10-20"}, date(2026, 11, 1)) is None
    assert referral_task({**referral, "community_rehab.enrolled_on": "2026-03-01"}, date(2026, 11, 1)) is not None


@pytest.mark.parametrize("to", [None, "enc:v1:ck_eeee.1:QUJDRA==", "elsewhere", 5])
def test_a_receiver_that_cannot_be_read_falls_to_health_as_before(to):
    referral = {"mental_health.referred_on": "2026-10-01", "mental_health.referred_to": to}
    task = referral_task(referral, date(2026, 11, 1))
    assert task is not None and task.owner == "health"
    assert referral_task({**referral, "mental_health.referral_outcome_on": "2026-10-02"}, date(2026, 11, 1)) is None
