"""The protection-work routes (issue 20, items 1, 2 and 6) over a SQLite store: the purpose policy decides, every call
is audited, and nothing outside the caller's purpose comes back."""

from datetime import UTC, date, datetime

from events.contracts.civil_affairs import SubsistenceAllowanceGranted
from events.contracts.public_security import IdentityRecorded, ResidenceRegistered
from events.contracts.village_committee import ChildSurveyed
from events.envelope import Envelope, encode
from services.adapters.tokens import issue_token
from services.processor.handler import BatchHandler
from services.processor.messages import RawMessage
from services.usecases.protection import EdgeSealer, RecordProtector
from tests.integration.conftest import ID_NUMBER, headers

OTHER = "ck_" + "7" * 40
CAMPAIGN = "330106-2026H2"


def seed_other(platform):
    """A second child of the area: on 低保 but not in the ledger, surveyed by the village committee."""
    seal, at = EdgeSealer(platform.cipher), datetime(2026, 10, 1, tzinfo=UTC)
    events = [IdentityRecorded(name="周小强", id_number="33010620160401123X", sex="M", birth_date=date(2016, 4, 1),
                               hukou_area="522422"),
              ResidenceRegistered(area_code="330106002", address="浙江省杭州市西湖区文二路2号"),
              SubsistenceAllowanceGranted(monthly_amount_cny=700, since=date(2026, 1, 1)),
              ChildSurveyed(campaign=CAMPAIGN, surveyor_id="grid-001", surveyed_on=date(2026, 10, 1),
                            found_at_address=True, result="needs_help", categories_found=["help_request"])]
    msgs = [RawMessage(platform.topics.department(p.DEPARTMENT), 0, 100 + i, OTHER.encode(),
                       encode(seal(Envelope.new(p, source=p.DEPARTMENT, child_key=OTHER, occurred_at=at))))
            for i, p in enumerate(events)]
    BatchHandler(platform.store, platform.topics, "g", protect=RecordProtector(platform.cipher, None)).handle(msgs)


def audit_events(platform):
    return [r.event for r in platform.audit_sink(False).records()]


def test_a_director_sees_the_campaigns_coverage_of_their_area_and_the_unsurveyed(platform, key, api):
    seed_other(platform)
    director = headers(platform, "children_director", "survey_coverage", "330106", "dir-1")
    body = api.get(f"/care/surveys/coverage?campaign={CAMPAIGN}", headers=director).json()
    county = body["areas"][0]
    assert (county["area"], county["known"], county["surveyed"]) == ("330106", 2, 1)
    assert body["unsurveyed"] == [{"child_key": key, "county": "330106", "township": "330106001"}]
    assert {e.child_key for e in audit_events(platform) if e.actor == "dir-1" and e.action == "list"} == {key, OTHER}
    # Another purpose, another role, a malformed campaign: refused, and the refusals are on the trail.
    ledger = headers(platform, "children_director", "key_child_care", "330106", "dir-2")
    assert api.get(f"/care/surveys/coverage?campaign={CAMPAIGN}", headers=ledger).status_code == 403
    school = headers(platform, "school", "enrolment", "330106", "school-1")
    assert api.get(f"/care/surveys/coverage?campaign={CAMPAIGN}", headers=school).status_code == 403
    assert api.get("/care/surveys/coverage?campaign=a%20b", headers=director).status_code == 422
    assert {(e.actor, e.outcome) for e in audit_events(platform) if e.action == "deny"} >= {
        ("dir-2", "denied"), ("school-1", "denied")}


def test_a_director_is_proposed_the_child_meeting_the_criteria_outside_the_ledger(platform, key, api):
    """"助力困境儿童精准识别" (Zhejiang)."""
    seed_other(platform)
    director = headers(platform, "children_director", "precise_identification", "330106", "dir-1")
    assert api.get("/care/proposals", headers=director).json() == [
        {"child_key": OTHER, "kind": "ledger_proposal", "area": "330106002",
         "reasons": ["family_hardship", "survey:help_request"]}]
    other = headers(platform, "children_director", "precise_identification", "330102", "dir-9")
    assert api.get("/care/proposals", headers=other).json() == []


def test_each_department_gets_its_own_discrepancies_with_only_what_its_purpose_includes(platform, key, api):
    school = headers(platform, "school", "enrolment", "330106", "school-1")
    tasks = api.get("/care/discrepancies", headers=school).json()
    assert [t["rule"] for t in tasks] == ["hardship_without_student_aid"]
    assert set(tasks[0]["values"]) <= {"education.school_name", "education.fee_exempted"}
    assert "assistance" not in str(tasks[0]["values"]) and "孙小美" not in str(tasks) and "dibao" not in str(tasks)
    delivered = [e for e in audit_events(platform) if e.actor == "school-1" and e.action == "deliver"]
    assert [e.child_key for e in delivered] == [key] and delivered[0].purpose == "enrolment"
    assert api.get("/care/discrepancies?area=330102", headers=school).status_code == 403  # not its area
    assert api.get("/care/discrepancies?area=33", headers=school).status_code == 422  # not an area code
    insurer = {"Authorization":
               f"Bearer {issue_token(platform.database, 'medical_insurance:hub', 'department_system')}",
               "X-Purpose": "data_reconciliation"}
    (task,) = api.get("/care/discrepancies", headers=insurer).json()
    assert task["rule"] == "residence_without_local_insurance" and task["values"] == {}
    assert ID_NUMBER not in str(task)
    housing = {"Authorization": f"Bearer {issue_token(platform.database, 'housing:sys', 'department_system')}",
               "X-Purpose": "data_reconciliation"}
    assert api.get("/care/discrepancies", headers=housing).status_code == 403  # no rule sends housing anything


def test_the_discrepancy_report_is_for_roles_that_read_counts(platform, key, api):
    stat = {"Authorization": f"Bearer {issue_token(platform.database, 's', 'statistician')}",
            "X-Purpose": "statistics"}
    rows = api.get("/care/discrepancies/report?threshold=3", headers=stat).json()
    assert {(r["department"], r["rule"]) for r in rows} == {("education", "hardship_without_student_aid"),
                                                            ("medical_insurance", "residence_without_local_insurance")}
    assert all(r["open"] is None for r in rows)  # one child each: hidden
    assert any(e.actor == "s" and e.action == "statistics" for e in audit_events(platform))
    school = headers(platform, "school", "enrolment", "330106", "school-1")
    assert api.get("/care/discrepancies/report", headers=school).status_code == 403
    assert api.get("/care/discrepancies/report?threshold=1", headers=stat).status_code == 422
