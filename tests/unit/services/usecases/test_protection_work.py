"""Protection work through the jobs and the gate (issue 20, items 3-5), on a sealed in-memory world: alerts to the
department that owes the next step, nothing personal in them, each run audited, each field only for the purposes
that act on it."""

from datetime import UTC, date, datetime, timedelta

import pytest

from events.contracts import civil_affairs as ca
from events.contracts import education as ed
from events.contracts import harm_reports as hr
from events.contracts import mental_health as mh
from events.contracts import procuratorate as pr
from events.contracts import public_security as ps
from events.contracts import risk_assessment as ra
from events.envelope import Envelope
from privacy.access_policy import load_policy
from privacy.audit import InMemoryAuditSink
from privacy.cipher import is_sealed
from projections.harm_cases import CHINA, guardianship_stage
from services.adapters.tokens import Principal
from services.processor.handler import BatchHandler
from services.processor.messages import RawMessage
from services.usecases.access import AccessDenied, AccessService, plain_fields
from services.usecases.care import CareJobs, job_principal
from services.usecases.protection import RecordProtector
from services.usecases.protection_work import (
    for_caller,
    harm_alerts,
    harm_steps,
    mental_health_alert_list,
    mental_health_task_list,
)
from tests.unit.services.usecases.sealed_world import sealed_world

KEY = "ck_" + "f" * 40
AREA = "330106001"
REPORTED = datetime(2026, 11, 2, 9, 0, tzinfo=CHINA)


def at(day):
    return datetime.combine(day, datetime.min.time(), UTC).replace(hour=1)


def env(payload, source, when):
    return Envelope.new(payload, source=source, child_key=KEY, occurred_at=when if isinstance(when, datetime)
                        else at(when))


BASE = [
    env(ps.IdentityRecorded(name="周小雨", id_number="41152320150301124X", sex="F", birth_date=date(2015, 3, 1),
                            hukou_area="411523"), "public_security", date(2025, 1, 1)),
    env(ps.ResidenceRegistered(area_code=AREA, address="西湖区文三路1号", since=date(2025, 1, 1)), "public_security",
        date(2025, 1, 2)),
    env(ed.Enrolled(school_code="S3301", school_name="文三路小学", stage="primary", grade=5,
                    enrolled_on=date(2025, 9, 1)), "education", date(2025, 9, 1)),
]
REPORT = env(hr.SchoolHarmReported(reported_at=REPORTED, kind="harm"), "education", REPORTED)
REPRIMAND = env(hr.GuardianReprimanded(reprimanded_on=date(2026, 11, 2), guidance_ordered=True), "public_security",
                REPORTED + timedelta(hours=5))
PLACED = env(hr.CrisisInterventionStarted(started_at=REPORTED + timedelta(hours=8), measure="temporary_guardianship"),
             "civil_affairs", REPORTED + timedelta(hours=8))
ORDER = env(pr.GuardianshipSupervisionOrderIssued(issued_on=date(2026, 11, 20), concern="abuse_risk"), "procuratorate",
            date(2026, 11, 20))
REVOKED = env(hr.GuardianshipRevoked(decided_on=date(2026, 12, 10), appointed="civil_affairs"), "court",
              date(2026, 12, 10))


def world(*events):
    w = sealed_world([*BASE, *events])
    audit = InMemoryAuditSink(b"k")
    return w, CareJobs(w.store, w.cipher, audit, job_principal("job:test")), audit


def test_a_new_report_goes_to_the_police_and_late_steps_to_their_owners():
    _, jobs, audit = world(REPORT)
    first = harm_alerts(jobs, REPORTED - timedelta(hours=1), REPORTED)
    assert [(a["kind"], a["to"]) for a in first] == [("harm_reported", "public_security")]
    late = harm_alerts(jobs, REPORTED, REPORTED + timedelta(days=4))
    assert {(a["kind"], a["to"]) for a in late} == {("police_step_late", "public_security"),
                                                    ("crisis_step_late", "civil_affairs")}
    assert harm_alerts(jobs, REPORTED + timedelta(days=4), REPORTED + timedelta(days=8)) == []
    assert [r.event.purpose for r in audit.records()] == ["child_protection"] * 3


def test_after_a_placement_in_temporary_guardianship_the_procuratorate_is_alerted_when_no_order_comes():
    _, jobs, _ = world(REPORT, REPRIMAND, PLACED)
    late = harm_alerts(jobs, REPORTED, date(2026, 12, 31))
    assert [(a["kind"], a["to"]) for a in late] == [("judicial_step_late", "procuratorate")]
    (open_step,) = harm_steps(jobs, date(2026, 11, 10), "330106")
    assert open_step["kind"] == "judicial" and not open_step["overdue"]


