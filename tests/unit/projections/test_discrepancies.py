"""Cross-department 比对 rules (data/discrepancy_rules.json): each rule, its owner and its deadline.

Hebei plan 一(三): "甄別比對相關信息,根據情況更新調整,提高數據準確性". The deadlines and grace periods are the
platform's settings (the policies give none): each test states the number it checks.
"""

from datetime import date
from pathlib import Path

import pytest

from projections.catalogue.rules import RuleError
from projections.discrepancies import duplicate_keys, findings, load_rules, parse_rules, report_rows
from projections.fields import FIELDS

POLICY = Path("/work/shared/policy")
AS_OF = date(2026, 11, 1)


def found(fields, changed_on=None, as_of=AS_OF):
    return {f.rule.id: f for f in findings(fields, changed_on or {}, as_of)}


def rule(rule_id):
    return next(r for r in load_rules().rules if r.id == rule_id)


def policy_text():
    return "".join(p.read_text(encoding="utf-8") for p in POLICY.glob("*.txt")) if POLICY.exists() else ""


@pytest.mark.parametrize("r", load_rules().rules, ids=lambda r: r.id)
def test_every_rule_quotes_the_policy_and_goes_to_the_owner_of_what_must_change(r):
    text = policy_text()
    if text:
        assert r.wording in text
    assert all(FIELDS[f].owner.value == r.department for f in r.fields_to_change)
    assert r.deadline_days > 0


def test_a_field_to_change_that_the_department_does_not_own_is_refused():
    raw = {"version": "t", "receivers": {"education": {"role": "school", "purpose": "enrolment"}},
           "rules": [{"id": "x", "wording": "w", "department": "education", "fields_to_change": ["residence.status"],
                      "deadline_days": 1, "when": {"always": None}}]}
    with pytest.raises(RuleError, match="owned by public_security"):
        parse_rules(raw)


def test_enrolled_at_school_but_moved_out():
    """"公安部門加強流動人口居住登記、跨區域流動等監測。教育部門推送共享流動兒童學前教育段和義務教育段就學信息。":
    the school still reports the child enrolled after public security recorded the move out; due 15 days after the
    move."""
    fields = {"education.status": "enrolled", "education.status_since": "2025-09-01", "residence.status": "moved_out",
              "residence.moved_on": "2026-10-01"}
    hit = found(fields, {"residence.status": date(2026, 10, 2), "education.status": date(2025, 9, 1)})
    assert (hit["enrolled_but_moved_out"].due_on == date(2026, 10, 17)
            and rule("enrolled_but_moved_out").deadline_days == 15)
    assert hit["enrolled_but_moved_out"].rule.department == "education"
    # An enrolment after the move (the new school) is no discrepancy; the school's correction closes it.
    assert "enrolled_but_moved_out" not in found({**fields, "education.status_since": "2026-10-05"})
    assert "enrolled_but_moved_out" not in found({**fields, "education.status": "dropped_out"})


def test_a_drop_out_without_a_director_contact_in_15_days():
    """"及时监测了解流动儿童就学情况，做好劝解引导和帮扶解困工作" (item 6): 15 days after the drop-out without a contact
    the director's task opens, due 7 days later; a contact on or after the drop-out closes it."""
    fields = {"education.status": "dropped_out", "education.status_since": "2026-10-01"}
    assert found(fields, as_of=date(2026, 10, 15)) == {}
    hit = found(fields, {"education.status": date(2026, 10, 1)}, as_of=date(2026, 10, 16))
    assert hit["dropout_without_director_contact"].opened_on == date(2026, 10, 16)
    assert hit["dropout_without_director_contact"].due_on == date(2026, 10, 23)
    assert "dropout_without_director_contact" in found({**fields, "ledger.last_contact_on": "2026-09-20"})
    assert "dropout_without_director_contact" not in found({**fields, "ledger.last_contact_on": "2026-10-03"})


