"""The query and compliance API on a real SQLite store: every role x purpose rule, audit of every route, errors."""

from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from events.envelope import Envelope, encode
from privacy.access_policy import load_policy
from privacy.audit import verify
from services.adapters.tokens import SERVICE_ROLES
from services.entrypoints.api.app import create_api
from tests.integration.conftest import ID_NUMBER, headers


@pytest.fixture
def api(platform):
    return TestClient(create_api(platform.api_context(to_kafka=False)))


POLICY = load_policy()
# API callers: no job roles; a rule bound to an assignment (a social worker's case work) is checked with its
# referral in test_protection_api.py
RECORD_RULES = [r for r in POLICY.rules if r.fields and r.role not in SERVICE_ROLES and r.assigned_to is None]


def open_a_case(platform, key):
    """A harm report on the child, so that a rule scoped to children with a case (only_with) reaches it."""
    from datetime import UTC, datetime, timedelta

    from events.contracts.harm_reports import SchoolHarmReported
    from tests.integration.test_protection_api import publish

    at = datetime.now(UTC) - timedelta(hours=1)
    publish(platform, key, SchoolHarmReported(reported_at=at, kind="neglect"), at=at, offset=900)


@pytest.mark.parametrize("rule", RECORD_RULES, ids=[r.id for r in RECORD_RULES])
def test_each_rule_opens_exactly_its_fields(platform, key, api, rule):
    if rule.only_with:  # the purposes acting on a harm case see children with one
        open_a_case(platform, key)
    response = api.get(f"/children/{key}", headers=headers(platform, rule.role, rule.purpose, "330106"))
    assert response.status_code == 200, response.text
    body = response.json()
    record = platform.store.get(key)
    allowed = set(POLICY.fields_for(rule, sorted(record.fields)))
    assert set(body["fields"]) == allowed
    assert body["masked"] == []  # names only fields the purpose may see that could not be opened: none here
    if "identity.name" in allowed:
        assert body["fields"]["identity.name"] == "孙小美"


