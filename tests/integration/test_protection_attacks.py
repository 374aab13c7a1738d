"""An adversarial pass over issue 20 (摸排, 比对, 精准识别, harm reports, supervision, the register of directors): each
test is one attack on a promise of purpose limitation (最小必要), scope, audit, bad input or what is echoed. A finding
that is not fixed yet is marked xfail(strict=True) with its reason."""


import json
from datetime import UTC, date, datetime, time, timedelta

import pytest

from events.contracts import harm_reports as hr
from events.contracts.civil_affairs import GuardianshipChanged
from events.contracts.education import DroppedOut
from events.contracts.social_work import SocialWorkEnded, SocialWorkReferred
from privacy.access_policy import load_policy
from projections.harm_cases import CHINA  # a step's day is Beijing's day
from services.usecases.access import KNOWN_FIELDS
from tests.integration.conftest import AREA, ID_NUMBER, headers
from tests.integration.test_console import csrf, sign_in
from tests.integration.test_protection_api import publish

ID_LIKE = ID_NUMBER  # what a careless user types into the wrong box
DIRECTOR = ("children_director", "key_child_care")


def _trail(platform):
    return [r.event for r in platform.audit_sink(False).records()]


def _nothing_of_the_id_in_the_trail(platform):
    for event in _trail(platform):
        text = " ".join(str(v) for v in (event.actor, event.detail, event.child_key, event.purpose))
        assert ID_LIKE not in text and ID_LIKE[:14] not in text, event


# 1. What a careless user types is never echoed (FastAPI's own 422 quoted the input back) ------------------------------

@pytest.mark.parametrize("path, params, who", [
    ("/care/discrepancies", {"area": ID_LIKE}, DIRECTOR),
    ("/care/discrepancies/report", {"area": ID_LIKE}, ("statistician", "statistics")),
    ("/care/discrepancies/report", {"threshold": ID_LIKE}, ("statistician", "statistics")),
    ("/care/surveys/coverage", {"campaign": ID_LIKE + "!"}, ("children_director", "survey_coverage")),
    ("/supervision/directors", {"as_of": ID_LIKE}, ("child_supervisor", "supervision")),
    ("/protection/alerts", {"since": ID_LIKE * 3}, ("police", "child_protection")),
])
def test_a_query_value_that_fails_validation_is_not_quoted_back(platform, api, key, path, params, who):
    area = None if who[0] == "statistician" else AREA
    got = api.get(path, params=params, headers=headers(platform, *who, area=area))
    assert got.status_code == 422
    assert ID_LIKE not in got.text and ID_LIKE[:14] not in got.text, got.text
    assert all("loc" in d and "msg" in d for d in got.json()["detail"]) if isinstance(got.json()["detail"], list) \
        else True


def test_malformed_json_in_a_harm_report_is_a_422_without_the_body(platform, api, key):
    body = ('{"id_number": "' + ID_LIKE + '", "kind": ').encode()
    got = api.post("/protection/harm-reports", content=body,
                   headers={**headers(platform, "grid_worker", "harm_report"), "content-type": "application/json"})
    assert got.status_code == 422 and ID_LIKE not in got.text
    assert api.app.state.ctx.publisher.sent == []


@pytest.mark.parametrize("body", [{ID_LIKE: "harm"}, {"kind": "harm", "id_number": "x", ID_LIKE: 1}])
def test_a_harm_report_with_an_id_number_as_a_key_is_a_422_that_does_not_name_the_key(platform, api, key, body):
    got = api.post("/protection/harm-reports", json=body, headers=headers(platform, "grid_worker", "harm_report"))
    assert got.status_code == 422 and ID_LIKE not in got.text and ID_LIKE[:14] not in got.text, got.text
    assert api.app.state.ctx.publisher.sent == []


def test_a_campaign_shaped_like_an_id_number_is_refused_not_echoed_nor_audited(platform, api, key):
    got = api.get("/care/surveys/coverage", params={"campaign": ID_LIKE},
                  headers=headers(platform, "children_director", "survey_coverage"))
    assert got.status_code == 422 and ID_LIKE not in got.text
    _nothing_of_the_id_in_the_trail(platform)


def test_the_console_refuses_an_id_number_typed_as_the_campaign(console, platform, key):
    sign_in(console, platform, "children_director", purpose="survey_coverage")
    page = console.get("/console/surveys", params={"campaign": ID_LIKE})
    assert page.status_code == 422 and ID_LIKE not in page.text
    _nothing_of_the_id_in_the_trail(platform)


@pytest.mark.parametrize("argv", [
    ["care", "coverage", "--actor", "ops", "--campaign", ID_LIKE],
    ["care", "coverage", "--actor", "ops", "--campaign", "c1", "--area", ID_LIKE],
    ["care", "discrepancies", "--actor", "ops", "--department", ID_LIKE],
    ["care", "discrepancies", "--actor", "ops", "--department", "education", "--area", ID_LIKE],
    ["care", "discrepancy-report", "--actor", "ops", "--area", ID_LIKE],
    ["care", "proposals", "--actor", "ops", "--area", ID_LIKE],
    ["care", "protection-tasks", "--actor", "ops", "--area", ID_LIKE],
    ["care", "discrepancies", "--actor", "ops", "--department", "education", "--as-of", ID_LIKE],
    ["directors", "register", ID_LIKE, "--area", "330106", "--since", "2026-01-01", "--actor", "ops"],
    ["directors", "register", "dir-1", "--area", "330106", "--since", ID_LIKE, "--actor", "ops"],
    ["directors", "leave", ID_LIKE, "--on", "2026-11-01", "--actor", "ops"],
    ["directors", "register", "dir-1", "--area", "330106", "--since", "2026-01-01", "--actor", ID_LIKE],
    ["directors", "report", "--actor", ID_LIKE],
    ["care", "discrepancy-report", "--actor", ID_LIKE],
    ["care", "protection-alerts", "--actor", ID_LIKE, "--since", "2026-11-01", "--no-publish"],
])
def test_the_cli_refuses_an_id_number_in_an_area_key_campaign_or_department_without_echo_or_trail(
        env_platform, argv):
    from sqlalchemy import select
    from typer.testing import CliRunner

    from services.adapters.store.schema import children_directors
    from services.entrypoints.cli import app

    done = CliRunner().invoke(app, argv)
    assert done.exit_code != 0
    shown = done.output + (str(done.exception) if done.exception and not isinstance(done.exception, SystemExit)
                           else "")
    assert ID_LIKE not in shown and ID_LIKE[:14] not in shown, shown
    _nothing_of_the_id_in_the_trail(env_platform)
    with env_platform.database.connect() as conn:
        assert all(ID_LIKE not in str(r) for r in conn.execute(select(children_directors)).all())


