"""Harm reports through to crisis intervention (issue 20, item 3): steps, deadlines, stages and alerts.

Hebei plan: "流動兒童的父母或者其他監護人不依法履行監護職責或者侵犯兒童合法權益的要予以勸誡、制止,
情節嚴重的應當及時向公安機關報告。
公安機關接到報告…應當予以訓誡,并可以責令其接受家庭教育指導。各地民政部門要為符合條件的流動兒童提供臨時監護、長期監護保障".
Zhejiang: "建立健全监护缺失、监护不当困境儿童危机干预制度", "撤销其监护人资格,并依法指定监护人".
"""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from projections.harm_cases import (
    CHINA,
    as_moment,
    case_open,
    guardianship_stage,
    late_steps,
    latest_report,
    load_deadlines,
    new_report,
    steps,
)

POLICY = Path("/work/shared/policy")
REPORTED = datetime(2026, 11, 2, 9, 0, tzinfo=CHINA)
HARM = {"protection.report_education_at": REPORTED.isoformat(), "protection.report_education_kind": "harm"}
NEGLECT = {"protection.report_civil_affairs_at": REPORTED.isoformat(),
           "protection.report_civil_affairs_kind": "neglect"}


def _quoted(name, text):
    path = POLICY / name
    if path.exists():
        assert text in path.read_text(encoding="utf-8")


def test_the_wording_quoted_is_the_policy_text():
    _quoted("hebei-action-plan.txt", "公安機關接到報告或者公安機關、人民檢察院、人民法院在辦理案件過程中"
            "發現流動兒童父母或者其他監護人存在上述情形的,應當予以訓誡,并可以責令其接受家庭教育指導")
    _quoted("zhejiang-measures.txt", "建立健全监护缺失、监护不当困境儿童危机干预制度")
    _quoted("zhejiang-measures.txt", "撤销其监护人资格,并依法指定监护人")


def test_no_report_no_case():
    assert steps({}) == [] and guardianship_stage({}) is None and not case_open({})


def test_a_report_owes_the_police_a_reprimand_and_civil_affairs_a_crisis_intervention_counted_in_hours():
    d = load_deadlines()
    police, crisis = steps(HARM)
    assert (police.kind, police.owner, police.due_at) == ("police", "public_security",
                                                         REPORTED + timedelta(hours=d.police_hours))
    assert (crisis.kind, crisis.owner, crisis.due_at) == ("crisis", "civil_affairs",
                                                         REPORTED + timedelta(hours=d.crisis_hours["harm"]))
    assert case_open(HARM)


def test_harm_is_more_urgent_than_neglect():
    d = load_deadlines()
    assert d.crisis_hours["harm"] < d.crisis_hours["neglect"]
    (_, crisis) = steps(NEGLECT)
    assert crisis.due_at == REPORTED + timedelta(hours=d.crisis_hours["neglect"])


def test_the_deadline_hour_itself_is_not_late_one_minute_after_is():
    (police, _) = steps(HARM)
    assert not police.overdue(police.due_at) and police.overdue(police.due_at + timedelta(minutes=1))


def test_a_step_taken_before_the_report_does_not_count_for_it():
    old = {**HARM, "protection.reprimand_on": "2026-10-01",
           "protection.crisis_at": "2026-10-01T10:00:00+08:00", "protection.crisis_measure": "home_with_supervision"}
    assert not any(s.done for s in steps(old))


def test_reprimand_and_temporary_guardianship_then_the_procuratorate_owes_a_supervision_order_within_days():
    placed = REPORTED + timedelta(hours=6)
    fields = {**HARM, "protection.reprimand_on": "2026-11-02", "protection.guidance_ordered": True,
              "protection.crisis_at": placed.isoformat(), "protection.crisis_measure": "temporary_guardianship"}
    police, crisis, judicial = steps(fields)
    assert police.done and crisis.done and not judicial.done and judicial.owner == "procuratorate"
    assert judicial.due_at.date() == (placed + timedelta(days=load_deadlines().judicial_days)).date()
    assert guardianship_stage(fields) == "temporary"
    ordered = {**fields, "judicial.supervision_order_on": "2026-11-20"}
    assert not case_open(ordered)
    revoked = {**fields, "protection.revoked_on": "2026-11-25", "protection.appointed_guardian": "civil_affairs"}
    assert not case_open(revoked) and guardianship_stage(revoked) == "long_term"


def test_a_child_left_at_home_under_supervision_owes_no_judicial_step():
    fields = {**NEGLECT, "protection.reprimand_on": "2026-11-02",
              "protection.crisis_at": (REPORTED + timedelta(hours=30)).isoformat(),
              "protection.crisis_measure": "home_with_supervision"}
    assert [s.kind for s in steps(fields)] == ["police", "crisis"] and not case_open(fields)
    assert guardianship_stage(fields) == "improper"


@pytest.mark.parametrize("fields, stage", [
    (NEGLECT, "improper"), (HARM, "infringed"),
    ({**HARM, "protection.crisis_at": REPORTED.isoformat(), "protection.crisis_measure": "temporary_guardianship"},
     "temporary"),
    ({**HARM, "guardianship.state_care": "long_term"}, "long_term"),
    ({**HARM, "protection.revoked_on": "2026-12-01", "protection.appointed_guardian": "relative"},
     "guardian_appointed"),
])
def test_the_guardianship_stage_follows_the_steps(fields, stage):
    # 监护不当 → 监护侵害 → 临时监护 → 长期监护 / 依法指定监护人
    assert guardianship_stage(fields) == stage


