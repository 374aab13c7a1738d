"""摸排 coverage, 比对 discrepancies and 精准识别 proposals through the services (issue 20, items 1, 2 and 6), on a
sealed in-memory store: what each receiver gets, what it may not, and the audit trail."""

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from events.contracts import civil_affairs as ca
from events.contracts import disabled_federation as df
from events.contracts import education as ed
from events.contracts import medical_insurance as mi
from events.contracts import public_security as ps
from events.contracts import village_committee as vc
from events.contracts.common import FieldsCorrected
from events.envelope import Envelope
from privacy.access_policy import load_policy
from privacy.audit import InMemoryAuditSink
from projections.discrepancies import load_rules
from services.adapters.tokens import Principal
from services.usecases.access import AccessDenied, AccessService
from services.usecases.care import CareJobs, job_principal
from services.usecases.reconcile import caller_discrepancies, discrepancies, report
from services.usecases.surveys import director_coverage, director_proposals, job_coverage, job_proposals
from tests.unit.services.usecases.sealed_world import sealed_world

AS_OF = date(2026, 11, 1)
CAMPAIGN = "130102-2026H2"
A, B, C, D = ("ck_" + c * 40 for c in "abcd")
ID = "41152320150301124X"


def events(audit):
    return [r.event for r in audit.records()]


def at(day):
    return datetime.combine(day, datetime.min.time(), UTC).replace(hour=9)


def child(key, area, id_number=ID, *extra):
    return [(key, ps.IdentityRecorded(name="李小花", id_number=id_number, sex="F", birth_date=date(2015, 3, 1),
                                      hukou_area="411523"), "public_security", date(2025, 1, 1)),
            (key, ps.ResidenceRegistered(area_code=area, address="长安区建设路1号", since=date(2025, 1, 1)),
             "public_security", date(2025, 1, 2)), *extra]


def survey(key, source, cls, **kw):
    record = {"campaign": CAMPAIGN, "surveyor_id": "grid-001", "surveyed_on": date(2026, 10, 1),
              "found_at_address": True, "result": "confirmed", "categories_found": [], **kw}
    return (key, cls(**record), source, date(2026, 10, 1))


def world(*events):
    w = sealed_world([Envelope.new(p, source=src, child_key=k, occurred_at=at(day)) for k, p, src, day in events])
    audit = InMemoryAuditSink(b"k")
    return w, CareJobs(w.store, w.cipher, audit, job_principal("job:test")), audit


def insured(key, area):
    return (key, mi.ResidentInsuranceEnrolled(insured_area=area, enrolled_on=date(2025, 2, 1)), "medical_insurance",
            date(2025, 2, 1))


def test_coverage_counts_children_known_to_any_department_against_those_surveyed_in_the_campaign():
    """"各地以縣(市、區)為單位…完成監測摸排和信息錄入" (Hebei plan 一(一))."""
    _, jobs, audit = world(*child(A, "130102001", ID, survey(A, "village_committee", vc.ChildSurveyed)),
                           *child(B, "130102002", "41152320150301125X",
                                  survey(B, "civil_affairs", ca.ChildSurveyed)),
                           *child(C, "130102002", "41152320150301126X"),
                           *child(D, "130104001", "41152320150301127X"))
    out = job_coverage(jobs, CAMPAIGN, "130102", AS_OF)
    assert out["areas"][0] == {"level": "county", "area": "130102", "known": 3, "surveyed": 2, "unsurveyed": 1,
                               "coverage": 0.6667}
    assert out["unsurveyed"] == [{"child_key": C, "county": "130102", "township": "130102002"}]
    (read,) = [e for e in events(audit) if e.purpose == "survey_coverage"]
    assert read.action == "read" and "village_survey.campaign" in read.fields


def test_a_director_sees_the_coverage_of_their_own_area_only_and_each_read_is_audited():
    w, _, _ = world(*child(A, "130102001", ID, survey(A, "village_committee", vc.ChildSurveyed)),
                    *child(D, "130104001", "41152320150301127X"))
    audit = InMemoryAuditSink(b"k")
    access = AccessService(w.store, w.cipher, load_policy(), audit)
    director = Principal("dir-001", "children_director", "130102")
    out = director_coverage(access, director, "survey_coverage", CAMPAIGN)
    assert [a["area"] for a in out["areas"]] == ["130102", "130102001"] and out["unsurveyed"] == []
    assert {e.child_key for e in events(audit) if e.action == "list"} == {A}
    school = Principal("school-1", "school", "130102")
    with pytest.raises(AccessDenied):
        director_coverage(access, school, "enrolment", CAMPAIGN)
    assert events(audit)[-1].outcome == "denied"