def test_a_case_walked_through_to_a_court_order_owes_nothing_and_the_stage_is_long_term_care():
    w, jobs, audit = world(REPORT, REPRIMAND, PLACED, ORDER, REVOKED)
    assert harm_alerts(jobs, REPORTED, date(2027, 1, 31)) == [] or \
        [a["kind"] for a in harm_alerts(jobs, REPORTED, date(2027, 1, 31))] == ["harm_reported"]
    assert harm_steps(jobs, date(2027, 1, 31)) == []
    gate = AccessService(w.store, w.cipher, load_policy(), audit)
    view = gate.read(Principal("judge-1", "judge", "330106"), "child_protection", KEY, origin="test")
    assert guardianship_stage(view.fields) == "long_term"


def test_an_alert_carries_no_personal_value():
    _, jobs, _ = world(REPORT)
    for alert in harm_alerts(jobs, REPORTED - timedelta(hours=1), REPORTED + timedelta(days=5)):
        assert set(alert) == {"child_key", "kind", "to", "due_at", "area"}
        assert "harm" not in alert["kind"].replace("harm_reported", "") and "周小雨" not in str(alert)


def test_alerts_reach_only_the_department_and_area_they_are_for():
    _, jobs, _ = world(REPORT)
    alerts = harm_alerts(jobs, REPORTED, REPORTED + timedelta(days=5))
    assert {a["to"] for a in for_caller(alerts, "police", "330106")} == {"public_security"}
    assert for_caller(alerts, "police", "520102") == []
    assert for_caller(alerts, "children_director", "330106") == []
    assert for_caller(alerts, "police", None) == []


@pytest.mark.parametrize("role, purpose, fields, allowed", [
    ("police", "child_protection", ["protection.report_education_kind", "protection.reprimand_on"], True),
    ("police", "child_protection", ["protection.crisis_measure"], False),
    ("caseworker", "crisis_intervention", ["protection.crisis_measure", "protection.report_education_kind"], True),
    ("children_director", "key_child_care", ["protection.report_education_kind"], False),
    ("caseworker", "assistance_review", ["protection.report_education_kind"], False),
    ("school", "enrolment", ["mental_health.assessment_level"], False),
    ("health_worker", "health_management", ["mental_health.referred_on"], False),
    ("health_worker", "mental_health", ["mental_health.assessment_level"], False),
    ("health_worker", "mental_health", ["mental_health.referred_on"], True),
    ("school", "mental_health", ["mental_health.assessment_level"], True),
    ("downstream_app", "entitlement_matching", ["mental_health.plan_status"], False),
    # the other receivers of a referral get its alerts and read nothing; health does not read their outcomes
    ("youth_worker", "mental_health", ["mental_health.referred_on"], False),
    ("youth_worker", "mental_health", ["mental_health.hotline_outcome_on"], False),
    ("youth_worker", "youth_services", ["mental_health.hotline_outcome_on"], False),
    ("caseworker", "mental_health", ["mental_health.social_work_outcome_on"], False),
    ("social_worker", "case_work", ["mental_health.social_work_outcome_on"], False),
    ("health_worker", "mental_health", ["mental_health.hotline_outcome_on"], False),
    ("health_worker", "mental_health", ["mental_health.social_work_outcome"], False),
    ("downstream_app", "entitlement_matching", ["mental_health.hotline_outcome_on"], False),
    ("school", "mental_health", ["mental_health.referred_to"], True),
])
def test_only_the_purposes_that_act_on_them_see_the_new_fields(role, purpose, fields, allowed):
    w, _, audit = world(REPORT, PLACED, env(mh.MentalHealthAssessed(school_year="2026-2027",
                                                                    assessed_on=date(2026, 10, 1), level="attention"),
                                           "education", date(2026, 10, 1)),
                        env(mh.MentalHealthReferred(referred_on=date(2026, 10, 3), referred_to="hospital"),
                            "education", date(2026, 10, 3)))
    gate = AccessService(w.store, w.cipher, load_policy(), audit)
    who = Principal(f"{role}-1", role, "330106")
    if allowed:
        view = gate.read(who, purpose, KEY, fields, origin="test")
        assert view.fields and set(view.fields) <= set(fields)
    else:
        with pytest.raises(AccessDenied):
            gate.read(who, purpose, KEY, fields, origin="test")
    assert audit.records()[-1].event.child_key in (KEY, None)  # every attempt is on the trail