def test_a_hardship_child_at_school_without_student_aid():
    """"孤儿、事实无人抚养儿童、持证残疾儿童和家庭经济困难儿童等困境儿童纳入学生资助对象,减免相关费用" (Zhejiang):
    a child of a 低保 or 特困 household enrolled without 资助 goes to the school, due in 30 days."""
    base = {"education.status": "enrolled"}
    hit = found({**base, "assistance.dibao": True}, {"assistance.dibao": date(2026, 9, 1)})
    assert hit["hardship_without_student_aid"].due_on == date(2026, 10, 1)
    assert hit["hardship_without_student_aid"].overdue(AS_OF)
    assert "hardship_without_student_aid" in found({**base, "assistance.tekun": True})
    assert "hardship_without_student_aid" not in found({**base, "assistance.dibao": True,
                                                        "education.fee_exempted": True})
    assert "hardship_without_student_aid" not in found({**base, "assistance.dibao": False})  # an ended 低保


def test_a_disability_certificate_without_rehabilitation_in_12_months():
    """"做好流动残疾儿童在居住地的康复咨询、康复转介、康复训练等康复服务" (item 13): 12 months after the certificate
    or the last rehabilitation, 残联's task opens, due in 30 days."""
    fields = {"disability.category": "intellectual", "disability.certified_on": "2025-06-01"}
    hit = found(fields, {"disability.category": date(2025, 6, 1)})
    assert hit["disability_without_rehabilitation"].opened_on == date(2026, 6, 1)
    assert hit["disability_without_rehabilitation"].due_on == date(2026, 7, 1)
    assert "disability_without_rehabilitation" not in found({**fields, "disability.last_rehab_on": "2026-03-01"})
    assert "disability_without_rehabilitation" not in found({**fields, "disability.certified_on": "2026-05-01"})


def test_parents_both_migrant_workers_without_a_guardian_recorded():
    """"民政部門將流動兒童基本信息、家庭情況、監護情況等信息及時提供給相關部門": parents away and no guardian on
    record."""
    assert "migrant_parents_without_guardian" in found({"guardianship.parents_migrant_workers": True})
    assert "migrant_parents_without_guardian" in found({"guardianship.parents_migrant_workers": True,
                                                        "guardianship.guardian_name": "x",
                                                        "guardianship.status": "both_parents"})
    assert "migrant_parents_without_guardian" not in found({"guardianship.parents_migrant_workers": True,
                                                            "guardianship.guardian_name": "x",
                                                            "guardianship.status": "relative"})
    assert rule("migrant_parents_without_guardian").department == "civil_affairs"


def test_a_residence_registration_without_insurance_where_the_child_lives():
    """"持续推动流动儿童持居住证在居住地参加居民医保工作" (item 8): 医保's task, due in 60 days."""
    base = {"residence.status": "registered", "residence.area_code": "130102"}
    assert "residence_without_local_insurance" in found(base)
    assert "residence_without_local_insurance" in found({**base, "insurance.resident_enrolled": True,
                                                         "insurance.insured_area": "411523"})
    assert "residence_without_local_insurance" not in found({**base, "insurance.resident_enrolled": True,
                                                             "insurance.insured_area": "130102"})
    assert rule("residence_without_local_insurance").deadline_days == 60


def test_the_same_id_number_under_two_child_keys():
    """"甄別比對相關信息,根據情況更新調整,提高數據準確性": one ID number under two keys goes to public security."""
    dup = duplicate_keys([("ck_a", "11010520100101123x"), ("ck_b", "11010520100101123X"), ("ck_c", "1"),
                          ("ck_d", None), ("ck_e", "")])
    assert dup == {"ck_a": ["ck_b"], "ck_b": ["ck_a"]}
    assert rule("id_number_under_two_keys").department == "public_security"
    assert rule("id_number_under_two_keys").shows == ()  # the number itself is never in the task


def test_the_report_hides_small_counts():
    tasks = [{"area": "130102", "department": "education", "rule": "r", "overdue": i < 2} for i in range(6)]
    tasks += [{"area": "130104", "department": "education", "rule": "r", "overdue": True}]
    assert report_rows(tasks, 5) == [
        {"area": "130102", "department": "education", "rule": "r", "open": 6, "overdue": 2},
        {"area": "130104", "department": "education", "rule": "r", "open": None, "overdue": None}]