def test_the_discrepancy_report_cannot_be_narrowed_below_a_county_to_difference_hidden_counts(platform, api, key):
    # The rows are per county; an area filter of a township gives county rows of the township's tasks only, so the
    # county's shown count minus a township's shown count recovers the hidden count of the rest.
    h = headers(platform, "statistician", "statistics", area=None)
    assert api.get("/care/discrepancies/report", params={"area": AREA[:6]}, headers=h).status_code == 200
    narrowed = api.get("/care/discrepancies/report", params={"area": AREA}, headers=h)
    assert narrowed.status_code == 422 and "county" in narrowed.text


# 2. Refusals are on the trail -----------------------------------------------------------------------------------------

def test_the_console_discrepancy_page_refuses_a_non_director_on_the_trail(console, platform, key):
    sign_in(console, platform, "school", area=AREA[:6], name="school-9", purpose="enrolment")
    before = len(_trail(platform))
    page = console.get("/console/discrepancies")
    assert page.status_code == 403
    new = _trail(platform)[before:]
    assert any(e.outcome == "denied" and e.actor == "school-9" for e in new), new


def test_a_grid_worker_reads_nothing_on_any_console_page_and_each_refusal_is_audited(console, platform, key):
    sign_in(console, platform, "grid_worker", purpose="harm_report", name="grid-5")
    for path in ("/console/surveys", "/console/discrepancies", "/console/proposals", "/console/supervision",
                 "/console/ledger", "/console/alerts", f"/console/child/{key}", "/console/statistics"):
        before = len(_trail(platform))
        page = console.get(path, follow_redirects=False)
        assert page.status_code in (403, 404), (path, page.status_code)
        assert key not in page.text and "孙小美" not in page.text and "dir-1" not in page.text, path
        new = _trail(platform)[before:]
        assert any(e.outcome in ("denied", "error") and e.actor == "grid-5" for e in new), (path, new)


def test_a_social_worker_loses_the_child_when_the_referral_ends(platform, api, key):
    h = headers(platform, "social_worker", "case_work", name="sw-4")
    publish(platform, key, SocialWorkReferred(director_id="dir-1", social_worker_id="sw-4",
                                              referred_on=date(2026, 11, 1)), offset=400)
    assert api.get(f"/children/{key}", headers=h).status_code == 200
    publish(platform, key, SocialWorkEnded(ended_on=date(2026, 11, 20)), offset=410)
    gone = api.get(f"/children/{key}", headers=h)
    assert gone.status_code == 404 and "孙小美" not in gone.text
    listed = api.get("/children", params={"area": AREA[:6]}, headers=h)
    assert listed.status_code == 200 and key not in listed.text


# 3. Ingest of a harm report is fail-closed, CSRF-bound, and tells nothing of the child -------------------------------

def test_a_harm_report_publishes_nothing_when_the_audit_fails(platform, api, key):
    from privacy.audit import AuditFailed

    h = headers(platform, "grid_worker", "harm_report")

    def fail(_event):
        raise AuditFailed("audit store unavailable")

    api.app.state.ctx.audit.append = fail
    got = api.post("/protection/harm-reports", json={"id_number": ID_NUMBER, "kind": "harm"}, headers=h)
    assert got.status_code == 503 and api.app.state.ctx.publisher.sent == []


def test_the_console_report_form_without_its_csrf_token_files_nothing(console, platform, key):
    sign_in(console, platform, "grid_worker", purpose="harm_report", name="grid-6")
    form = console.get("/console/report")
    assert form.status_code == 200
    for data in ({"id_number": ID_NUMBER, "kind": "harm"},
                 {"csrf": csrf(form.text)[:-2] + "xx", "id_number": ID_NUMBER, "kind": "harm"}):
        refused = console.post("/console/report", data=data)
        assert refused.status_code == 403 and ID_NUMBER not in refused.text
    assert console.ctx.publisher.sent == []