def test_mental_health_alerts_to_the_school_and_the_health_service():
    _, jobs, audit = world(
        env(mh.MentalHealthPlanRecorded(owner_id="t-0042", goals=["peer_relations"], recorded_on=date(2026, 9, 10),
                                        review_on=date(2026, 10, 15)), "education", date(2026, 9, 10)),
        env(mh.MentalHealthReferred(referred_on=date(2026, 9, 20), referred_to="mental_health_centre"), "education",
            date(2026, 9, 20)))
    alerts = mental_health_alert_list(jobs, date(2026, 8, 31), date(2026, 11, 1))
    kinds = {(a["kind"], a["to"]) for a in alerts}
    # a pupil since 2025-09 with no assessment of 2025-2026 (ended 31 August 2026: alerted from 1 September)
    assert kinds == {("assessment_overdue", "education"), ("plan_review_overdue", "education"),
                     ("referral_outcome_overdue", "health")}
    assert all("goals" not in a and "level" not in a for a in alerts)
    tasks = {t["kind"]: t for t in mental_health_task_list(jobs, date(2026, 11, 1), "330106")}
    assert tasks["plan_review"]["overdue"] and tasks["plan_review"]["days_overdue"] == 17
    assert {r.event.purpose for r in audit.records()} == {"mental_health"}


@pytest.mark.parametrize("to, department, role, answer", [
    ("hospital", "health", "health_worker",
     (mh.MentalHealthReferralOutcome(outcome_on=date(2026, 10, 10), outcome="treatment_started"), "health")),
    ("youth_hotline_12355", "youth_league", "youth_worker",
     (mh.HotlineReferralOutcome(outcome_on=date(2026, 10, 10), outcome="counselling_started"), "youth_league")),
    ("social_work", "civil_affairs", "caseworker",
     (mh.SocialWorkReferralOutcome(outcome_on=date(2026, 10, 10), outcome="case_work_started"), "civil_affairs")),
    ("community_rehabilitation", "civil_affairs", "caseworker",
     (mh.RehabilitationReferralOutcome(outcome_on=date(2026, 10, 10), outcome="declined"), "civil_affairs")),
])
def test_an_unanswered_referral_is_alerted_to_its_receiver_and_its_answer_closes_it(to, department, role, answer):
    referral = env(mh.MentalHealthReferred(referred_on=date(2026, 9, 20), referred_to=to), "education",
                   date(2026, 9, 20))
    _, jobs, _ = world(referral)
    alerts = mental_health_alert_list(jobs, date(2026, 10, 1), date(2026, 11, 1))
    assert [(a["kind"], a["to"], a["due_on"]) for a in alerts] == [("referral_outcome_overdue", department,
                                                                     "2026-10-20")]
    assert to not in str(alerts)  # the receiver is who gets it, never a value in it
    assert for_caller(alerts, role, "330106") == alerts
    assert for_caller(alerts, "health_worker" if role != "health_worker" else "youth_worker", "330106") == []
    # the receiver's own outcome closes it; an outcome from health does not close a referral to someone else
    payload, source = answer
    _, jobs, _ = world(referral, env(payload, source, date(2026, 10, 10)))
    assert mental_health_alert_list(jobs, date(2026, 10, 1), date(2026, 11, 1)) == []
    if department != "health":
        _, jobs, _ = world(referral, env(mh.MentalHealthReferralOutcome(outcome_on=date(2026, 10, 10),
                                                                        outcome="assessed_no_treatment"), "health",
                                         date(2026, 10, 10)))
        assert [a["to"] for a in mental_health_alert_list(jobs, date(2026, 10, 1), date(2026, 11, 1))] == \
            [department]
        tasks = mental_health_task_list(jobs, date(2026, 11, 1), "330106")
        assert [(t["to"], t["overdue"]) for t in tasks if t["kind"] == "referral_outcome"] == [(department, True)]


def test_a_job_without_a_rule_for_the_purpose_is_refused_and_the_refusal_audited():
    w, _, audit = world(REPORT)
    jobs = CareJobs(w.store, w.cipher, audit, Principal("stat-1", "statistician", None))
    with pytest.raises(AccessDenied):
        harm_alerts(jobs, REPORTED, REPORTED + timedelta(days=1))
    assert audit.records()[-1].event.outcome == "denied"


