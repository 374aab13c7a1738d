"""The API as an attacker or a careless user meets it (issue 14): each test tried to break a promise the README makes
and failed before the gate, the ingest checks and the limits existed."""

import logging
from datetime import UTC, date, datetime

import pytest

from events.contracts.civil_affairs import SubsistenceAllowanceGranted
from events.contracts.common import ChildErased, FieldsCorrected
from events.contracts.health import FamilyDoctorSigned
from events.contracts.public_security import IdentityRecorded
from events.envelope import Envelope, encode
from privacy.access_policy import load_policy
from services.adapters.tokens import SERVICE_ROLES, issue_token
from tests.integration.conftest import ID_NUMBER, headers

POLICY = load_policy()


def _trail(platform):
    return platform.audit_sink(False).records()


def _ingest(api, platform, department, *events, body=None):  # noqa: D103
    h = headers(platform, "department_system", "ingest", name=f"{department}:sys-1")
    content = body if body is not None else b"\n".join(encode(e) for e in events)
    return api.post("/ingest/events", content=content, headers=h)


def _event(payload, source, child):
    return Envelope.new(payload, source=source, child_key=child, occurred_at=datetime.now(UTC))


# 2. Erasure without the erase command ---------------------------------------------------------------------------
def test_a_platform_token_cannot_erase_through_ingest(platform, key, api):
    import hashlib
    from datetime import timedelta

    from services.adapters.store.schema import api_tokens
    from services.adapters.tokens import TokenRefused

    with pytest.raises(TokenRefused):
        issue_token(platform.database, "platform:privacy-office", "department_system")
    # a token issued before that rule existed (a row in the table) is refused too, and ingest refuses 'platform'
    now = datetime.now(UTC)
    with platform.database.begin() as conn:
        conn.execute(api_tokens.insert(), [{"token_hash": hashlib.sha256(b"cct_legacy").hexdigest(),
                                            "principal": "platform:x", "role": "department_system", "area": None,
                                            "revoked": False, "created_at": now, "token_id": "tok_legacy",
                                            "expires_at": now + timedelta(days=1)}])
    erase = _event(ChildErased(request_reference="X", legal_basis="none"), "platform", key)
    response = api.post("/ingest/events", content=encode(erase),
                        headers={"Authorization": "Bearer cct_legacy", "X-Purpose": "ingest"})
    assert response.status_code in (401, 403) and api.app.state.ctx.publisher.sent == []
    civil = _ingest(api, platform, "civil_affairs", erase)  # a department token sending the platform's event
    assert civil.status_code == 422 and api.app.state.ctx.publisher.sent == []
    assert not platform.store.get(key).erased and not platform.keyring.is_destroyed(key)


# 3. Ingest is fail-closed -------------------------------------------------------------------------------------------
def test_ingest_publishes_nothing_when_the_audit_fails(platform, key, api):
    from privacy.audit import AuditFailed

    h = headers(platform, "department_system", "ingest", name="health:his-01")
    event = _event(FamilyDoctorSigned(team="一团队", signed_on=date(2025, 3, 1)), "health", key)

    def fail(_event):
        raise AuditFailed("audit store unavailable")

    api.app.state.ctx.audit.append = fail
    response = api.post("/ingest/events", content=encode(event), headers=h)
    assert response.status_code == 503 and api.app.state.ctx.publisher.sent == []


@pytest.mark.parametrize("make, why", [
    (lambda k: _event(FieldsCorrected(fields={"health.conditions": ["x"]}, reason="r"), "civil_affairs", k),
     "not the source"),
    (lambda k: encode(_event(FamilyDoctorSigned(team="t", signed_on=date(2025, 1, 1)), "health", k)).replace(
        k.encode(), ID_NUMBER.encode()), "child_key"),
    (lambda k: _event(IdentityRecorded(name="enc:v1:" + k + ".1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                                       id_number=ID_NUMBER, sex="F", birth_date=date(2015, 3, 1),
                                       hukou_area="522422"), "public_security", k), "does not open"),
])
def test_ingest_refuses_what_the_processor_would_refuse(platform, key, api, make, why):
    source = "civil_affairs" if "not the source" in why else "health" if "child_key" in why else "public_security"
    made = make(key)
    response = _ingest(api, platform, source, body=made) if isinstance(made, bytes) else _ingest(api, platform,
                                                                                                  source, made)
    assert response.status_code == 422 and why in response.text, response.text
    assert api.app.state.ctx.publisher.sent == []


def test_ingest_refuses_new_events_for_an_erased_child(platform, key, api):
    platform.keyring.destroy_child(key)
    response = _ingest(api, platform, "civil_affairs",
                       _event(SubsistenceAllowanceGranted(monthly_amount_cny=1, since=date(2025, 1, 1)),
                              "civil_affairs", key))
    assert response.status_code == 422 and "erased" in response.text