def _id_number(body17):
    """A valid ID number (GB 11643 check character) from 17 digits."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body17 + "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights, strict=True)) % 11]


FRESH_ID = _id_number("33010620160402123")  # a child the platform has never heard of


def _shape(got):
    body = got.json()
    return got.status_code, sorted(body), [(type(i).__name__, len(i), i.count("-")) for i in body["event_ids"]]


def test_a_harm_report_on_an_erased_child_is_answered_as_for_any_other_child(platform, api, key):
    """The 强制报告 is filed and answered alike: same status, same body shape, no word that differs by erasure."""
    h = headers(platform, "grid_worker", "harm_report")
    platform.keyring.destroy_child(key)
    erased = api.post("/protection/harm-reports", json={"id_number": ID_NUMBER, "kind": "harm"}, headers=h)
    fresh = api.post("/protection/harm-reports", json={"id_number": FRESH_ID, "kind": "harm"}, headers=h)
    assert erased.status_code == 202 and "erased" not in erased.text
    assert _shape(erased) == _shape(fresh)
    assert erased.json()["accepted"] is fresh.json()["accepted"] is True
    by_key = api.post("/protection/harm-reports", json={"child_key": key, "kind": "neglect"}, headers=h)
    assert _shape(by_key) == _shape(fresh)
    # and erasure stays permanent: no key made again, nothing published for the erased child
    assert platform.keyring.is_destroyed(key)
    assert [e.child_key for e in api.app.state.ctx.publisher.sent] == [child_key_of(platform, FRESH_ID)]


def test_the_console_form_answers_a_report_on_an_erased_child_as_any_other(console, platform, key):
    sign_in(console, platform, "grid_worker", purpose="harm_report", name="grid-5")
    platform.keyring.destroy_child(key)
    pages = []
    for number in (ID_NUMBER, FRESH_ID):
        form = console.get("/console/report")
        got = console.post("/console/report", data={"csrf": csrf(form.text), "id_number": number, "kind": "harm"})
        pages.append((got.status_code, got.text.replace(csrf(got.text), "") if "csrf" in got.text else got.text))
    assert pages[0] == pages[1] and pages[0][0] == 200


def child_key_of(platform, number):
    from privacy.pseudonym import child_key

    return child_key(platform.pseudonym_secret, number)


def _file_on_erased(platform, api, key, reporter_area="330106"):
    platform.keyring.destroy_child(key)
    got = api.post("/protection/harm-reports", json={"id_number": ID_NUMBER, "kind": "harm"},
                   headers=headers(platform, "grid_worker", "harm_report", area=reporter_area, name="grid-9"))
    assert got.status_code == 202
    return got.json()["event_ids"][0]


CRISIS = ("caseworker", "crisis_intervention")


def test_the_area_civil_affairs_crisis_intervention_is_alerted_and_opens_it_audited(platform, api, key):
    report = _file_on_erased(platform, api, key)
    mz = headers(platform, *CRISIS, area="330106", name="mz-zhang")
    since = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    alerts = api.get("/protection/alerts", params={"since": since}, headers=mz)
    assert alerts.status_code == 200
    (alert,) = [a for a in alerts.json() if a["kind"] == "unrecorded_harm_report"]
    assert alert["report_id"] == report and alert["to"] == "civil_affairs" and alert["child_key"] is None
    assert ID_NUMBER not in alerts.text
    listed = api.get("/protection/unrecorded-reports", headers=mz)
    assert [r["report_id"] for r in listed.json()] == [report]
    opened = api.get(f"/protection/unrecorded-reports/{report}", headers=mz)
    assert opened.status_code == 200
    assert opened.json()["id_number"] == ID_NUMBER and opened.json()["kind"] == "harm"
    assert opened.json()["reporter"] == "grid_worker" and opened.json()["area"] == "330106"
    (record,) = [e for e in _trail(platform) if e.actor == "mz-zhang" and e.action == "decrypt"]
    assert record.outcome == "allowed" and report in record.detail and record.child_key is None
    assert ID_NUMBER not in record.detail
    # a caseworker bound to a township of the county does not get a report made at county level
    assert api.get("/protection/unrecorded-reports", headers=headers(platform, *CRISIS, area="330106001")
                   ).json() == []


@pytest.mark.parametrize("role, purpose, area", [
    ("police", "child_protection", "330106"),
    ("school", "enrolment", "330106"),
    ("school", "mental_health", "330106"),
    ("grid_worker", "harm_report", "330106"),  # the reporter
    ("children_director", "key_child_care", "330106"),
    ("procurator", "child_protection", "330106"),
    ("compliance", "compliance_review", None),
])
def test_no_other_purpose_sees_anything_of_it(platform, api, key, role, purpose, area):
    report = _file_on_erased(platform, api, key)
    h = headers(platform, role, purpose, area=area)
    for path in ("/protection/unrecorded-reports", f"/protection/unrecorded-reports/{report}"):
        got = api.get(path, headers=h)
        assert got.status_code == 403 and ID_NUMBER not in got.text and report not in got.text
    assert api.delete(f"/protection/unrecorded-reports/{report}", headers=h).status_code == 403
    since = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    alerts = api.get("/protection/alerts", params={"since": since}, headers=h)
    assert report not in alerts.text and "unrecorded" not in alerts.text
    denied = [e for e in _trail(platform) if e.role == role and e.outcome == "denied"]
    assert denied  # each refusal on the trail


def test_civil_affairs_of_another_area_cannot(platform, api, key):
    report = _file_on_erased(platform, api, key)
    other = headers(platform, *CRISIS, area="330108")
    assert api.get("/protection/unrecorded-reports", headers=other).json() == []
    got = api.get(f"/protection/unrecorded-reports/{report}", headers=other)
    assert got.status_code == 404 and ID_NUMBER not in got.text
    assert api.delete(f"/protection/unrecorded-reports/{report}", headers=other).status_code == 404
    since = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    assert report not in api.get("/protection/alerts", params={"since": since}, headers=other).text
    # a forged id or one shaped like an ID number is just not found, and never written down
    for forged in (report[:-1] + ("1" if report[-1] == "0" else "0"), ID_NUMBER):
        assert api.get(f"/protection/unrecorded-reports/{forged}",
                       headers=headers(platform, *CRISIS, area="330106")).status_code == 404
    _nothing_of_the_id_in_the_trail(platform)


def test_nothing_of_it_is_in_plaintext_in_tables_the_store_file_topics_or_logs(platform, api, key, caplog):
    from sqlalchemy import inspect, text

    caplog.set_level("DEBUG")
    sent_before = list(api.app.state.ctx.publisher.sent)
    _file_on_erased(platform, api, key)
    assert api.app.state.ctx.publisher.sent == sent_before  # nothing to a topic
    needles = (ID_NUMBER, ID_NUMBER[:14], key)
    engine = platform.database
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
            blob = "\n".join(str(v) for row in rows for v in row)
            if table == "unrecorded_harm_reports":
                assert rows and ID_NUMBER not in blob and key not in blob
            else:
                assert ID_NUMBER not in blob and ID_NUMBER[:14] not in blob, table
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    path = platform.settings.database_url.removeprefix("sqlite:///")
    with open(path, "rb") as f:
        assert ID_NUMBER.encode() not in f.read()
    assert not [r for r in caplog.records if any(n in r.getMessage() for n in needles)]


def test_once_shredded_it_cannot_be_opened_by_anyone(platform, api, key):
    report = _file_on_erased(platform, api, key)
    mz = headers(platform, *CRISIS, area="330106")
    assert api.delete(f"/protection/unrecorded-reports/{report}", headers=mz).status_code == 204
    assert api.get(f"/protection/unrecorded-reports/{report}", headers=mz).status_code == 404
    assert api.get("/protection/unrecorded-reports", headers=mz).json() == []
    assert any(e.action == "erase" and report in e.detail for e in _trail(platform))


# 4. Counts that can be differenced, dates that can be computed -------------------------------------------------------


def _dropout_tasks(platform, api, key, dropped, offset, days):
    """The director's drop-out tasks through the API (today) and through the same use case on each day of a sweep,
    after the school recorded a drop-out on `dropped` (on the day it happened, as a school's system does)."""
    from services.adapters.tokens import Principal
    from services.usecases.care import CareJobs, job_principal
    from services.usecases.reconcile import caller_discrepancies

    publish(platform, key, DroppedOut(dropped_on=dropped), offset=offset,
            at=datetime.combine(dropped, time(9), tzinfo=UTC))
    got = api.get("/care/discrepancies", headers=headers(platform, *DIRECTOR))
    assert got.status_code == 200
    today = [t for t in got.json() if t["rule"] == "dropout_without_director_contact"]
    jobs = CareJobs(platform.store, platform.cipher, platform.audit_sink(False), job_principal("job:test"),
                    load_policy())
    director = Principal("director-1", *DIRECTOR[:1], AREA[:6])
    sweep = [[t for t in caller_discrepancies(jobs, director, DIRECTOR[1], day, "", "api")
              if t["rule"] == "dropout_without_director_contact"] for day in days]
    return today, sweep


def test_the_directors_due_date_does_not_give_away_the_drop_outs_date(platform, api, key):
    """`derived.discrepancies.director`: "the drop-out's date is not shown". For every drop-out day of one
    Monday-Sunday week the director gets the same task (due date, overdue, days overdue, when it first appears),
    today and on each day of a sweep; the director's guardian task, whose every input the purpose sees, keeps its
    exact due date."""
    monday = date.today() - timedelta(days=date.today().weekday() + 70)
    seen, days = [], [monday + timedelta(days=n) for n in range(0, 50)]
    for i in range(7):
        today, sweep = _dropout_tasks(platform, api, key, monday + timedelta(days=i), 500 + i, days)
        assert len(today) == 1 and "education.status_since" not in json.dumps(today)
        seen.append((today, sweep))
    assert all(s == seen[0] for s in seen), "a drop-out day of the week is told apart"
    assert any(seen[0][1]) and not all(seen[0][1])  # the sweep covers the day the task first appears
    due = date.fromisoformat(seen[0][0][0]["due_on"])
    assert due.weekday() == 6 and due - timedelta(days=22) > monday + timedelta(days=6)
    # 民政's own fields: exact. Parents both migrant workers, no guardian recorded, on a Wednesday.
    wednesday = monday + timedelta(days=2)
    publish(platform, key, GuardianshipChanged(status="both_parents", parents_migrant_workers=True), offset=520,
            at=datetime.combine(wednesday, time(9), tzinfo=UTC))
    got = api.get("/care/discrepancies", headers=headers(platform, *DIRECTOR))
    (guardian,) = [t for t in got.json() if t["rule"] == "migrant_parents_without_guardian"]
    assert guardian["due_on"] == (wednesday + timedelta(days=30)).isoformat()


def test_the_director_sees_when_the_platform_learned_of_a_drop_out_never_the_day_the_school_gives(platform, api, key):
    """Decision (issue 20): the director acts on a drop-out from the day the platform learns of it (the ledger's
    dropped_out alert is raised then, and the record's provenance says so): that day is shown, since delaying the
    alert would eat into the 15 days the director has. The drop-out's own date (education.status_since), which a
    school may give days later and back-dated, stays outside the director's purpose. A school that records a drop-out
    on the day it happens makes the two the same day: accepted, and said so in the README."""
    dropped = date.today() - timedelta(days=40)
    learned = datetime.combine(dropped + timedelta(days=9), time(9), tzinfo=UTC)  # recorded nine days later
    publish(platform, key, DroppedOut(dropped_on=dropped), offset=530, at=learned)
    got = api.get(f"/children/{key}", headers=headers(platform, *DIRECTOR))
    assert got.status_code == 200 and got.json()["fields"]["education.status"] == "dropped_out"
    assert got.json()["sources"]["education.status"]["on"].startswith(learned.date().isoformat())
    assert dropped.isoformat() not in got.text and "education.status_since" not in got.json()["fields"]


def test_the_directors_console_page_is_the_same_for_every_drop_out_day_of_a_week(console, platform, key):
    import re

    sign_in(console, platform, *DIRECTOR[:1], area=AREA[:6], name="d-7", purpose=DIRECTOR[1])
    monday = date.today() - timedelta(days=date.today().weekday() + 70)
    pages = set()
    for i in range(7):
        dropped = monday + timedelta(days=i)
        publish(platform, key, DroppedOut(dropped_on=dropped), offset=700 + i,
                at=datetime.combine(dropped, time(9), tzinfo=UTC))
        page = console.get("/console/discrepancies")
        assert page.status_code == 200 and "逾期" in page.text
        pages.add(re.sub(r'name="csrf" value="[^"]+"', "", page.text))
    assert len(pages) == 1


def test_a_school_never_gets_a_value_outside_enrolment_nor_another_departments_task(platform, api, key):
    got = api.get("/care/discrepancies", headers=headers(platform, "school", "enrolment"))
    assert got.status_code == 200
    policy = load_policy()
    school = set(policy.fields_for(policy.rule("school", "enrolment"), KNOWN_FIELDS))
    for task in got.json():
        assert task["department"] == "education" and set(task["values"]) <= school
        assert "other_child_keys" not in task
    assert "assistance" not in json.dumps([t["values"] for t in got.json()])


# 5. Every delivery of a child is findable on the trail by the child --------------------------------------------------

def test_who_accessed_a_child_finds_the_police_who_got_its_protection_alert(platform, api, key):
    reported = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    publish(platform, key, hr.SchoolHarmReported(reported_at=reported, kind="harm"), at=reported, offset=600)
    got = api.get("/protection/alerts", params={"since": "2026-11-01", "as_of": "2026-11-05"},
                  headers=headers(platform, "police", "child_protection", name="officer-wang"))
    assert got.status_code == 200 and {a["child_key"] for a in got.json()} == {key}
    trail = api.get(f"/compliance/children/{key}", headers=headers(platform, "compliance", "compliance_review",
                                                                    area=None))
    assert trail.status_code == 200
    assert any(row["actor"] == "officer-wang" and row["outcome"] == "allowed" for row in trail.json()), trail.json()


@pytest.mark.parametrize("body", [{"kind": "harm"}, {"id_number": ID_LIKE[:-1] + "0", "kind": "harm"},
                                  {"id_number": ID_LIKE, "kind": "bruises"}, {ID_LIKE: "harm"},
                                  {"child_key": "ck_x", "kind": "harm"}])
def test_a_harm_report_that_cannot_be_filed_is_on_the_trail_without_what_was_typed(platform, api, key, body):
    got = api.post("/protection/harm-reports", json=body, headers=headers(platform, "grid_worker", "harm_report",
                                                                          name="grid-8"))
    assert got.status_code == 422 and api.app.state.ctx.publisher.sent == []
    last = _trail(platform)[-1]
    assert last.actor == "grid-8" and last.outcome == "error" and "harm report refused" in last.detail
    _nothing_of_the_id_in_the_trail(platform)


def test_the_console_report_form_with_a_bad_kind_is_on_the_trail(console, platform, key):
    sign_in(console, platform, "grid_worker", purpose="harm_report", name="grid-9")
    form = console.get("/console/report")
    page = console.post("/console/report", data={"csrf": csrf(form.text), "id_number": ID_NUMBER, "kind": "x"})
    assert page.status_code == 422 and ID_NUMBER not in page.text and console.ctx.publisher.sent == []
    last = _trail(platform)[-1]
    assert last.actor == "grid-9" and last.outcome == "error"
    _nothing_of_the_id_in_the_trail(platform)


@pytest.mark.parametrize("content, ctype", [
    (b"x" * (5 * 1024 * 1024), "application/json"),
    (b"[" * 5000 + b"]" * 5000, "application/json"),
    (b"null", "application/json"),
    (b"\xff\xfe\x00", "application/json"),
    ("id_number=" + ID_NUMBER + "&kind=harm", "application/x-www-form-urlencoded"),
    (b'{"id_number": {"$gt": ""}, "kind": "harm"}', "application/json"),
    (b'{"child_key": "ck_' + b"a" * 40 + b'", "kind": "harm", "reported_at": "+999999-01-01T00:00:00+08:00"}',
     "application/json"),
])
def test_a_harm_report_body_of_any_shape_is_a_4xx_that_quotes_nothing_and_files_nothing(platform, api, key, content,
                                                                                      ctype):
    got = api.post("/protection/harm-reports", content=content,
                   headers={**headers(platform, "grid_worker", "harm_report"), "content-type": ctype})
    assert 400 <= got.status_code < 500, got.text[:300]
    assert ID_NUMBER not in got.text and api.app.state.ctx.publisher.sent == []


@pytest.mark.parametrize("params", [{"since": "0001-01-01", "as_of": "0001-01-02"},
                                    {"since": "9999-12-30", "as_of": "9999-12-31"},
                                    {"since": "2026-11-01T00:00", "as_of": "2026-11-05"},
                                    {"since": "2026-11-01", "as_of": "2026-11-05T00:00:00+14:00"}])
@pytest.mark.parametrize("who", [("police", "child_protection"), ("school", "mental_health"),
                                 ("caseworker", "crisis_intervention")])
def test_alert_windows_at_the_ends_of_the_calendar_or_without_a_zone_are_never_a_500(platform, api, key, params, who):
    got = api.get("/protection/alerts", params=params, headers=headers(platform, *who))
    assert got.status_code in (200, 422), got.text[:300]


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "2026-02-30"])
def test_a_supervisors_day_at_the_ends_of_the_calendar_is_never_a_500(platform, api, key, as_of):
    got = api.get("/supervision/directors", params={"as_of": as_of},
                  headers=headers(platform, "child_supervisor", "supervision", area=AREA))
    assert got.status_code in (200, 422), got.text[:300]


