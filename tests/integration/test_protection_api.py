"""Protection alerts through the API and the CLI (issue 20, items 3 and 4): each department gets the alerts it owes,
of its own area, nothing personal; every call and every refusal is audited."""

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from events.contracts import harm_reports as hr
from events.contracts import mental_health as mh
from events.envelope import Envelope, encode
from privacy.pseudonym import child_key
from services.processor.handler import BatchHandler
from services.processor.messages import RawMessage
from services.usecases.protection import EdgeSealer, RecordProtector
from tests.integration.conftest import AREA, ID_NUMBER, headers

CHINA = timezone(timedelta(hours=8))
REPORTED = datetime(2026, 11, 2, 9, 0, tzinfo=CHINA)


def publish(platform, key, *payloads, at=REPORTED, offset=100):
    """Each payload one minute after the one before (last-writer-wins needs an order)."""
    seal = EdgeSealer(platform.cipher)
    handler = BatchHandler(platform.store, platform.topics, "g", protect=RecordProtector(platform.cipher, None))
    handler.handle([RawMessage(platform.topics.department(p.DEPARTMENT), 0, offset + i, key.encode(),
                               encode(seal(Envelope.new(p, source=p.DEPARTMENT, child_key=key,
                                                        occurred_at=at + timedelta(minutes=i)))))
                    for i, p in enumerate(payloads)])


@pytest.fixture
def reported(platform, key):
    publish(platform, key, hr.SchoolHarmReported(reported_at=REPORTED, kind="harm"),
            mh.MentalHealthReferred(referred_on=date(2026, 9, 20), referred_to="hospital"))
    return key


def test_the_police_get_the_new_report_and_the_late_reprimand_of_their_area(platform, api, reported):
    got = api.get("/protection/alerts", params={"since": "2026-11-01", "as_of": "2026-11-05"},
                  headers=headers(platform, "police", "child_protection"))
    assert got.status_code == 200
    assert {(a["kind"], a["to"]) for a in got.json()} == {("harm_reported", "public_security"),
                                                          ("police_step_late", "public_security")}
    assert all(set(a) == {"child_key", "kind", "to", "due_at", "area"} for a in got.json())
    assert "孙小美" not in got.text and ID_NUMBER not in got.text
    other = api.get("/protection/alerts", params={"since": "2026-11-01", "as_of": "2026-11-05"},
                    headers=headers(platform, "police", "child_protection", area="520102"))
    assert other.status_code == 200 and other.json() == []


def test_civil_affairs_gets_the_late_crisis_intervention_and_the_health_service_the_unanswered_referral(
        platform, api, reported):
    got = api.get("/protection/alerts", params={"since": "2026-11-01T00:00:00+08:00", "as_of": "2026-11-05"},
                  headers=headers(platform, "caseworker", "crisis_intervention"))
    assert [(a["kind"], a["to"]) for a in got.json()] == [("crisis_step_late", "civil_affairs")]
    health = api.get("/protection/alerts", params={"since": "2026-10-01", "as_of": "2026-11-01"},
                     headers=headers(platform, "health_worker", "mental_health"))
    assert [(a["kind"], a["to"]) for a in health.json()] == [("referral_outcome_overdue", "health")]


def test_a_referral_to_12355_is_owed_by_the_youth_league_and_its_own_outcome_answers_it(platform, api, key):
    # Hebei: "暢通家庭、學校、社區、12355青少年服務臺、社會心理服務機構等與醫療衛生機構之間預防轉介干預就醫通道"
    publish(platform, key, mh.MentalHealthReferred(referred_on=date(2026, 9, 20), referred_to="youth_hotline_12355"))
    window = {"since": "2026-10-01", "as_of": "2026-11-01"}

    def alerts(role):
        got = api.get("/protection/alerts", params=window, headers=headers(platform, role, "mental_health"))
        assert got.status_code == 200
        return [(a["kind"], a["to"]) for a in got.json()]

    assert alerts("youth_worker") == [("referral_outcome_overdue", "youth_league")]
    assert alerts("health_worker") == [] and alerts("caseworker") == []
    # the youth worker's rule is for the alerts: it opens no field of the child
    assert api.get(f"/children/{key}", headers=headers(platform, "youth_worker", "mental_health")).status_code == 403
    publish(platform, key, mh.MentalHealthReferralOutcome(outcome_on=date(2026, 10, 5), outcome="declined"),
            offset=200)  # health's outcome is not 12355's
    assert alerts("youth_worker") == [("referral_outcome_overdue", "youth_league")]
    publish(platform, key, mh.HotlineReferralOutcome(outcome_on=date(2026, 10, 5), outcome="counselling_started"),
            offset=300)
    assert alerts("youth_worker") == []


@pytest.mark.parametrize("role, purpose", [("children_director", "key_child_care"), ("statistician", "statistics"),
                                           ("school", "enrolment"), ("police", "mental_health")])