def test_a_level_sent_in_the_clear_is_sealed_inside_the_history_and_opened_for_the_director():
    w, _, audit = world()
    plain = env(ra.RiskAssessed(assessor_id="dir-001", assessed_on=date(2026, 10, 1), level="high",
                                reasons=["dropped_out"], next_review_on=date(2027, 1, 1)), "civil_affairs",
                date(2026, 10, 1))
    from events.envelope import encode  # no edge sealing: the department sent plaintext
    BatchHandler(w.store, w.topics, "g", protect=RecordProtector(w.cipher, None)).handle(
        [RawMessage(w.topics.department("civil_affairs"), 0, 99, KEY.encode(), encode(plain))])
    stored = w.store.get(KEY).fields["ledger.risk_history"].value
    assert stored and all(is_sealed(e["level"]) and is_sealed(e["on"]) for e in stored)
    assert "high" not in str(stored)
    opened = plain_fields(w.store.get(KEY), w.cipher, ["ledger.risk_history"])["ledger.risk_history"]
    assert [e["level"] for e in opened] == ["high"]


def test_the_director_is_alerted_when_the_recorded_level_changes():
    _, jobs, _ = world(
        env(ca.KeyChildLedgerEntered(reasons=["family_hardship"], director_id="dir-001", entered_on=date(2026, 1, 5)),
            "civil_affairs", date(2026, 1, 5)),
        env(ra.RiskAssessed(assessor_id="dir-001", assessed_on=date(2026, 3, 1), level="low", reasons=["other"],
                            next_review_on=date(2026, 9, 1)), "civil_affairs", date(2026, 3, 1)),
        env(ra.RiskAssessed(assessor_id="dir-001", assessed_on=date(2026, 8, 20), level="high",
                            reasons=["dropped_out"], next_review_on=date(2026, 11, 20)), "civil_affairs",
            date(2026, 8, 20)))
    kinds = {a["kind"]: a for a in jobs.alerts(date(2026, 8, 1), date(2026, 12, 1))}
    assert kinds["risk_level_changed"]["due_on"] == "2026-08-20"
    assert kinds["risk_review"]["due_on"] == "2026-11-20"
    assert "high" not in str(kinds["risk_level_changed"])
    assert any(t["kind"] == "risk_review" and t["overdue"] for t in jobs.tasks(date(2026, 12, 1), "330106"))


# 社会工作者: case work under a director's referral (issue 20, item 7) ------------------------------------------------

def test_a_social_worker_sees_only_children_referred_to_them_and_no_notes():
    from events.contracts import social_work as sw
    from services.usecases.access import NotFound

    ledger = env(ca.KeyChildLedgerEntered(reasons=["psychological"], director_id="dir-001",
                                          entered_on=date(2026, 1, 5)), "civil_affairs", date(2026, 1, 5))
    visit = env(ca.DirectorVisited(director_id="dir-001", kind="home_visit", visited_on=date(2026, 2, 1),
                                   note="奶奶说孩子晚上哭"), "civil_affairs", date(2026, 2, 1))
    w, _, audit = world(ledger, visit)
    gate = AccessService(w.store, w.cipher, load_policy(), audit)
    worker = Principal("sw-001", "social_worker", "330106")
    with pytest.raises(NotFound):
        gate.read(worker, "case_work", KEY, origin="test")
    assert gate.list_area(worker, "case_work", "330106", 50, None) == []
    referred = env(sw.SocialWorkReferred(director_id="dir-001", social_worker_id="sw-001",
                                         referred_on=date(2026, 3, 1)), "civil_affairs", date(2026, 3, 1))
    w2, _, audit2 = world(ledger, visit, referred)
    gate = AccessService(w2.store, w2.cipher, load_policy(), audit2)
    view = gate.read(worker, "case_work", KEY, origin="test")
    assert view.fields["identity.name"] == "周小雨" and view.fields["ledger.reasons"] == ["psychological"]
    assert "ledger.last_visit_note" not in view.fields and "奶奶" not in str(view.fields)
    assert [v.child_key for v in gate.list_area(worker, "case_work", "330106", 50, None)] == [KEY]
    with pytest.raises(NotFound):  # another social worker, or the right one outside their area
        gate.read(Principal("sw-002", "social_worker", "330106"), "case_work", KEY, origin="test")
    with pytest.raises(NotFound):
        gate.read(Principal("sw-001", "social_worker", "520102"), "case_work", KEY, origin="test")
    ended = env(sw.SocialWorkEnded(ended_on=date(2026, 6, 1)), "civil_affairs", date(2026, 6, 1))
    w3, _, audit3 = world(ledger, visit, referred, ended)
    with pytest.raises(NotFound):
        AccessService(w3.store, w3.cipher, load_policy(), audit3).read(worker, "case_work", KEY, origin="test")
    assert audit3.records()[-1].event.outcome == "denied"