def test_a_harm_report_from_any_reporter_makes_the_episode_one_of_harm():
    later = REPORTED + timedelta(days=2)
    fields = {**HARM, "protection.report_police_at": later.isoformat(), "protection.report_police_kind": "neglect"}
    report = latest_report(fields)
    assert report is not None and report.at == later and report.kind == "harm" and report.reporter == "public_security"


def test_a_time_without_zone_is_beijing_time_and_a_day_bound_is_its_end():
    fields = {"protection.report_health_at": "2026-11-02T09:00:00", "protection.report_health_kind": "harm"}
    report = latest_report(fields)
    assert report is not None and report.at == REPORTED
    assert as_moment(date(2026, 11, 2)) > REPORTED


def test_late_steps_are_alerted_once_to_their_owner():
    (police, crisis) = steps(HARM)
    first = late_steps(HARM, REPORTED, police.due_at)
    assert [(s.kind, s.owner) for s in first] == [("police", "public_security"), ("crisis", "civil_affairs")]
    assert late_steps(HARM, police.due_at, police.due_at + timedelta(days=5)) == []
    done = {**HARM, "protection.reprimand_on": "2026-11-02"}
    assert [s.kind for s in late_steps(done, REPORTED, police.due_at)] == ["crisis"]


def test_a_new_report_is_told_once():
    assert new_report(HARM, REPORTED - timedelta(hours=1), REPORTED) is not None
    assert new_report(HARM, REPORTED, REPORTED + timedelta(hours=1)) is None


def test_damaged_values_do_not_crash():
    fields = {"protection.report_education_at": "not a time", "protection.report_police_at": 7,
              "protection.report_health_at": REPORTED.isoformat(), "protection.reprimand_on": "2026-13-40",
              "protection.crisis_at": None}
    assert [s.kind for s in steps(fields)] == ["police", "crisis"] and guardianship_stage(fields) == "improper"


def test_a_report_in_another_zone_counts_from_the_same_instant():
    utc = REPORTED.astimezone(UTC).isoformat()
    assert latest_report({"protection.report_police_at": utc, "protection.report_police_kind": "harm"}).at == REPORTED


def test_far_future_values_do_not_crash():
    far = {"protection.report_police_at": "9998-12-31T23:00:00+08:00", "protection.report_police_kind": "harm",
           "protection.crisis_at": "9998-12-31T23:30:00+08:00", "protection.crisis_measure": "temporary_guardianship"}
    assert [s.kind for s in steps(far)] == ["police", "crisis", "judicial"]
    assert late_steps(far, REPORTED, REPORTED) == []


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00-12:00", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00"])
def test_times_at_the_ends_of_the_calendar_are_no_report(value):
    fields = {"protection.report_police_at": value, "protection.report_police_kind": "harm",
              "protection.report_health_at": REPORTED.isoformat(), "protection.report_health_kind": "neglect"}
    report = latest_report(fields)
    assert report is not None and report.at == REPORTED and report.kind == "neglect"


def test_a_report_that_becomes_known_after_its_deadlines_is_alerted_at_once_not_never():
    # "應當及時向公安機關報告": a report filed days after the time it names still reaches the police and 民政.
    filed = REPORTED + timedelta(days=3)
    window = (filed - timedelta(hours=1), filed)
    assert late_steps(HARM, *window) == []  # by deadline alone: both passed before the window
    assert [s.kind for s in late_steps(HARM, *window, known_at=filed)] == ["police", "crisis"]
    assert new_report(HARM, *window) is None and new_report(HARM, *window, known_at=filed) is not None
    later = (filed, filed + timedelta(days=1))
    assert late_steps(HARM, *later, known_at=filed) == [] and new_report(HARM, *later, known_at=filed) is None


def test_an_open_case_is_in_the_scope_of_the_areas_its_reports_were_made_in_until_it_closes():
    from projections.harm_cases import open_case_areas

    here = {**HARM, "protection.report_education_area": "330106001"}
    assert open_case_areas(here) == {"330106001"}
    # a report of the same episode from a hospital elsewhere; one of long ago does not count
    both = {**here, "protection.report_health_at": (REPORTED - timedelta(days=3)).isoformat(),
            "protection.report_health_kind": "neglect", "protection.report_health_area": "330108001",
            "protection.report_police_at": (REPORTED - timedelta(days=400)).isoformat(),
            "protection.report_police_kind": "harm", "protection.report_police_area": "330110001"}
    assert open_case_areas(both) == {"330106001", "330108001"}
    closed = {**here, "protection.reprimand_on": REPORTED.date().isoformat(),
              "protection.crisis_at": (REPORTED + timedelta(hours=2)).isoformat(),
              "protection.crisis_measure": "kinship_placement"}
    assert not case_open(closed) and open_case_areas(closed) == frozenset()
    assert open_case_areas(HARM) == frozenset() and open_case_areas({}) == frozenset()


def test_the_callers_own_report_gives_no_case_area():
    """Day-3 attack pass decision: a report gives its filer no case_area scope; the other reports of the episode
    still do."""
    from projections.harm_cases import open_case_areas

    mine = {**HARM, "protection.report_civil_affairs_at": REPORTED.isoformat(),
            "protection.report_civil_affairs_kind": "neglect", "protection.report_civil_affairs_area": "330108"}
    assert open_case_areas(mine) == {"330108"}
    assert open_case_areas(mine, skip={"civil_affairs"}) == frozenset()
    both = {**mine, "protection.report_education_area": "330108001"}
    assert open_case_areas(both, skip={"civil_affairs"}) == {"330108001"}
