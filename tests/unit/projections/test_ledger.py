from datetime import date

import pytest

from projections.ledger import deadline_alerts, due_tasks, ledger_flags, risk_level, should_enter_ledger

AS_OF = date(2025, 9, 1)


@pytest.mark.parametrize("fields, flag", [
    ({"assistance.dibao": True}, "family_hardship"), ({"assistance.tekun": True}, "family_hardship"),
    ({"disability.category": "hearing"}, "disability"), ({"guardianship.status": "lacking"}, "lack_of_guardianship"),
    ({"orphan.status": "orphan"}, "lack_of_guardianship"), ({"ledger.reasons": ["wandering"]}, "wandering"),
    ({"ledger.reasons": ["psychological"]}, "psychological"), ({"ledger.reasons": ["behavioural"]}, "behavioural"),
    ({"ledger.reasons": ["help_request"]}, "help_request"),
])
def test_each_flag_puts_a_child_forward_for_the_ledger(fields, flag):
    assert flag in ledger_flags(fields) and should_enter_ledger(fields)
    assert not should_enter_ledger({**fields, "ledger.in_ledger": True})


def test_a_child_with_no_flags_is_not_suggested():
    assert ledger_flags({}) == [] and not should_enter_ledger({})


@pytest.mark.parametrize("fields, level", [
    ({"insurance.resident_enrolled": True}, "low"),
    ({"insurance.resident_enrolled": True, "education.status": "dropped_out"}, "medium"),
    ({"guardianship.status": "lacking", "education.status": "dropped_out"}, "high"),
])
def test_risk_levels_come_from_versioned_weights(fields, level):
    assessment = risk_level(fields, AS_OF)
    assert assessment.level == level and assessment.rules_version


def test_what_no_policy_supports_is_no_risk():
    # "开展风险等级评估" (Guizhou) names the assessment, not these reasons: a record without insurance data is
    # missing data, and parents who are migrant workers is the ordinary case of a 流动儿童.
    plain = risk_level({}, AS_OF)
    both = risk_level({"guardianship.parents_migrant_workers": True, "insurance.resident_enrolled": False}, AS_OF)
    assert plain.score == both.score == 0 and both.reasons == ()


LEDGER = {"ledger.in_ledger": True, "ledger.entered_on": "2024-11-30"}
EARLY = {**LEDGER, "ledger.entered_on": "2023-01-01"}


@pytest.mark.parametrize("fields, kind, due", [
    (LEDGER, "contact", date(2025, 2, 28)),
    ({**EARLY, "ledger.last_contact_on": "2023-11-30"}, "contact", date(2024, 2, 29)),
    ({**EARLY, "ledger.last_home_visit_on": "2024-08-31"}, "home_visit", date(2025, 2, 28)),
    ({**EARLY, "ledger.last_home_visit_on": "2023-08-31"}, "home_visit", date(2024, 2, 29)),
])
def test_deadlines_clamp_across_month_ends_and_leap_years(fields, kind, due):
    (task,) = [t for t in due_tasks(fields, AS_OF, date(2025, 6, 1)) if t.kind == kind]
    assert task.due_on == due and task.overdue


def test_the_day_of_the_deadline_is_not_yet_overdue():
    (contact,) = [t for t in due_tasks(LEDGER, date(2025, 2, 28), date(2025, 1, 1)) if t.kind == "contact"]
    assert not contact.overdue and contact.days_overdue == 0


def test_info_refresh_is_due_six_months_after_the_last_update():
    (refresh,) = [t for t in due_tasks(LEDGER, AS_OF, date(2025, 2, 28)) if t.kind == "info_refresh"]
    assert refresh.due_on == date(2025, 8, 28) and refresh.days_overdue == 4


def test_children_outside_the_ledger_have_no_tasks():
    assert due_tasks({"ledger.in_ledger": False}, AS_OF, AS_OF) == []


def test_each_alert_is_emitted_once_over_consecutive_windows():
    days = [date(2025, 2, d) for d in range(20, 29)] + [date(2025, 3, d) for d in range(1, 10)]
    emitted = []
    for previous, today in zip(days, days[1:], strict=False):
        emitted += [t.kind for t in deadline_alerts(LEDGER, previous, today, date(2025, 1, 1))]
    assert emitted == ["contact"]


@pytest.mark.parametrize("order_on, counted", [("2025-06-01", True), ("2024-06-01", False)])
def test_a_recent_guardianship_supervision_order_raises_the_risk(order_on, counted):
    fields = {"insurance.resident_enrolled": True, "judicial.supervision_order_on": order_on}
    assessment = risk_level(fields, AS_OF)
    assert ("guardianship_supervision_order" in assessment.reasons) is counted
    assert (assessment.level == "medium") is counted


def test_the_risk_rules_name_the_fields_a_caller_must_open():
    from projections.fields import FIELDS
    from projections.ledger import risk_fields

    assert {"judicial.supervision_order_on", "guardianship.status"} <= risk_fields() <= FIELDS.keys()


def test_a_contact_from_an_earlier_time_in_the_ledger_does_not_count_after_re_entry():
    """"儿童主任至少三个月联系一次": the clock of a re-entered child starts at the re-entry."""
    fields = {**LEDGER, "ledger.last_contact_on": "2023-11-30"}
    (contact,) = [t for t in due_tasks(fields, AS_OF, AS_OF) if t.kind == "contact"]
    assert contact.due_on == date(2025, 2, 28)


def test_a_deadline_already_passed_at_entry_is_alerted_at_once_not_skipped():
    late = {**LEDGER, "ledger.entered_on": "2025-08-20", "ledger.last_contact_on": None}
    backdated = {**LEDGER, "ledger.entered_on": "2024-01-01"}  # entered long ago, recorded now
    assert [t.kind for t in deadline_alerts(backdated, date(2025, 8, 31), AS_OF, AS_OF,
                                            arrived_on=date(2025, 9, 1))] == ["contact", "home_visit"]
    assert deadline_alerts(late, date(2025, 8, 31), AS_OF, AS_OF) == []  # nothing overdue yet


def test_the_info_refresh_of_every_migrant_child_is_reset_only_by_a_civil_affairs_re_check():
    """"至少每半年更新一次流动儿童信息" (Hebei plan): for every migrant child, not only the ledger."""
    from projections.ledger import refresh_task

    assert due_tasks({}, AS_OF, date(2025, 1, 1), migrant=True)[0].kind == "info_refresh"
    assert refresh_task({}, AS_OF, date(2025, 1, 1)).due_on == date(2025, 7, 1)
    assert refresh_task({"monitoring.last_refreshed_on": "2025-06-01"}, AS_OF,
                        date(2025, 1, 1)).due_on == date(2025, 12, 1)
    assert due_tasks({}, AS_OF, date(2025, 1, 1), migrant=False) == []


@pytest.mark.parametrize("category", ["low_income_margin", "serious_illness", "severe_disability", "single_parent",
                                      "left_behind", "improper_guardianship", "infringed"])
def test_zhejiang_hardship_categories_put_a_child_forward_for_the_ledger(category):
    """浙江: 困境儿童 "低保边缘家庭中的重病、重残", "单亲家庭儿童", "留守儿童", "监护缺失、监护不当", "遭受侵害"."""
    fields = {"ledger.categories": [category]}
    assert category in ledger_flags(fields) and should_enter_ledger(fields)