def test_an_assignment_outside_the_purposes_fields_is_refused_at_load(tmp_path):
    import json

    from privacy.access_policy import POLICY_FILE

    with open(POLICY_FILE, encoding="utf-8") as f:
        data = json.load(f)
    rule = next(r for r in data["rules"] if r["id"] == "social_worker.case_work")
    rule["fields"] = [f for f in rule["fields"] if f != "ledger.social_worker_id"]
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="assigned_to"):
        load_policy(str(path))


def test_protection_alerts_travel_sealed_and_die_with_the_child():
    from privacy.keyring import ChildErased
    from services.usecases.care import alert_message
    from services.usecases.protection_work import PROTECTION_ALERTS_VIEW
    from services.usecases.views import open_view, view_sealer

    w, jobs, _ = world(REPORT)
    (alert,) = harm_alerts(jobs, REPORTED - timedelta(hours=1), REPORTED)
    sealer = view_sealer(w.keyring, PROTECTION_ALERTS_VIEW)
    key, value = alert_message(sealer, alert)
    assert b"harm" not in value and b"public_security" not in value and alert["area"].encode() not in value
    assert open_view(sealer.key, key.decode(), value) == alert
    w.keyring.destroy_child(key.decode())
    with pytest.raises(ChildErased):
        open_view(sealer.key, key.decode(), value)


def test_a_report_filed_days_late_is_alerted_at_its_filing():
    filed = REPORTED + timedelta(days=3)
    _, jobs, _ = world(env(hr.CommunityHarmReported(reported_at=REPORTED, kind="harm", reporter="grid_worker"),
                           "civil_affairs", filed))
    alerts = harm_alerts(jobs, filed - timedelta(hours=1), filed + timedelta(minutes=1))
    assert {(a["kind"], a["to"]) for a in alerts} == {("harm_reported", "public_security"),
                                                      ("police_step_late", "public_security"),
                                                      ("crisis_step_late", "civil_affairs")}
    assert harm_alerts(jobs, filed + timedelta(minutes=1), filed + timedelta(days=1)) == []


def test_an_alert_only_purpose_gets_its_own_reference_of_the_child_and_anyone_else_the_key():
    from privacy.pseudonym import ALERT_KEY_SECRET, alert_key, is_alert_key
    from services.usecases.protection_work import alert_only, as_delivered

    w, jobs, _ = world(REPORT)
    policy = load_policy()
    alerts = harm_alerts(jobs, REPORTED - timedelta(hours=1), REPORTED) + [{"child_key": None, "kind": "x", "to": "y"}]
    assert alert_only(policy, "youth_worker", "mental_health") and alert_only(policy, "caseworker", "mental_health")
    assert not alert_only(policy, "health_worker", "mental_health") and not alert_only(policy, "police", "nothing")
    secret = w.cipher.keyring.secret(ALERT_KEY_SECRET)
    shown = sorted(as_delivered(alerts, policy, w.cipher.keyring, "youth_worker", "mental_health"),
                   key=lambda pair: pair[0] is None)  # delivered by due date and reference, not the job's order
    assert [k for k, _ in shown] == [KEY, None]  # the trail keeps the key
    ref = shown[0][1]["child_key"]
    assert ref == alert_key(secret, "mental_health", KEY) and is_alert_key(ref)
    assert shown[1][1]["child_key"] is None and alerts[0]["child_key"] == KEY  # the job's list is left as it was
    assert {k for k in shown[0][1]} == set(alerts[0])  # the same shape, one value replaced
    assert [a for _, a in as_delivered(alerts, policy, w.cipher.keyring, "police", "child_protection")] == alerts


def test_the_protection_alerts_topic_has_no_subscriber():
    """The topic's messages are keyed by the child key (sealed under it): no purpose subscribes to it and no
    principal may read it. An alert-only receiver gets its alerts from GET /protection/alerts, by its reference; a
    subscription would have to carry that reference first (README, Protection work)."""
    from services.adapters.kafka_auth import acl_spec
    from services.usecases.protection_work import PROTECTION_ALERTS_VIEW

    assert not [a for a in acl_spec("") if a[3] == "protection.alerts" and a[4] != "WRITE"]
    assert not [r for r in load_policy().rules if r.purpose == PROTECTION_ALERTS_VIEW]

