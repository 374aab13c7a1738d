"""A 比对 task's dates never give away a date its receiver's purpose excludes (issue 20's attack finding on due dates).

The director's drop-out task was due on drop-out + 15 days' grace + 7 days, so the director computed the drop-out's
date exactly although `derived.discrepancies.director` says it is not shown; the school's 资助 task dated the 低保
grant the same way. A receiver that does not see the date a rule counts from gets the task week-generalised (本周内):
that date counts as the Sunday of its week and the task is due the Sunday on or after what that gives; every field
(due date, overdue, days overdue, the day it first appears) is then the same for every day of one Monday-Sunday
week. A receiver whose purpose sees the date still gets the exact day."""

from datetime import date, timedelta

import pytest

from events.contracts import civil_affairs as ca
from events.contracts import education as ed
from events.contracts import public_security as ps
from projections.discrepancies import end_of_week
from services.adapters.tokens import Principal
from services.usecases.reconcile import caller_discrepancies, discrepancies, report
from tests.unit.services.usecases.test_survey_work import C, child, insured, world

WEEK = [date(2026, 8, 31) + timedelta(days=i) for i in range(7)]  # Monday 2026-08-31 .. Sunday 2026-09-06
assert WEEK[0].weekday() == 0 and WEEK[-1].weekday() == 6
SWEEP = [WEEK[0] + timedelta(days=i) for i in range(0, 70)]  # before it opens until long after it is due
DIRECTOR = Principal("director-1", "children_director", "130102")
SCHOOL = Principal("school-1", "school", "130102")


def _enrolled(key):
    return (key, ed.Enrolled(school_code="S2", school_name="桥西小学", stage="primary", grade=2,
                             enrolled_on=date(2025, 9, 1)), "education", date(2025, 9, 1))


def _dropout_world(day):
    # recorded on the day it happened, as a school's system does
    return world(*child(C, "130102002", "41152320150301126X", _enrolled(C),
                        (C, ed.DroppedOut(dropped_on=day, reason="家庭困难"), "education", day),
                        insured(C, "130102")))


def _seen(tasks, rule):
    return sorted((t for t in tasks if t["rule"] == rule), key=str)


def test_end_of_week_is_the_sunday_on_or_after():
    assert [end_of_week(d) for d in WEEK] == [WEEK[-1]] * 7
    assert end_of_week(WEEK[-1] + timedelta(days=1)) == WEEK[-1] + timedelta(days=7)


def test_the_directors_dropout_task_is_the_same_for_every_dropout_day_of_a_week_on_every_day():
    """服务清单 item 6: "及时监测了解流动儿童就学情况，做好劝解引导和帮扶解困工作" — the director acts on the drop-out
    without learning its day."""
    jobs = [_dropout_world(day)[1] for day in WEEK]
    appeared = set()
    for as_of in SWEEP:
        views = [_seen(caller_discrepancies(j, DIRECTOR, "key_child_care", as_of, "", "api"),
                       "dropout_without_director_contact") for j in jobs]
        assert all(v == views[0] for v in views), (as_of, views)
        if views[0]:
            appeared.add(as_of)
            (task,) = views[0]
            assert date.fromisoformat(task["due_on"]).weekday() == 6  # a Sunday
            assert "education.status_since" not in str(task)
    # shown once the grace after the last day of the week is over; due the Sunday on or after 7 days after that
    assert min(appeared) == WEEK[-1] + timedelta(days=15)
    assert date.fromisoformat(task["due_on"]) == end_of_week(WEEK[-1] + timedelta(days=22))


def test_the_schools_student_aid_task_does_not_date_the_dibao_grant():
    """Zhejiang: "家庭经济困难儿童等困境儿童纳入学生资助对象" — the school acts on it without the 低保 grant's date."""
    def grant_world(day):
        return world(*child(C, "130102002", "41152320150301126X", _enrolled(C),
                            (C, ca.SubsistenceAllowanceGranted(monthly_amount_cny=500, since=day), "civil_affairs",
                             day), insured(C, "130102")))[1]
    jobs = [grant_world(day) for day in WEEK]
    shown = 0
    for as_of in SWEEP:
        views = [_seen(caller_discrepancies(j, SCHOOL, "enrolment", as_of, "", "api"),
                       "hardship_without_student_aid") for j in jobs]
        assert all(v == views[0] for v in views), (as_of, views)
        shown += bool(views[0])
    assert shown


def test_the_report_counts_the_same_on_every_day_whatever_the_day_of_the_week():
    jobs = [_dropout_world(day)[1] for day in WEEK]
    for as_of in SWEEP:
        rows = [report(j, as_of, threshold=3) for j in jobs]
        assert all(r == rows[0] for r in rows), as_of


def test_a_department_system_gets_week_generalised_dates_too():
    """医保's system sees no field (its purpose reads no child): its task does not date the residence registration."""
    def registered_world(day):
        (identity, _), extra = child(C, "130102002", "41152320150301126X"), ()
        return world(identity, (C, ps.ResidenceRegistered(area_code="130102002", address="长安区建设路1号", since=day),
                                "public_security", day), *extra)[1]
    jobs = [registered_world(day) for day in WEEK]
    insurer = Principal("medical_insurance:hub", "department_system", None)
    shown = 0
    for as_of in SWEEP:
        views = [caller_discrepancies(j, insurer, "data_reconciliation", as_of, "", "api") for j in jobs]
        assert all(v == views[0] for v in views), as_of
        shown += bool(views[0])
    assert shown


@pytest.mark.parametrize("day", WEEK)
def test_a_receiver_whose_purpose_sees_the_date_gets_the_exact_day(day):
    """The director sees guardianship.* (民政's own fields): the guardian task is due exactly 30 days after the day
    the parents were recorded as migrant workers with no guardian."""
    _, jobs, _ = world(*child(C, "130102002", "41152320150301126X",
                              (C, ca.GuardianshipChanged(status="both_parents", parents_migrant_workers=True),
                               "civil_affairs", day)))
    (task,) = [t for t in caller_discrepancies(jobs, DIRECTOR, "key_child_care", day, "", "api")
               if t["rule"] == "migrant_parents_without_guardian"]
    assert task["due_on"] == (day + timedelta(days=30)).isoformat() and not task["overdue"]
    (late,) = [t for t in caller_discrepancies(jobs, DIRECTOR, "key_child_care", day + timedelta(days=31), "", "api")
               if t["rule"] == "migrant_parents_without_guardian"]
    assert late["overdue"] and late["days_overdue"] == 1


def test_the_cli_path_gives_the_director_the_same_tasks_for_every_day_of_a_week():
    """`childcare care discrepancies --department civil_affairs` reads discrepancies() as 民政's receiver."""
    jobs = [_dropout_world(day)[1] for day in WEEK]
    for as_of in SWEEP[::2]:
        views = [_seen(discrepancies(j, as_of, "civil_affairs"), "dropout_without_director_contact") for j in jobs]
        assert all(v == views[0] for v in views), as_of