@pytest.mark.parametrize("department, expected", [("medical_insurance", 200), ("disabled_federation", 200),
                                                  ("public_security", 200), ("education", 403), ("health", 403)])
def test_a_department_system_gets_only_its_own_departments_tasks_and_no_value(platform, api, key, department,
                                                                              expected):
    got = api.get("/care/discrepancies", headers=headers(platform, "department_system", "data_reconciliation",
                                                         area=None, name=f"{department}:sys-1"))
    assert got.status_code == expected, got.text[:300]
    if expected == 200:
        assert all(t["department"] == department and t["values"] == {} for t in got.json())
        if department == "medical_insurance":
            assert [t["rule"] for t in got.json()] == ["residence_without_local_insurance"]
    else:
        assert key not in got.text and _trail(platform)[-1].outcome == "denied"


# 6. Sealing: what a harm report, a crisis step or an assessment says leaves the API sealed ---------------------------

def test_what_the_api_files_reaches_the_topic_sealed(platform, key):
    from events.contracts import mental_health as mh
    from events.envelope import Envelope
    from services.sdk.publisher import Publisher
    from services.usecases.protection import EdgeSealer

    sent = []

    class Producer:
        def send(self, topic, key, value):
            sent.append((topic, value))

    publisher = Publisher("unused:9092", producer=Producer(), edge=EdgeSealer(platform.cipher))
    at = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    for payload in (hr.CommunityHarmReported(reported_at=at, kind="neglect", reporter="grid_worker"),
                    hr.CrisisInterventionStarted(started_at=at, measure="temporary_guardianship"),
                    mh.MentalHealthAssessed(school_year="2026-2027", assessed_on=date(2026, 10, 1),
                                            level="high_concern"),
                    mh.HotlineReferralOutcome(outcome_on=date(2026, 10, 1), outcome="counselling_started"),
                    mh.SocialWorkReferralOutcome(outcome_on=date(2026, 10, 1), outcome="case_work_started")):
        # the envelope's time is the filing's (in the clear, as every event's); the report's own time is sealed
        publisher.publish(Envelope.new(payload, source=payload.DEPARTMENT, child_key=key,
                                       occurred_at=datetime.now(UTC)))
    assert len(sent) == 5
    for _, value in sent:
        text = value.decode()
        for plain in ("neglect", "grid_worker", "temporary_guardianship", "high_concern", "2026-10-01", "09:00:00",
                      "counselling_started", "case_work_started"):
            assert plain not in text, (plain, text[:400])