def test_a_caller_whose_purpose_does_not_act_on_protection_gets_a_refusal_on_the_trail(platform, api, reported, role,
                                                                                     purpose):
    area = None if role == "statistician" else "330106"
    got = api.get("/protection/alerts", params={"since": "2026-11-01"}, headers=headers(platform, role, purpose, area))
    assert got.status_code == 403
    last = platform.audit_sink(False).records()[-1].event
    assert last.outcome == "denied" and last.role == role


@pytest.mark.parametrize("params", [{"since": "yesterday"}, {"since": "2026-11-01", "as_of": "2026-13-01"},
                                    {"since": "2020-01-01", "as_of": "2026-01-01"}, {"since": "2026-11-05",
                                                                                    "as_of": "2026-11-01"}])
def test_bad_windows_are_a_clear_422(platform, api, reported, params):
    got = api.get("/protection/alerts", params=params, headers=headers(platform, "police", "child_protection"))
    assert got.status_code == 422


def test_the_calls_are_audited_under_the_job_and_the_caller(platform, api, reported):
    api.get("/protection/alerts", params={"since": "2026-11-01", "as_of": "2026-11-05"},
            headers=headers(platform, "police", "child_protection", name="officer-li"))
    events = [r.event for r in platform.audit_sink(False).records()][-4:]  # the job, two deliveries, the call
    assert events[0].actor.startswith("job:protection-alerts") and events[0].purpose == "child_protection"
    assert all(e.actor == "officer-li" and e.child_key == reported and e.action == "deliver" for e in events[1:3])
    assert events[3].actor == "officer-li" and events[3].action == "read" and "2" in events[3].detail


def test_the_cli_lists_open_steps_and_alerts_without_personal_values(env_platform, monkeypatch):
    from typer.testing import CliRunner

    from services.entrypoints.cli import app

    key = child_key(env_platform.pseudonym_secret, ID_NUMBER)
    from events.contracts.public_security import ResidenceRegistered
    publish(env_platform, key, ResidenceRegistered(area_code=AREA, address="西湖区文一路1号"),
            hr.CommunityHarmReported(reported_at=REPORTED, kind="neglect", reporter="grid_worker"))
    runner = CliRunner()
    tasks = runner.invoke(app, ["care", "protection-tasks", "--actor", "ops", "--as-of", "2026-11-02T10:00:00+08:00"])
    assert tasks.exit_code == 0, tasks.output
    rows = [json.loads(line) for line in tasks.output.splitlines() if line.startswith("{")]
    assert {(r["kind"], r["to"]) for r in rows} == {("police", "public_security"), ("crisis", "civil_affairs")}
    alerts = runner.invoke(app, ["care", "protection-alerts", "--actor", "ops", "--since", "2026-11-01",
                                 "--as-of", "2026-11-10", "--no-publish"])
    assert alerts.exit_code == 0 and "网格" not in alerts.output and "neglect" not in alerts.output
    assert {json.loads(line)["kind"] for line in alerts.output.splitlines() if line.startswith("{")} == \
        {"harm_reported", "police_step_late", "crisis_step_late"}
    bad = runner.invoke(app, ["care", "protection-alerts", "--actor", "ops", "--since", "last week", "--no-publish"])
    assert bad.exit_code == 2


# 网格员 (grid workers) and the 强制报告 duty of every staff member --------------------------------------------------

def test_a_grid_worker_files_a_report_that_goes_to_civil_affairs_sealed_by_the_publisher(platform, api, key):
    got = api.post("/protection/harm-reports", json={"id_number": ID_NUMBER, "kind": "harm"},
                   headers=headers(platform, "grid_worker", "harm_report", name="grid-7"))
    assert got.status_code == 202 and got.json()["accepted"] is True
    (sent,) = api.app.state.ctx.publisher.sent
    assert sent.event_type == "civil_affairs.HarmReported" and sent.source == "civil_affairs" and sent.child_key == key
    assert sent.payload.reporter == "grid_worker" and sent.payload.kind == "harm"
    last = platform.audit_sink(False).records()[-1].event
    assert last.actor == "grid-7" and last.outcome == "allowed" and ID_NUMBER not in last.detail


def test_a_report_on_an_unknown_child_is_accepted_alike(platform, api, key):
    # The answer must not tell a grid worker whether a child is registered.
    got = api.post("/protection/harm-reports", json={"id_number": "110101201001011234"[:-1] + "6", "kind": "neglect"},
                   headers=headers(platform, "grid_worker", "harm_report"))
    assert got.status_code in (202, 422)
    if got.status_code == 202:
        assert set(got.json()) == {"accepted", "event_ids"}