def test_ingest_limits_answer_413_and_422_never_500(platform, key, api):
    deep = b"[" * 100_000 + b"]" * 100_000
    assert _ingest(api, platform, "health", body=deep).status_code == 422
    nested = b'{"a":' * 40 + b"1" + b"}" * 40
    assert _ingest(api, platform, "health", body=nested).status_code == 422
    big = b"[" + b" " * (5 * 1024 * 1024) + b"]"
    assert _ingest(api, platform, "health", body=big).status_code == 413
    assert api.app.state.ctx.publisher.sent == []


# 4. Field names leak facts ------------------------------------------------------------------------------------------
NO_FIELDS = ([(r.role, r.purpose) for r in POLICY.rules if not r.fields and r.role not in SERVICE_ROLES]
             + [("school", "no_such_purpose"), ("invented_role", "enrolment")])


@pytest.mark.parametrize("role, purpose", NO_FIELDS)
def test_a_role_that_may_read_no_child_learns_no_field_name(platform, key, api, role, purpose):
    response = api.get(f"/children/{key}", headers=headers(platform, role, purpose, "330106"))
    assert response.status_code == 403
    record = platform.store.get(key)
    assert not any(name in response.text for name in record.fields)


@pytest.mark.parametrize("rule", [r for r in POLICY.rules if r.fields and r.role not in SERVICE_ROLES
                                  and r.assigned_to is None],  # assigned rules: test_protection_api.py
                         ids=lambda r: r.id)
def test_responses_name_only_fields_the_purpose_may_see(platform, key, api, rule):
    from tests.integration.test_api import open_a_case

    if rule.only_with:
        open_a_case(platform, key)
    permitted = set(POLICY.fields_for(rule, sorted(platform.store.get(key).fields)))
    body = api.get(f"/children/{key}", headers=headers(platform, rule.role, rule.purpose, "330106")).json()
    named = set(body["fields"]) | set(body["masked"])
    assert named <= permitted


# 6. Existence oracle ----------------------------------------------------------------------------------------------
def _unregistered_id():
    from privacy.pseudonym import gb11643_check_char

    first17 = "11010120100101123"
    return first17 + gb11643_check_char(first17)


@pytest.mark.parametrize("role, purpose, area", [("invented_role", "x", None), ("school", "enrolment", "330106"),
                                                 ("children_director", "key_child_care", "520102"),
                                                 ("compliance", "compliance_review", None)])
def test_search_answers_the_same_for_registered_and_unregistered_children(platform, key, api, role, purpose, area):
    h = headers(platform, role, purpose, area)
    registered = api.post("/children/search", json={"id_number": ID_NUMBER}, headers=h)
    unregistered = api.post("/children/search", json={"id_number": _unregistered_id()}, headers=h)
    if role == "school":  # may read the children of its area: it finds the one that exists
        assert registered.status_code == 200 and unregistered.status_code == 404
    else:
        assert registered.status_code == unregistered.status_code and registered.json() == unregistered.json()


def test_an_erased_child_answers_like_an_unknown_one(platform, key, api):
    h = headers(platform, "school", "enrolment")
    platform.keyring.destroy_child(key)
    record = platform.store.get(key)
    from services.processor.handler import BatchHandler
    from services.processor.messages import RawMessage

    erase = Envelope.new(ChildErased(request_reference="R", legal_basis="PIPL 47"), source="platform", child_key=key,
                         occurred_at=datetime.now(UTC))
    BatchHandler(platform.store, platform.topics, "g").handle(
        [RawMessage(platform.topics.department("platform"), 0, 0, key.encode(), encode(erase))])
    assert record is not None and platform.store.get(key).erased
    erased = api.get(f"/children/{key}", headers=h)
    unknown = api.get("/children/ck_" + "1" * 40, headers=h)
    assert erased.status_code == unknown.status_code == 404 and erased.json() == unknown.json()


# 8. ID numbers where a key belongs --------------------------------------------------------------------------------
def test_an_id_number_typed_as_a_key_is_never_stored_or_logged(platform, key, api, caplog):
    from services.entrypoints.api.logs import scrub_path

    h = headers(platform, "school", "enrolment")
    assert api.get(f"/children/{ID_NUMBER}", headers=h).status_code == 404
    assert api.post("/children/search", json={"child_key": ID_NUMBER}, headers=h).status_code == 404
    comp = headers(platform, "compliance", "compliance_review")
    api.get(f"/compliance/children/{ID_NUMBER}", headers=comp)
    for record in _trail(platform):
        assert ID_NUMBER not in repr(record.to_row())
    assert ID_NUMBER not in scrub_path(f"/children/{ID_NUMBER}?fields=identity.name")
    assert key in scrub_path(f"/children/{key}")
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        logging.getLogger("uvicorn.access").info('%s - "%s %s HTTP/%s" %d', "127.0.0.1", "GET",
                                                 f"/children/{ID_NUMBER}", "1.1", 404)
    assert ID_NUMBER not in caplog.text and "<not-a-key>" in caplog.text