# 7. Tokens ------------------------------------------------------------------------------------------------------------

ROUTES = [("get", "/care/discrepancies", {}), ("get", "/care/discrepancies/report", {}),
          ("get", "/care/surveys/coverage", {"campaign": "c1"}), ("get", "/care/proposals", {}),
          ("get", "/protection/alerts", {"since": "2026-11-01"}), ("get", "/supervision/directors", {}),
          ("post", "/protection/harm-reports", {})]


@pytest.mark.parametrize("method, path, params", ROUTES)
def test_no_token_a_forged_one_an_expired_one_and_a_revoked_one_get_401_on_the_trail(platform, api, key, method,
                                                                                      path, params):
    from datetime import datetime as dt

    from services.adapters.tokens import issue, revoke_principal

    expired = issue(platform.database, "police-old", "police", "330106", now=dt.now(UTC) - timedelta(days=400),
                    days=1).token
    revoked = issue(platform.database, "police-gone", "police", "330106").token
    revoke_principal(platform.database, "police-gone")
    forged = headers(platform, "police", "child_protection")["Authorization"][:-4] + "AAAA"
    for auth in (None, forged, f"Bearer {expired}", f"Bearer {revoked}", "Bearer " + ID_NUMBER):
        h = {"X-Purpose": "child_protection", **({"Authorization": auth} if auth else {})}
        kwargs = {"json": {"id_number": ID_NUMBER, "kind": "harm"}} if method == "post" else {"params": params}
        got = getattr(api, method)(path, headers=h, **kwargs)
        assert got.status_code == 401 and ID_NUMBER not in got.text and key not in got.text
        last = _trail(platform)[-1]
        assert last.actor == "anonymous" and last.outcome == "denied"
    assert api.app.state.ctx.publisher.sent == []
    _nothing_of_the_id_in_the_trail(platform)