def test_a_grid_worker_sees_nothing_else(platform, api, key):
    h = headers(platform, "grid_worker", "harm_report")
    assert api.get(f"/children/{key}", headers=h).status_code == 403
    assert api.get("/children", params={"area": "330106"}, headers=h).status_code == 403
    assert api.post("/children/search", json={"id_number": ID_NUMBER}, headers=h).status_code == 403
    assert api.get("/protection/alerts", params={"since": "2026-11-01"}, headers=h).status_code == 403


def test_any_staff_member_may_report_as_a_platform_user_but_no_app_or_statistician(platform, api, key):
    got = api.post("/protection/harm-reports", json={"child_key": key, "kind": "neglect"},
                   headers=headers(platform, "school", "enrolment"))
    assert got.status_code == 202 and api.app.state.ctx.publisher.sent[-1].payload.reporter == "platform_user"
    for role, purpose, area in (("downstream_app", "entitlement_matching", "330106"),
                                ("statistician", "statistics", None)):
        denied = api.post("/protection/harm-reports", json={"child_key": key, "kind": "harm"},
                          headers=headers(platform, role, purpose, area))
        assert denied.status_code == 403


@pytest.mark.parametrize("body", [{"kind": "harm"}, {"id_number": ID_NUMBER, "child_key": "ck_x", "kind": "harm"},
                                  {"id_number": "123", "kind": "harm"}, {"child_key": "not-a-key", "kind": "harm"},
                                  {"id_number": ID_NUMBER, "kind": "bruises"},
                                  {"id_number": ID_NUMBER, "kind": "harm", "note": "张三打孩子"},
                                  {"id_number": ID_NUMBER, "kind": "harm", "reported_at": "2999-01-01T00:00:00+08:00"},
                                  {"id_number": ID_NUMBER, "kind": "harm", "reported_at": "2026-11-01T00:00:00"},
                                  [ID_NUMBER], ID_NUMBER])
def test_a_malformed_report_is_a_clear_422_and_nothing_is_published(platform, api, key, body):
    got = api.post("/protection/harm-reports", json=body, headers=headers(platform, "grid_worker", "harm_report"))
    assert got.status_code == 422 and api.app.state.ctx.publisher.sent == []
    assert ID_NUMBER not in got.text and "张三" not in got.text


# 儿童督导员 (township supervisors) -----------------------------------------------------------------------------

def test_a_supervisor_sees_their_townships_directors_task_counts_and_no_child(platform, api, key):
    got = api.get("/supervision/directors", params={"as_of": "2026-11-01"},
                  headers=headers(platform, "child_supervisor", "supervision", area=AREA, name="sup-1"))
    assert got.status_code == 200
    (row,) = got.json()
    assert row["director_id"] == "dir-1" and row["overdue"] >= 2 and row["open"] >= row["overdue"]
    assert {"contact", "home_visit"} <= set(row["by_kind"])
    assert key not in got.text and "孙小美" not in got.text and "note" not in got.text
    assert platform.audit_sink(False).records()[-1].event.actor == "sup-1"
    elsewhere = api.get("/supervision/directors", params={"as_of": "2026-11-01"},
                        headers=headers(platform, "child_supervisor", "supervision", area="330107001"))
    assert elsewhere.status_code == 200 and elsewhere.json() == []


def test_a_supervisor_reads_no_child_and_others_get_no_summary(platform, api, key):
    h = headers(platform, "child_supervisor", "supervision", area=AREA)
    assert api.get(f"/children/{key}", headers=h).status_code == 403
    director = api.get("/supervision/directors", headers=headers(platform, "children_director", "key_child_care"))
    assert director.status_code == 403
    assert platform.audit_sink(False).records()[-1].event.outcome == "denied"
    assert api.get("/supervision/directors", params={"as_of": "someday"}, headers=h).status_code == 422


# 社会工作者 through the API -------------------------------------------------------------------------------------

def test_a_referred_social_worker_opens_exactly_the_rules_fields_and_an_unreferred_one_gets_404(platform, api, key):
    from events.contracts.social_work import SocialWorkReferred
    from privacy.access_policy import load_policy

    rule = load_policy().rule("social_worker", "case_work")
    h = headers(platform, "social_worker", "case_work", name="sw-9")
    assert api.get(f"/children/{key}", headers=h).status_code == 404
    publish(platform, key, SocialWorkReferred(director_id="dir-1", social_worker_id="sw-9",
                                              referred_on=date(2026, 11, 1)), offset=300)
    got = api.get(f"/children/{key}", headers=h)
    assert got.status_code == 200
    record = platform.store.get(key)
    assert set(got.json()["fields"]) == set(load_policy().fields_for(rule, sorted(record.fields)))
    assert got.json()["fields"]["identity.name"] == "孙小美" and got.json()["masked"] == []
    other = api.get(f"/children/{key}", headers=headers(platform, "social_worker", "case_work", name="sw-10"))
    assert other.status_code == 404 and other.json() == api.get("/children/ck_" + "0" * 40,
                                                               headers=h).json()  # same answer as no child