# 9. Forged ciphertext already in the store ------------------------------------------------------------------------
def test_a_damaged_stored_value_is_named_and_audited_not_a_failed_read(platform, key, api):
    from projections.record import FieldValue

    record = platform.store.get(key)
    fv = record.fields["identity.name"]
    forged = record.with_values({"identity.name": FieldValue(f"enc:v1:{key}.1:" + "A" * 43, fv.source, fv.event_id,
                                                             fv.occurred_at)})
    from services.adapters.store.port import BatchWrite

    batch = BatchWrite()
    batch.records[key] = forged
    batch.base_versions[key] = record.version
    platform.store.commit(batch, "attack")
    response = api.get(f"/children/{key}", headers=headers(platform, "school", "enrolment"))
    assert response.status_code == 200 and response.json()["masked"] == ["identity.name"]
    assert "unreadable: identity.name" in _trail(platform)[-1].event.detail


# 10. and limits ---------------------------------------------------------------------------------------------------
def test_huge_thresholds_and_headers_are_refused_before_anything_is_stored(platform, key, api):
    comp = headers(platform, "compliance", "compliance_review")
    before = len(_trail(platform))
    assert api.get("/compliance/anomalies?threshold=" + "1" + "0" * 26, headers=comp).status_code == 422
    assert len(_trail(platform)) == before  # no "allowed" row for a query that never ran
    huge = {**headers(platform, "school", "enrolment"), "X-Purpose": "p" * 200_000}
    assert api.get(f"/children/{key}", headers=huge).status_code in (422, 431)
    assert all(len(r.event.purpose) <= 64 for r in _trail(platform))


def test_responses_carry_security_headers(platform, key, api):
    response = api.get(f"/children/{key}", headers=headers(platform, "school", "enrolment"))
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


def test_a_token_over_its_rate_is_slowed_down(platform, key, api):
    from services.entrypoints.api.deps import RateLimiter

    api.app.state.rate_limiter = RateLimiter(rate=0.001, burst=3)
    token = issue_token(platform.database, "greedy", "school", "330106")
    h = {"Authorization": f"Bearer {token}", "X-Purpose": "enrolment"}
    codes = [api.get(f"/children/{key}", headers=h).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_view_keys_go_only_to_the_subscribed_app_and_end_with_the_child(platform, key, api):
    from services.usecases.views import view_sealer

    app_h = headers(platform, "downstream_app", "entitlement_matching")
    url = f"/views/entitlement_matching/keys/{key}.1"
    got = api.get(url, headers=app_h)
    assert got.status_code == 200
    import base64

    assert base64.b64decode(got.json()["key"]) == view_sealer(platform.keyring, "entitlement_matching").key(f"{key}.1")
    assert api.get(url, headers=headers(platform, "school", "enrolment")).status_code == 403
    assert api.get(url, headers=headers(platform, "downstream_app", "enrolment")).status_code == 403
    assert api.get(f"/views/entitlement_matching/keys/{ID_NUMBER}.1", headers=app_h).status_code == 404
    platform.keyring.destroy_child(key)
    assert api.get(url, headers=app_h).status_code == 404
    assert [r.event.action for r in _trail(platform)][-1] == "key_use"


# 7. The API's verify sees a cut tail too ---------------------------------------------------------------------------
def test_the_compliance_verify_route_names_a_cut_tail(platform, key, api):
    from sqlalchemy import text

    for _ in range(3):
        api.get(f"/children/{key}", headers=headers(platform, "school", "enrolment"))
    with platform.database.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"))
    body = api.get("/compliance/verify", headers=headers(platform, "compliance", "compliance_review")).json()
    assert body["ok"] is False and "anchor" in body["reason"]  # the query's own record followed the cut: named too


def test_a_downstream_app_bound_to_an_area_gets_no_keys_for_children_elsewhere(platform, key, api):
    """Issue 14: downstream apps are bound to an area where the policy says 最小必要."""
    assert POLICY.rule("downstream_app", "entitlement_matching").same_area
    url = f"/views/entitlement_matching/keys/{key}.1"
    elsewhere = api.get(url, headers=headers(platform, "downstream_app", "entitlement_matching", "520102"))
    unknown = api.get("/views/entitlement_matching/keys/ck_" + "2" * 40 + ".1",
                      headers=headers(platform, "downstream_app", "entitlement_matching", "520102"))
    assert elsewhere.status_code == unknown.status_code == 404 and elsewhere.json() == unknown.json()
    at_home = api.get(url, headers=headers(platform, "downstream_app", "entitlement_matching", "330106"))
    assert at_home.status_code == 200