ROLES = sorted({r.role for r in POLICY.rules} - SERVICE_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_denied_a_purpose_it_does_not_have(platform, key, api, role):
    response = api.get(f"/children/{key}", headers=headers(platform, role, "not_a_purpose", "330106"))
    assert response.status_code == 403 and "may not act for purpose 'not_a_purpose'" in response.json()["detail"]


def test_a_school_asking_for_health_data_is_denied_with_the_rule(platform, key, api):
    response = api.get(f"/children/{key}?fields=health.conditions", headers=headers(platform, "school", "enrolment"))
    assert response.status_code == 403 and response.json()["rule"] == "school.enrolment"


def test_a_children_director_of_another_area_gets_the_answer_of_an_unknown_child(platform, key, api):
    other = headers(platform, "children_director", "key_child_care", "520102")
    response = api.get(f"/children/{key}", headers=other)
    unknown = api.get("/children/ck_" + "0" * 40, headers=other)
    assert response.status_code == unknown.status_code == 404 and response.json() == unknown.json()
    trail = platform.audit_sink(False).records()
    assert trail[-2].event.outcome == "denied" and "outside the caller's area" in trail[-2].event.detail


def test_search_by_id_number_goes_through_the_blind_index(platform, key, api):
    response = api.post("/children/search", json={"id_number": ID_NUMBER},
                        headers=headers(platform, "school", "enrolment"))
    assert response.status_code == 200 and response.json()["child_key"] == key


@pytest.mark.parametrize("call, status", [
    (lambda api, h: api.get("/children/ck_" + "0" * 40, headers=h), 404),
    (lambda api, h: api.post("/children/search", json={"id_number": "123"}, headers=h), 422),
    (lambda api, h: api.get("/children?area=abc", headers=h), 422),
    (lambda api, h: api.get("/children/x", headers={"X-Purpose": "enrolment"}), 401),
    (lambda api, h: api.get("/children/x", headers={**h, "Authorization": "Bearer nope"}), 401),
])
def test_errors_are_clear(platform, key, api, call, status):
    assert call(api, headers(platform, "school", "enrolment")).status_code == status


def test_listing_an_area_audits_each_child(platform, key, api):
    h = headers(platform, "children_director", "key_child_care", "330106")
    before = len(platform.audit_sink(False).records())
    response = api.get("/children?area=330106", headers=h)
    assert response.status_code == 200 and [v["child_key"] for v in response.json()] == [key]
    assert len(platform.audit_sink(False).records()) == before + 1


def _routes(api):
    return sorted({(m, r.path) for r in api.app.routes for m in getattr(r, "methods", ())
                   if r.path not in ("/health", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc")})


def test_every_route_writes_an_audit_record(platform, key, api):
    compliance = headers(platform, "compliance", "compliance_review")
    reader = headers(platform, "school", "enrolment")
    for method, path in _routes(api):
        h = compliance if path.startswith("/compliance") else reader
        url = (path.replace("{child_key}", key).replace("{actor}", "school-user")
               .replace("{view}", "entitlement_matching").replace("{key_id}", f"{key}.1")
               + ("?area=330106" if path == "/children" else ""))
        before = len(platform.audit_sink(False).records())
        api.request(method, url, headers=h, json={"child_key": key} if method == "POST" else None)
        assert len(platform.audit_sink(False).records()) > before, f"{method} {path} wrote no audit record"


def test_compliance_sees_who_accessed_a_child_and_is_itself_audited(platform, key, api):
    api.get(f"/children/{key}", headers=headers(platform, "school", "enrolment", name="teacher-li"))
    api.get(f"/children/{key}", headers=headers(platform, "school", "health_management", name="teacher-li"))
    h = headers(platform, "compliance", "compliance_review", name="auditor-wang")
    rows = api.get(f"/compliance/children/{key}", headers=h).json()
    assert {(r["actor"], r["outcome"]) for r in rows} >= {("teacher-li", "allowed"), ("teacher-li", "denied")}
    assert any(r["actor"] == "teacher-li" for r in api.get("/compliance/without-purpose", headers=h).json())
    assert "teacher-li" in api.get(f"/compliance/export.csv?child_key={key}", headers=h).text
    assert api.get("/compliance/verify", headers=h).json()["ok"] is True
    trail = platform.audit_sink(False).records()
    assert trail[-1].event.actor == "auditor-wang" and trail[-1].event.action == "audit_query"
    assert verify(platform.keyring.secret("audit"), trail).ok


def test_a_school_may_not_query_the_audit_trail(platform, key, api):
    assert api.get("/compliance/denials", headers=headers(platform, "school", "enrolment")).status_code == 403


def test_an_audit_failure_fails_the_access(platform, key, api):
    from sqlalchemy import text

    with platform.database.begin() as conn:
        conn.execute(text("drop table audit_log"))
    response = api.get(f"/children/{key}", headers=headers(platform, "school", "enrolment"))
    assert response.status_code == 503 and "孙小美" not in response.text


def test_the_openapi_spec_is_published_without_cdn_pages(api):
    spec = api.get("/openapi.json").json()
    assert "/children/{child_key}" in spec["paths"] and "/compliance/verify" in spec["paths"]
    assert api.get("/docs").status_code == 404 and api.get("/redoc").status_code == 404


def test_a_department_system_ingests_over_http_only_as_its_own_department(platform, key, api):

    from events.contracts.health import FamilyDoctorSigned

    sent = []

    class Recorder:
        def publish_many(self, envelopes):
            sent.extend(envelopes)
            return len(envelopes)

    api.app.state.ctx.publisher = Recorder()
    health = headers(platform, "department_system", "ingest", name="health:his-01")
    event = Envelope.new(FamilyDoctorSigned(team="一团队", signed_on=date(2025, 3, 1)), source="health",
                         child_key=key, occurred_at=datetime.now(UTC))
    ok = api.post("/ingest/events", content=encode(event), headers=health)
    assert ok.status_code == 202 and ok.json()["published"] == 1 and sent[0].event_id == event.event_id
    bad = api.post("/ingest/events", content=b'{"event_type": "health.Nope"}', headers=health)
    assert bad.status_code == 422 and "unknown event type" in bad.text and len(sent) == 1
    school = headers(platform, "department_system", "ingest", name="education:sis")
    assert api.post("/ingest/events", content=encode(event), headers=school).status_code == 422
    assert api.post("/ingest/events", content=encode(event),
                    headers=headers(platform, "school", "enrolment")).status_code == 403


@pytest.mark.parametrize("tamper, first_broken", [
    ("UPDATE audit_log SET actor = 'nobody' WHERE seq = 3", 3),
    ("DELETE FROM audit_log WHERE seq = 2", 3),
    ("UPDATE audit_log SET seq = -seq WHERE seq IN (3, 4); UPDATE audit_log SET seq = 7 + seq WHERE seq IN (-3, -4)",
     3),  # records 3 and 4 swapped
])
def test_tampering_with_the_audit_table_is_caught_at_the_first_broken_record(platform, key, api, tamper, first_broken):
    from sqlalchemy import text

    for _ in range(5):
        api.get(f"/children/{key}", headers=headers(platform, "school", "enrolment"))
    with platform.database.begin() as conn:
        for statement in tamper.split("; "):
            conn.execute(text(statement))
    result = verify(platform.keyring.secret("audit"), platform.audit_sink(False).records())
    assert not result.ok and result.first_broken_seq == first_broken