# 8. A read that finds nothing is still a read on the trail ----------------------------------------------------------

@pytest.mark.parametrize("path, purpose, params", [("/care/proposals", "precise_identification", {}),
                                                   ("/care/surveys/coverage", "survey_coverage", {"campaign": "c1"}),
                                                   ("/care/discrepancies", "key_child_care", {})])
def test_a_directors_call_that_finds_no_child_is_on_the_trail(platform, api, key, path, purpose, params):
    h = headers(platform, "children_director", purpose, area="330107", name="dir-empty")
    before = len(_trail(platform))
    got = api.get(path, params=params, headers=h)
    assert got.status_code == 200
    assert any(e.actor == "dir-empty" and e.outcome == "allowed" for e in _trail(platform)[before:])


# 9. The purposes that act on a harm case see the children that have one --------------------------------------------

CASE_PURPOSES = [("police", "child_protection"), ("caseworker", "crisis_intervention"),
                 ("procurator", "child_protection"), ("judge", "child_protection")]


@pytest.mark.parametrize("role, purpose", CASE_PURPOSES)
def test_a_harm_case_purpose_reads_no_child_without_a_case_and_the_child_once_it_has_one(platform, api, key, role,
                                                                                      purpose):
    h = headers(platform, role, purpose, name=f"{role}-7")
    alone = api.get(f"/children/{key}", headers=h)
    assert alone.status_code == 404 and "孙小美" not in alone.text  # a child of the area with no report
    listed = api.get("/children", params={"area": AREA[:6]}, headers=h)
    assert listed.status_code == 200 and key not in listed.text and "孙小美" not in listed.text
    searched = api.post("/children/search", json={"id_number": ID_NUMBER}, headers=h)
    assert searched.status_code == 404 and "孙小美" not in searched.text
    reported = datetime.now(UTC) - timedelta(hours=2)
    publish(platform, key, hr.SchoolHarmReported(reported_at=reported, kind="neglect"), at=reported, offset=700)
    now = api.get(f"/children/{key}", headers=h)
    assert now.status_code == 200 and now.json()["fields"]["identity.name"] == "孙小美"


def test_a_rule_may_not_scope_by_a_field_outside_its_own(tmp_path):
    import json as j

    from privacy.access_policy import POLICY_FILE

    data = j.loads(POLICY_FILE.read_text(encoding="utf-8"))
    police = next(r for r in data["rules"] if r["id"] == "police.child_protection")
    police["only_with"] = ["hiv.*"]
    path = tmp_path / "policy.json"
    path.write_text(j.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="only_with"):
        load_policy(str(path))


# 10. The commands at the ends of the calendar -----------------------------------------------------------------------

@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("argv", [["care", "discrepancies", "--department", "education"],
                                  ["care", "discrepancies", "--department", "civil_affairs"],
                                  ["care", "discrepancy-report"], ["care", "proposals"],
                                  ["care", "coverage", "--campaign", "c1"], ["care", "protection-tasks"],
                                  ["care", "tasks"]])
def test_a_command_on_a_day_at_the_end_of_the_calendar_ends_cleanly(env_platform, argv, day):
    from typer.testing import CliRunner

    from events.contracts.civil_affairs import SubsistenceAllowanceGranted
    from events.contracts.education import Enrolled
    from events.contracts.public_security import ResidenceRegistered
    from privacy.pseudonym import child_key
    from services.entrypoints.cli import app

    key = child_key(env_platform.pseudonym_secret, ID_NUMBER)
    at = datetime(2026, 9, 1, tzinfo=UTC)
    publish(env_platform, key, ResidenceRegistered(area_code=AREA, address="西湖区文一路1号"),
            SubsistenceAllowanceGranted(monthly_amount_cny=600, since=date(2026, 1, 1)),
            Enrolled(school_code="S1", school_name="文一小学", stage="primary", enrolled_on=date(2026, 9, 1)),
            DroppedOut(dropped_on=date(2026, 9, 2)),
            hr.CommunityHarmReported(reported_at=at, kind="neglect", reporter="grid_worker"), at=at)
    done = CliRunner().invoke(app, [*argv, "--actor", "ops", "--as-of", day])
    assert done.exit_code in (0, 2), (done.output[-300:], repr(done.exception))
    assert done.exception is None or isinstance(done.exception, SystemExit), repr(done.exception)


