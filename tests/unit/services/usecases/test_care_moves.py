"""Moves, handovers and alerts through the care jobs (issue 17, items 2 and 5), on an in-memory store."""

from datetime import UTC, date, datetime

import pytest

from events.contracts import civil_affairs as ca
from events.contracts import education as ed
from events.contracts import procuratorate as pr
from events.contracts import public_security as ps
from events.envelope import Envelope
from privacy.audit import InMemoryAuditSink
from privacy.keyring import in_memory_keyring
from services.usecases.care import CareJobs, job_principal
from tests.unit.services.usecases.sealed_world import sealed_world

AS_OF = date(2026, 11, 1)
KEY = "ck_" + "d" * 40


def at(day):
    return datetime.combine(day, datetime.min.time(), UTC).replace(hour=9)


def story(*extra):
    base = [
        (ps.IdentityRecorded(name="李小花", id_number="41152320150301124X", sex="F", birth_date=date(2015, 3, 1),
                             hukou_area="411523"), "public_security", date(2025, 1, 1)),
        (ps.ResidenceRegistered(area_code="330106001", address="西湖区文三路1号", since=date(2025, 1, 1)),
         "public_security", date(2025, 1, 2)),
        (ca.GuardianshipChanged(status="relative", guardian_name="李大", guardian_relation="祖母"), "civil_affairs",
         date(2025, 1, 3)),
        (ca.KeyChildLedgerEntered(reasons=["family_hardship"], director_id="dir-001", entered_on=date(2025, 2, 1)),
         "civil_affairs", date(2025, 2, 1)),
        (ca.DirectorVisited(director_id="dir-001", kind="home_visit", visited_on=date(2026, 9, 1)), "civil_affairs",
         date(2026, 9, 1)),
        (ca.InformationRefreshed(refreshed_on=date(2026, 9, 1)), "civil_affairs", date(2026, 9, 1)),
    ]
    return base + list(extra)


def jobs_for(events):
    w = sealed_world([Envelope.new(p, source=src, child_key=KEY, occurred_at=at(day)) for p, src, day in events])
    audit = InMemoryAuditSink(b"k")
    return CareJobs(w.store, w.cipher, audit, job_principal("job:test")), audit


def test_before_a_move_the_old_area_has_the_childs_tasks():
    jobs, _ = jobs_for(story())
    assert {t["kind"] for t in jobs.tasks(AS_OF, "330106")} == {"contact", "home_visit", "info_refresh"}


def test_a_move_within_the_platform_takes_the_child_from_the_old_area_and_hands_over_to_the_new():
    moved = date(2026, 10, 10)
    jobs, audit = jobs_for(story(
        (ps.MovedOut(area_code="330106001", to_area="520102", moved_on=moved), "public_security", moved),
        (ps.MovedIn(area_code="520102003", address="南明区花果园1号", from_area="330106001", moved_on=moved),
         "public_security", date(2026, 10, 11))))
    assert jobs.tasks(AS_OF, "330106") == []
    (handover,) = jobs.tasks(AS_OF, "520102")
    assert handover["kind"] == "handover" and handover["from_area"] == "330106"
    assert handover["guardianship_status"] == "relative" and handover["ledger_reasons"] == ["family_hardship"]
    # Still a 流动儿童 after the move ("跨县域异地居住或生活6个月以上" counts the time away from the hukou county, which
    # did not stop): the six-monthly refresh is still owed.
    assert {d["kind"] for d in handover["open_deadlines"]} == {"contact", "home_visit", "info_refresh"}
    assert "name" not in str(handover) and "李" not in str(handover)
    assert any(r.event.action == "deliver" and r.event.child_key == KEY and "handover to 520102" in r.event.detail
               for r in audit.records())
    alerts = jobs.alerts(date(2026, 10, 1), AS_OF)
    assert {(a["kind"], a["area"][:6]) for a in alerts} >= {("moved_out", "330106"), ("handover", "520102")}
    assert jobs.tasks(date(2026, 10, 9), "330106")  # the day before the move: still the old area's


def test_the_new_area_takes_the_child_over_with_a_contact():
    moved = date(2026, 10, 10)
    jobs, _ = jobs_for(story(
        (ps.MovedIn(area_code="520102003", address="南明区花果园1号", from_area="330106001", moved_on=moved),
         "public_security", moved),
        (ca.DirectorVisited(director_id="dir-gy-1", kind="contact", visited_on=date(2026, 10, 20)), "civil_affairs",
         date(2026, 10, 20))))
    # Three weeks in the new county, but away from the hukou county (河南 411523) since 2025: still a migrant child
    # ("跨县域异地居住或生活6个月以上" counts the time away, across moves), so the refresh is still owed.
    assert {t["kind"] for t in jobs.tasks(AS_OF, "520102")} == {"contact", "home_visit", "info_refresh"}


