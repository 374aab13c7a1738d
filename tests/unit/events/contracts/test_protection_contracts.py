"""Contracts of issue 20's protection work: harm reports and their steps, mental health, recorded risk."""

from datetime import UTC, date, datetime

import pytest

from events.contracts import harm_reports as hr
from events.contracts import mental_health as mh
from events.contracts import risk_assessment as ra
from events.contracts import social_work as sw
from events.envelope import Envelope, EventDecodeError, decode, encode, parse
from projections.apply import Applied, Rejected, apply
from projections.fields import FIELDS
from projections.updates import field_updates

KEY = "ck_" + "e" * 40
SEALED = "enc:v1:ck_eeee.1:QUJDRA=="
AT = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)

EVENTS = [
    (hr.SchoolHarmReported(reported_at=AT, kind="harm"), "education"),
    (hr.HospitalHarmReported(reported_at=AT, kind="neglect"), "health"),
    (hr.CommunityHarmReported(reported_at=AT, kind="neglect", reporter="grid_worker"), "civil_affairs"),
    (hr.PoliceHarmReported(reported_at=AT, kind="harm"), "public_security"),
    (hr.GuardianReprimanded(reprimanded_on=date(2026, 11, 2), guidance_ordered=True), "public_security"),
    (hr.CrisisInterventionStarted(started_at=AT, measure="temporary_guardianship"), "civil_affairs"),
    (hr.GuardianshipRevoked(decided_on=date(2026, 12, 1), appointed="civil_affairs"), "court"),
    (mh.MentalHealthAssessed(school_year="2026-2027", assessed_on=date(2026, 10, 1), level="attention"), "education"),
    (mh.MentalHealthPlanRecorded(owner_id="t-0042", goals=["peer_relations"], recorded_on=date(2026, 10, 2),
                                 review_on=date(2026, 12, 2)), "education"),
    (mh.MentalHealthReferred(referred_on=date(2026, 10, 3), referred_to="hospital"), "education"),
    (mh.MentalHealthReferralOutcome(outcome_on=date(2026, 10, 20), outcome="treatment_started"), "health"),
    (mh.HotlineReferralOutcome(outcome_on=date(2026, 10, 20), outcome="counselling_started"), "youth_league"),
    (mh.SocialWorkReferralOutcome(outcome_on=date(2026, 10, 20), outcome="case_work_started"), "civil_affairs"),
    (mh.RehabilitationReferralOutcome(outcome_on=date(2026, 10, 20), outcome="not_eligible"), "civil_affairs"),
    (mh.CommunityRehabilitationEnrolled(enrolled_on=date(2026, 10, 21)), "civil_affairs"),
    (ra.RiskAssessed(assessor_id="dir-001", assessed_on=date(2026, 10, 1), level="high", reasons=["dropped_out"],
                     next_review_on=date(2027, 1, 1)), "civil_affairs"),
    (sw.SocialWorkReferred(director_id="dir-001", social_worker_id="sw-001", referred_on=date(2026, 10, 1)),
     "civil_affairs"),
    (sw.SocialWorkEnded(ended_on=date(2026, 12, 1)), "civil_affairs"),
]
# Staff ids stay in the clear (the gate compares the social worker's with the caller); everything else is sealed.
STAFF_IDS = {"ledger.risk_assessor", "ledger.social_worker_id"}


@pytest.mark.parametrize("payload, source", EVENTS)
def test_each_event_survives_the_wire_and_writes_only_sensitive_fields_its_department_owns(payload, source):
    env = Envelope.new(payload, source=source, child_key=KEY, occurred_at=AT)
    assert decode(encode(env)) == env and env.event_type.startswith(f"{source}.") and source == payload.DEPARTMENT
    updates = field_updates(payload)
    assert updates and all(FIELDS[f].owner.value == source for f in updates)
    # guardianship harm, mental health, risk: sealed (staff ids are administrative ids, like a director's)
    assert all(FIELDS[f].encrypted for f in updates if f not in STAFF_IDS)


def wire(event_type, payload, source):
    return {"event_id": "evt-0001-test", "event_type": event_type, "schema_version": 1, "source": source,
            "child_key": KEY, "occurred_at": "2026-11-02T09:00:00+08:00", "payload": payload}


def test_sealed_values_travel_in_every_personal_attribute():
    env = parse(wire("education.HarmReported", {"reported_at": SEALED, "kind": SEALED}, "education"))
    assert env.payload.kind == SEALED
    env = parse(wire("education.MentalHealthAssessed", {"school_year": SEALED, "assessed_on": SEALED,
                                                        "level": SEALED}, "education"))
    assert env.payload.level == SEALED