@pytest.mark.parametrize("role, purpose", [("grid_worker", "harm_report"), ("child_supervisor", "supervision"),
                                           ("social_worker", "case_work")])
def test_a_visit_posted_by_someone_who_is_no_director_is_refused_on_the_trail(console, platform, key, role, purpose):
    sign_in(console, platform, role, purpose=purpose, name=f"{role}-x")
    page = console.get("/console/search")
    before = len(_trail(platform))
    refused = console.post(f"/console/child/{key}/visit", data={"csrf": csrf(page.text), "kind": "contact",
                                                                 "visited_on": date.today().isoformat()})
    assert refused.status_code == 403 and "孙小美" not in refused.text and console.ctx.publisher.sent == []
    assert any(e.actor == f"{role}-x" and e.outcome == "denied" for e in _trail(platform)[before:])


def test_a_window_bound_that_smuggles_an_id_number_into_its_fraction_is_not_written_to_the_trail(platform, api, key):
    since = "2026-11-01T00:00:00." + "330106201503011234"  # Python reads the fraction's first six digits
    got = api.get("/protection/alerts", params={"since": since, "as_of": "2026-11-05"},
                  headers=headers(platform, "police", "child_protection"))
    assert got.status_code in (200, 422) and "330106201503011234" not in got.text
    assert all("330106201503011234" not in (e.detail or "") for e in _trail(platform))


# 11. Nothing is lost: an area larger than one answer is refused, not silently cut ------------------------------------

@pytest.mark.parametrize("path, purpose, params", [("/care/proposals", "precise_identification", {}),
                                                   ("/care/surveys/coverage", "survey_coverage", {"campaign": "c1"})])
def test_a_directors_area_larger_than_one_answer_is_refused_not_counted_short(platform, api, key, monkeypatch, path,
                                                                              purpose, params):
    import services.usecases.surveys
    from tests.integration.test_surveys_api import seed_other

    seed_other(platform)  # two children in the county; one answer holds one
    monkeypatch.setattr(services.usecases.surveys, "MAX_AREA_CHILDREN", 1)
    got = api.get(path, params=params, headers=headers(platform, "children_director", purpose, area=AREA[:6]))
    assert got.status_code == 422 and "township" in got.text, got.text[:300]


# 12. Nothing is lost: a report on a child the platform knows no residence of still reaches the police ----------------

def test_a_grid_workers_report_on_a_child_the_platform_does_not_know_reaches_the_police_of_the_reporters_area(
        platform, api, key):
    from events.envelope import encode as enc
    from privacy.pseudonym import gb11643_check_char
    from services.processor.handler import BatchHandler
    from services.processor.messages import RawMessage
    from services.usecases.protection import EdgeSealer, RecordProtector

    first17 = "33010620180101123"  # a child newly arrived, known to no department yet
    stranger = first17 + gb11643_check_char(first17)
    filed = api.post("/protection/harm-reports", json={"id_number": stranger, "kind": "neglect"},
                     headers=headers(platform, "grid_worker", "harm_report", area=AREA))
    assert filed.status_code == 202
    (envelope,) = api.app.state.ctx.publisher.sent
    handler = BatchHandler(platform.store, platform.topics, "g", protect=RecordProtector(platform.cipher, None))
    handler.handle([RawMessage(platform.topics.department("civil_affairs"), 0, 800, envelope.child_key.encode(),
                               enc(EdgeSealer(platform.cipher)(envelope)))])
    since = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    alerts = api.get("/protection/alerts", params={"since": since},
                     headers=headers(platform, "police", "child_protection", area=AREA[:6]))
    assert alerts.status_code == 200
    assert [(a["child_key"], a["kind"]) for a in alerts.json()] == [(envelope.child_key, "harm_reported")]


@pytest.mark.parametrize("payload", [hr.SchoolHarmReported, hr.HospitalHarmReported, hr.PoliceHarmReported])
def test_a_departments_report_on_a_child_with_no_known_residence_is_routed_by_where_it_was_made(platform, api,
                                                                                              payload):
    stranger = "ck_" + "5" * 40
    at = datetime.now(UTC) - timedelta(hours=1)
    publish(platform, stranger, payload(reported_at=at, kind="harm", area_code=AREA), at=at, offset=950)
    since = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    alerts = api.get("/protection/alerts", params={"since": since},
                     headers=headers(platform, "police", "child_protection", area=AREA[:6]))
    assert [(a["child_key"], a["kind"]) for a in alerts.json()] == [(stranger, "harm_reported")]
    elsewhere = api.get("/protection/alerts", params={"since": since},
                        headers=headers(platform, "police", "child_protection", area="330108"))
    assert elsewhere.json() == []


def test_proposals_open_only_what_their_reasons_read_not_the_childrens_names(platform, api, key):
    from tests.integration.test_surveys_api import seed_other

    seed_other(platform)
    before = len(_trail(platform))
    got = api.get("/care/proposals", headers=headers(platform, "children_director", "precise_identification",
                                                     area=AREA[:6], name="dir-p"))
    assert got.status_code == 200 and got.json()
    reads = [e for e in _trail(platform)[before:] if e.actor == "dir-p" and e.child_key]
    assert reads and all("identity.name" not in e.fields for e in reads), reads


def _report_on_a_stranger(platform, stranger="ck_" + "6" * 40, offset=960, area=AREA):
    at = datetime.now(UTC) - timedelta(hours=1)
    publish(platform, stranger, hr.SchoolHarmReported(reported_at=at, kind="harm", area_code=area), at=at,
            offset=offset)
    return stranger