def discrepancy_world():
    moved = date(2026, 9, 1)
    return world(
        # enrolled at school while public security recorded the move out (the school is in the old county)
        *child(A, "130102001", ID,
               (A, ed.Enrolled(school_code="S1", school_name="长安小学", stage="primary", grade=3,
                               enrolled_on=date(2025, 9, 1)), "education", date(2025, 9, 1)),
               (A, ps.MovedOut(area_code="130102001", to_area="440106", moved_on=moved), "public_security", moved),
               insured(A, "130102")),
        # 低保 at school without 资助, and a drop-out nobody contacted
        *child(B, "130102002", "41152320150301125X",
               (B, ca.SubsistenceAllowanceGranted(monthly_amount_cny=500, since=date(2026, 1, 1)), "civil_affairs",
                date(2026, 1, 1)),
               (B, ed.Enrolled(school_code="S2", school_name="桥西小学", stage="primary", grade=2,
                               enrolled_on=date(2025, 9, 1)), "education", date(2025, 9, 1)),
               insured(B, "130102")),
        *child(C, "130102002", "41152320150301126X",
               (C, ed.DroppedOut(dropped_on=date(2026, 9, 10), reason="家庭困难"), "education", date(2026, 9, 10)),
               (C, df.DisabilityCertified(category="intellectual", grade=3, certified_on=date(2025, 1, 5)),
                "disabled_federation", date(2025, 1, 5)),
               insured(C, "411523")),  # insured in the hukou county, not where the child lives
        *child(D, "130102003", ID.lower(), insured(D, "130102")))  # the same ID number under another key


def test_each_discrepancy_goes_to_the_owner_of_the_field_to_change_with_a_deadline():
    _, jobs, audit = discrepancy_world()
    kinds = {(t["department"], t["rule"], t["child_key"]) for d in
             ("education", "civil_affairs", "disabled_federation", "medical_insurance", "public_security")
             for t in discrepancies(jobs, AS_OF, d)}
    assert kinds == {("education", "enrolled_but_moved_out", A), ("education", "hardship_without_student_aid", B),
                     ("civil_affairs", "dropout_without_director_contact", C),
                     ("disabled_federation", "disability_without_rehabilitation", C),
                     ("medical_insurance", "residence_without_local_insurance", C),
                     ("public_security", "id_number_under_two_keys", A),
                     ("public_security", "id_number_under_two_keys", D)}
    (moved,) = [t for t in discrepancies(jobs, AS_OF, "education") if t["rule"] == "enrolled_but_moved_out"]
    # moved out on Tue 2026-09-01, due 15 days later (Wed 09-16): the school's purpose does not see the move's date,
    # so the move counts as of its week's Sunday (09-06) and the task is due the Sunday on or after 09-21
    assert moved["area"] == "130102001" and moved["due_on"] == "2026-09-27" and moved["overdue"]
    assert any(e.action == "deliver" and e.child_key == A for e in events(audit))


def test_nothing_in_a_discrepancy_shows_a_field_the_receivers_purpose_excludes():
    _, jobs, _ = discrepancy_world()
    policy = load_policy()
    school = set(policy.fields_for(policy.rule("school", "enrolment"), list(policy_fields())))
    for task in discrepancies(jobs, AS_OF, "education"):
        assert set(task["values"]) <= school
        assert "assistance.dibao" not in task["values"] and "residence.status" not in task["values"]
    for department in ("disabled_federation", "medical_insurance", "public_security"):
        for task in discrepancies(jobs, AS_OF, department):
            assert task["values"] == {}
            text = json.dumps(task, ensure_ascii=False)
            assert ID not in text and ID.lower() not in text and "intellectual" not in text and "李小花" not in text


def policy_fields():
    from projections.fields import FIELDS
    return FIELDS


def test_the_owners_correcting_event_closes_the_discrepancy_and_nobody_elses_can():
    events = [*child(B, "130102002", ID,
                     (B, ca.SubsistenceAllowanceGranted(monthly_amount_cny=500, since=date(2026, 1, 1)),
                      "civil_affairs", date(2026, 1, 1)),
                     (B, ed.Enrolled(school_code="S2", school_name="桥西小学", stage="primary", grade=2,
                                     enrolled_on=date(2025, 9, 1)), "education", date(2025, 9, 1)))]
    _, jobs, _ = world(*events)
    assert [t["rule"] for t in discrepancies(jobs, AS_OF, "education")] == ["hardship_without_student_aid"]
    forged = (B, FieldsCorrected(fields={"education.fee_exempted": True}, reason="x"), "civil_affairs",
              date(2026, 10, 20))
    _, jobs, _ = world(*events, forged)  # 一数一源: 民政 cannot close the school's task
    assert [t["rule"] for t in discrepancies(jobs, AS_OF, "education")] == ["hardship_without_student_aid"]
    fixed = (B, FieldsCorrected(fields={"education.fee_exempted": True}, reason="资助已落实"), "education",
             date(2026, 10, 20))
    _, jobs, _ = world(*events, fixed)
    assert discrepancies(jobs, AS_OF, "education") == []