@pytest.mark.parametrize("event_type, payload, source, message", [
    ("education.HarmReported", {"reported_at": "2026-11-02T09:00:00", "kind": "bruise"}, "education", "payload.kind"),
    ("civil_affairs.HarmReported", {"reported_at": "2026-11-02T09:00:00", "kind": "harm"}, "civil_affairs",
     "payload.reporter: Field required"),
    ("public_security.GuardianReprimanded", {"reprimanded_on": "2026-11-02", "note": "张三打人"}, "public_security",
     "payload.note: Extra inputs are not permitted"),
    ("education.MentalHealthAssessed", {"school_year": "2026", "assessed_on": "2026-10-01", "level": "attention"},
     "education", "payload.school_year"),
    ("education.MentalHealthAssessed", {"school_year": "2026-2027", "assessed_on": "2026-10-01", "level": "attention",
                                        "score": 37}, "education", "payload.score: Extra inputs are not permitted"),
    ("education.MentalHealthPlanRecorded", {"owner_id": "王老师", "goals": ["other"], "recorded_on": "2026-10-01",
                                            "review_on": "2026-12-01"}, "education", "payload.owner_id"),
    ("education.MentalHealthPlanRecorded", {"owner_id": "t1", "goals": [], "recorded_on": "2026-10-01",
                                            "review_on": "2026-12-01"}, "education", "payload.goals"),
    ("civil_affairs.RiskAssessed", {"assessor_id": "d1", "assessed_on": "2026-10-01", "level": "extreme",
                                    "reasons": ["other"], "next_review_on": "2027-01-01"}, "civil_affairs",
     "payload.level"),
    ("civil_affairs.RiskAssessed", {"assessor_id": "d1", "assessed_on": "2026-10-01", "level": "high",
                                    "reasons": ["parents_away"], "next_review_on": "2027-01-01"}, "civil_affairs",
     "payload.reasons"),
])
def test_bad_payloads_are_refused_with_the_field_named(event_type, payload, source, message):
    with pytest.raises(EventDecodeError) as err:
        parse(wire(event_type, payload, source))
    assert message in str(err.value)


def test_a_social_worker_is_named_by_a_staff_id_not_a_name():
    with pytest.raises(EventDecodeError, match="payload.social_worker_id"):
        parse(wire("civil_affairs.SocialWorkReferred", {"director_id": "d1", "social_worker_id": "李社工",
                                                        "referred_on": "2026-10-01"}, "civil_affairs"))


# A referral's outcome is its receiver's (issue 20, item 4): each outcome field has one owner, and a department that did
# not receive the referral cannot answer it, neither with the receiver's event nor with a correction.
OUTCOMES = [
    (mh.MentalHealthReferralOutcome(outcome_on=date(2026, 10, 20), outcome="treatment_started"), "health",
     "mental_health.referral_outcome_on"),
    (mh.HotlineReferralOutcome(outcome_on=date(2026, 10, 20), outcome="no_contact"), "youth_league",
     "mental_health.hotline_outcome_on"),
    (mh.SocialWorkReferralOutcome(outcome_on=date(2026, 10, 20), outcome="declined"), "civil_affairs",
     "mental_health.social_work_outcome_on"),
    (mh.RehabilitationReferralOutcome(outcome_on=date(2026, 10, 20), outcome="enrolled"), "civil_affairs",
     "mental_health.rehabilitation_outcome_on"),
]
DEPARTMENTS = ["health", "youth_league", "civil_affairs", "education"]


@pytest.mark.parametrize("payload, owner, field", OUTCOMES)
@pytest.mark.parametrize("source", DEPARTMENTS)
def test_only_the_receiver_records_a_referrals_outcome(payload, owner, field, source):
    out = apply(None, Envelope.new(payload, source=source, child_key=KEY, occurred_at=AT))
    if source == owner:
        assert isinstance(out, Applied) and out.record.value(field) == date(2026, 10, 20).isoformat()
    else:
        assert isinstance(out, Rejected) and out.code == "not_owner" and f"{field} (owner: {owner})" in out.reason


@pytest.mark.parametrize("payload, owner, field", OUTCOMES)
@pytest.mark.parametrize("source", DEPARTMENTS)
def test_no_other_department_corrects_a_receivers_outcome(payload, owner, field, source):
    from events.contracts.common import FieldsCorrected
    if source == owner:
        return
    out = apply(None, Envelope.new(FieldsCorrected(fields={field: "2026-10-20"}, reason="x"), source=source,
                                   child_key=KEY, occurred_at=AT))
    assert isinstance(out, Rejected) and f"{field} (owner: {owner})" in out.reason


@pytest.mark.parametrize("event_type, source", [("youth_league.HotlineReferralOutcome", "youth_league"),
                                                ("civil_affairs.SocialWorkReferralOutcome", "civil_affairs"),
                                                ("civil_affairs.RehabilitationReferralOutcome", "civil_affairs")])
def test_an_outcome_carries_a_code_not_a_note(event_type, source):
    with pytest.raises(EventDecodeError, match="payload.outcome"):
        parse(wire(event_type, {"outcome_on": "2026-10-20", "outcome": "孩子情绪低落,已联系家长"}, source))
    with pytest.raises(EventDecodeError, match="payload.note: Extra inputs are not permitted"):
        parse(wire(event_type, {"outcome_on": "2026-10-20", "outcome": "declined", "note": "x"}, source))
    assert parse(wire(event_type, {"outcome_on": SEALED, "outcome": SEALED}, source)).payload.outcome == SEALED