def _close_case(platform, key, offset):
    now = datetime.now(UTC) - timedelta(minutes=5)
    publish(platform, key, hr.GuardianReprimanded(reprimanded_on=now.astimezone(CHINA).date(),
                                                  guidance_ordered=True),
            hr.CrisisInterventionStarted(started_at=now, measure="kinship_placement"), at=now, offset=offset)


def test_the_police_alerted_of_a_report_on_a_child_with_no_residence_can_open_its_record(platform, api):
    """An open case reported in the officer's area puts the child in the officer's scope (case_area in
    access_policy.json), audited as such; the officer sees what the purpose sees, no more."""
    stranger = _report_on_a_stranger(platform)
    police = headers(platform, "police", "child_protection", area=AREA[:6], name="officer-li")
    got = api.get(f"/children/{stranger}", headers=police)
    assert got.status_code == 200, got.text
    policy = load_policy()
    allowed = set(policy.fields_for(policy.rule("police", "child_protection"), KNOWN_FIELDS))
    assert set(got.json()["fields"]) <= allowed
    (record,) = [e for e in _trail(platform) if e.actor == "officer-li" and e.child_key == stranger]
    assert record.outcome == "allowed" and "open harm case" in record.detail
    # the caseworker of the area (民政's crisis intervention) too
    assert api.get(f"/children/{stranger}", headers=headers(platform, "caseworker", "crisis_intervention",
                                                            area=AREA)).status_code == 200


@pytest.mark.parametrize("role, purpose, area", [
    ("police", "child_protection", "330108"),  # police of another area
    ("police", "child_protection", "330106002"),  # another township of the same county
    ("school", "enrolment", AREA[:6]),  # no harm-case purpose
    ("school", "mental_health", AREA[:6]),
    ("grid_worker", "harm_report", AREA[:6]),  # files reports, sees nothing
    ("children_director", "key_child_care", AREA[:6]),
])
def test_nobody_else_opens_the_record_of_a_child_reported_in_their_area(platform, api, role, purpose, area):
    stranger = _report_on_a_stranger(platform)
    got = api.get(f"/children/{stranger}", headers=headers(platform, role, purpose, area=area))
    assert got.status_code in (403, 404) and "area" not in got.text.replace("area_code", "")
    assert AREA not in got.text


def test_once_the_case_is_closed_the_residence_scope_applies_again(platform, api):
    stranger = _report_on_a_stranger(platform)
    police = headers(platform, "police", "child_protection", area=AREA[:6])
    assert api.get(f"/children/{stranger}", headers=police).status_code == 200
    _close_case(platform, stranger, 970)  # 训诫 and 民政's crisis intervention taken: no step owed
    assert api.get(f"/children/{stranger}", headers=police).status_code == 404


def test_a_child_living_elsewhere_reported_here_is_open_to_the_police_here_while_the_case_is_open(platform, api, key):
    # the seeded child lives in 330106; a school in 330108 reports it
    _report_on_a_stranger(platform, key, 980, area="330108001")
    here = headers(platform, "police", "child_protection", area="330108")
    assert api.get(f"/children/{key}", headers=here).status_code == 200
    assert api.get(f"/children/{key}", headers=headers(platform, "police", "child_protection",
                                                       area=AREA[:6])).status_code == 200  # where it lives
    assert api.get(f"/children/{key}", headers=headers(platform, "police", "child_protection",
                                                       area="330110")).status_code == 404


def test_an_officer_who_files_a_report_to_get_a_child_in_scope_gets_no_scope_and_is_on_that_childs_trail(platform,
                                                                                                        api, key):
    """Was a known limit of case_area: an officer of another county who filed a report (the 强制报告 duty is
    everyone's) got the child in scope while the case was open. Decision (day-3 attack pass): a report gives its own
    filer no case_area scope (its acknowledgement, not the record); the police and 民政 where the child lives are
    alerted, and another officer of the filer's area keeps case_area. The filing and the refused read are both on
    the child's trail under the officer."""
    elsewhere = headers(platform, "police", "child_protection", area="330108", name="officer-zhao")
    assert api.get(f"/children/{key}", headers=elsewhere).status_code == 404
    filed = api.post("/protection/harm-reports", json={"child_key": key, "kind": "neglect"}, headers=elsewhere)
    assert filed.status_code == 202
    publish(platform, key, *[e.payload for e in api.app.state.ctx.publisher.sent[-1:]], offset=990,
            at=datetime.now(UTC) - timedelta(minutes=1))  # what the processor does with the published report
    assert api.get(f"/children/{key}", headers=elsewhere).status_code == 404
    colleague = headers(platform, "police", "child_protection", area="330108", name="officer-qian")
    assert api.get(f"/children/{key}", headers=colleague).status_code == 200
    trail = api.get(f"/compliance/children/{key}", headers=headers(platform, "compliance", "compliance_review",
                                                                    area=None)).json()
    mine = [(row["action"], row["outcome"]) for row in trail if row["actor"] == "officer-zhao"]
    assert ("ingest", "allowed") in mine and ("read", "denied") in mine and ("read", "allowed") not in mine, mine


def test_a_forged_area_claim_does_not_widen_the_scope(platform, api):
    stranger = _report_on_a_stranger(platform)
    elsewhere = headers(platform, "police", "child_protection", area="330108")
    # an area sent alongside the token: the scope is the token's area, held by the platform
    for extra in ({"X-Area": AREA[:6]}, {"X-Area-Code": AREA}):
        assert api.get(f"/children/{stranger}", headers={**elsewhere, **extra}).status_code == 404
    assert api.get(f"/children/{stranger}", params={"area": AREA[:6]}, headers=elsewhere).status_code in (404, 422)
    # a token edited to carry another area is no token
    token = elsewhere["Authorization"].removeprefix("Bearer ")
    for forged in (token + "." + AREA[:6], token[:-6] + AREA[:6], f"{AREA[:6]}:{token}"):
        got = api.get(f"/children/{stranger}", headers={**elsewhere, "Authorization": f"Bearer {forged}"})
        assert got.status_code == 401