def test_a_rule_whose_inputs_are_not_declared_for_the_receiver_is_withheld():
    _, jobs, audit = discrepancy_world()
    policy = load_policy()
    jobs.policy = replace(policy, derived=tuple(d for d in policy.derived if d.id != "derived.discrepancies.school"))
    assert discrepancies(jobs, AS_OF, "education") == []
    assert "withheld" in events(audit)[-1].detail


def test_a_caller_gets_only_its_departments_discrepancies_in_its_own_area():
    _, jobs, audit = discrepancy_world()
    school = Principal("school-1", "school", "130102")
    assert {t["department"] for t in caller_discrepancies(jobs, school, "enrolment", AS_OF, "", "api")} == {"education"}
    assert caller_discrepancies(jobs, Principal("school-2", "school", "130104"), "enrolment", AS_OF, "", "api") == []
    with pytest.raises(AccessDenied):
        caller_discrepancies(jobs, school, "enrolment", AS_OF, "13", "api")  # wider than its own area
    insurer = Principal("medical_insurance:hub", "department_system", None)
    assert {t["rule"] for t in caller_discrepancies(jobs, insurer, "data_reconciliation", AS_OF, "", "api")} == {
        "residence_without_local_insurance"}
    delivered = [e for e in events(audit) if e.action == "deliver" and e.actor == "medical_insurance:hub"]
    assert [e.child_key for e in delivered] == [C] and delivered[0].fields == ()
    with pytest.raises(AccessDenied):
        caller_discrepancies(jobs, Principal("stat", "statistician", None), "statistics", AS_OF, "", "api")


def test_the_report_counts_open_and_overdue_per_area_department_and_rule():
    _, jobs, _ = discrepancy_world()
    rows = report(jobs, AS_OF, threshold=3)
    assert {(r["department"], r["rule"]) for r in rows} >= {("education", "enrolled_but_moved_out"),
                                                             ("public_security", "id_number_under_two_keys")}
    assert all(r["open"] is None for r in rows)  # every count here is under 3


def test_a_child_meeting_the_criteria_outside_the_ledger_is_proposed_to_the_director():
    """"助力困境儿童精准识别" (Zhejiang): a task for the director, not an entry."""
    w, jobs, audit = world(
        *child(A, "130102001", ID,
               (A, ca.SubsistenceAllowanceGranted(monthly_amount_cny=500, since=date(2026, 1, 1)), "civil_affairs",
                date(2026, 1, 1)),
               survey(A, "village_committee", vc.ChildSurveyed, result="needs_help",
                      categories_found=["help_request"])),
        *child(B, "130102002", "41152320150301125X",
               (B, ca.KeyChildLedgerEntered(reasons=["disability"], director_id="dir-001",
                                            entered_on=date(2026, 1, 1)), "civil_affairs", date(2026, 1, 1)),
               (B, df.DisabilityCertified(category="visual", grade=2, certified_on=date(2025, 1, 5)),
                "disabled_federation", date(2025, 1, 5))))
    (proposal,) = job_proposals(jobs, "130102", AS_OF)
    assert proposal["child_key"] == A and proposal["reasons"] == ["family_hardship", "survey:help_request"]
    assert w.store.get(A).value("ledger.in_ledger") is None  # proposed, not entered
    assert any(e.action == "deliver" and e.child_key == A for e in events(audit))
    access = AccessService(w.store, w.cipher, load_policy(), InMemoryAuditSink(b"k"))
    director = Principal("dir-001", "children_director", "130102")
    assert director_proposals(access, director, "precise_identification") == [
        {"child_key": A, "kind": "ledger_proposal", "area": "130102001",
         "reasons": ["family_hardship", "survey:help_request"]}]


@pytest.mark.parametrize("rule", load_rules().rules, ids=lambda r: r.id)
def test_every_shipped_rule_reaches_its_receiver_only_through_its_purpose_or_a_declared_derivation(rule):
    from services.usecases.reconcile import _inputs, receiver

    policy = load_policy()
    to = receiver(policy, load_rules(), rule.department)
    assert to.may_get(rule), f"{rule.id}: inputs neither in {to.purpose} nor declared for it"
    job = policy.rule("care_job", "data_reconciliation")
    assert _inputs(load_rules()) <= set(policy.fields_for(job, list(policy_fields())))