@pytest.mark.parametrize("to_area, notices", [("440106", 1), (None, 0)])
def test_a_move_out_of_the_platform_produces_a_handover_notice_not_silence(to_area, notices):
    moved = date(2026, 10, 10)
    jobs, _ = jobs_for(story((ps.MovedOut(area_code="330106001", to_area=to_area, moved_on=moved), "public_security",
                              moved)))
    assert jobs.tasks(AS_OF) == []
    assert len(jobs.handover_notices(date(2026, 10, 1), AS_OF)) == notices
    (alert,) = [a for a in jobs.alerts(date(2026, 10, 1), AS_OF) if a["kind"] == "moved_out"]
    assert alert["area"].startswith("330106") and alert["to_platform_area"] is False


def test_a_handover_notice_travels_sealed_for_the_receiving_region():
    from services.usecases.care import HANDOVER_NOTICE_VIEW, handover_message, handover_topic
    from services.usecases.views import open_view, view_sealer

    moved = date(2026, 10, 10)
    jobs, _ = jobs_for(story((ps.MovedOut(area_code="330106001", to_area="440106", moved_on=moved), "public_security",
                              moved)))
    (notice,) = jobs.handover_notices(date(2026, 10, 1), AS_OF)
    keyring = in_memory_keyring()
    sealer = view_sealer(keyring, f"{HANDOVER_NOTICE_VIEW}:44")
    key, value = handover_message(sealer, notice)
    assert b"relative" not in value and b"family_hardship" not in value and b"440106" not in value
    assert open_view(sealer.key, key.decode(), value) == notice and handover_topic("", "440106") == "handover.44"


@pytest.mark.parametrize("event, kind", [
    ((ca.GuardianshipChanged(status="lacking"), "civil_affairs", date(2026, 10, 5)), "guardianship_lacking"),
    ((ca.GuardianshipConcernRecorded(concern="improper", recorded_on=date(2026, 10, 5)), "civil_affairs",
      date(2026, 10, 5)), "guardianship_improper"),
    ((pr.GuardianshipSupervisionOrderIssued(issued_on=date(2026, 10, 5), concern="neglect"), "procuratorate",
      date(2026, 10, 5)), "supervision_order"),
    ((ed.DroppedOut(dropped_on=date(2026, 10, 5)), "education", date(2026, 10, 5)), "dropped_out"),
])
def test_events_that_matter_are_alerted(event, kind):
    jobs, _ = jobs_for(story(event))
    assert kind in {a["kind"] for a in jobs.alerts(date(2026, 10, 1), AS_OF)}
    assert kind not in {a["kind"] for a in jobs.alerts(date(2026, 10, 6), AS_OF)}  # once


def test_a_child_who_now_meets_ledger_criteria_is_alerted():
    events = [e for e in story() if not isinstance(e[0], ca.KeyChildLedgerEntered | ca.DirectorVisited)]
    jobs, _ = jobs_for([*events, (ca.SubsistenceAllowanceGranted(monthly_amount_cny=500, since=date(2026, 10, 1)),
                                  "civil_affairs", date(2026, 10, 2))])
    assert "meets_ledger_criteria" in {a["kind"] for a in jobs.alerts(date(2026, 10, 1), AS_OF)}


def test_a_court_order_the_director_may_not_see_is_not_alerted_to_them():
    from events.contracts.court import FamilyEducationGuidanceOrdered

    jobs, _ = jobs_for(story((FamilyEducationGuidanceOrdered(ordered_on=date(2026, 10, 5), recipient="mother"),
                              "court", date(2026, 10, 5))))
    assert "court_guidance_order" not in {a["kind"] for a in jobs.alerts(date(2026, 10, 1), AS_OF)}


def test_a_notice_goes_to_the_receiving_region_even_after_a_refresh_here():
    moved = date(2026, 10, 10)
    jobs, _ = jobs_for(story((ps.MovedOut(area_code="330106001", to_area="440106", moved_on=moved), "public_security",
                              moved),
                             (ca.InformationRefreshed(refreshed_on=date(2026, 10, 20)), "civil_affairs",
                              date(2026, 10, 20))))
    (notice,) = jobs.handover_notices(date(2026, 10, 1), AS_OF)
    assert notice["area"] == "440106" and notice["from_area"] == "330106"


def test_the_entitlement_view_says_the_migrant_status_with_reasons_and_provenance_but_no_values():
    from projections.catalogue import load_catalogue

    jobs, _ = jobs_for(story())
    record = next(iter(jobs.store.records()))
    view = jobs.entitlement_view(record, load_catalogue(), AS_OF)
    assert view["migrant"]["status"] == "migrant" and "cross_county" in view["migrant"]["reasons"]
    prov = view["migrant"]["provenance"]
    assert prov["identity.hukou_area"]["source"] == "public_security" and prov["residence.since"]["event_id"]
    assert "411523" not in str(view) and "2015" not in str(view)
    assert jobs.entitlement_view(record, load_catalogue(), AS_OF, {"residence.area_code"})["migrant"] is None
