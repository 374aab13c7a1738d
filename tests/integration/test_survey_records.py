"""A 网格员 files a 摸排 survey record (issue 20, item 7: "网格员 (may file a harm report and a survey record, sees
nothing else)"; item 1: per-child survey records from 民政 and village committees). Hebei plan 一(一):
"各地以縣(市、區)為單位…完成監測摸排和信息錄入,并建立流動兒童動態監測機制".

`POST /protection/survey-records` and the console's form file `village_committee.ChildSurveyed` through the checked
ingest path, as the harm report does; each test below is one promise and the attack on it."""

from datetime import UTC, date, datetime, timedelta

import pytest

from events.envelope import encode
from services.entrypoints.api.deps import RateLimiter
from services.processor.handler import BatchHandler
from services.processor.messages import RawMessage
from services.usecases.protection import EdgeSealer, RecordProtector
from tests.integration.conftest import AREA, ID_NUMBER, headers
from tests.integration.test_console import csrf, sign_in
from tests.integration.test_protection_attacks import FRESH_ID  # a child the platform never heard of

CAMPAIGN = "330106-2026H2"
GRID = ("grid_worker", "survey")


def record(**over):
    return {"id_number": ID_NUMBER, "campaign": CAMPAIGN, "found_at_address": True, "result": "needs_help",
            "categories_found": ["help_request", "family_hardship"]} | over


def trail(platform):
    return [r.event for r in platform.audit_sink(False).records()]


def nothing_typed_on_the_trail(platform):
    for e in trail(platform):
        text = " ".join(str(v) for v in (e.actor, e.detail, e.child_key, e.purpose))
        assert ID_NUMBER not in text and ID_NUMBER[:14] not in text, e


def process(platform, envelopes, offset=1000):
    """What the worker does with what the API published: sealed at the edge (as the publisher seals), projected."""
    seal = EdgeSealer(platform.cipher)
    msgs = [RawMessage(platform.topics.department(e.source.value), 0, offset + i, e.child_key.encode(),
                       encode(seal(e))) for i, e in enumerate(envelopes)]
    BatchHandler(platform.store, platform.topics, "g", protect=RecordProtector(platform.cipher, None)).handle(msgs)


def test_a_grid_worker_files_a_village_survey_record_and_gets_nothing_of_the_child(platform, api, key):
    got = api.post("/protection/survey-records", json=record(), headers=headers(platform, *GRID, name="grid-7"))
    assert got.status_code == 202 and set(got.json()) == {"accepted", "event_ids"}
    assert "孙小美" not in got.text and key not in got.text
    (sent,) = api.app.state.ctx.publisher.sent
    assert sent.event_type == "village_committee.ChildSurveyed" and sent.source == "village_committee"
    assert sent.child_key == key and sent.payload.surveyor_id == "grid-7" and sent.payload.campaign == CAMPAIGN
    assert sent.payload.surveyed_on == datetime.now().astimezone().date()
    assert sent.payload.result == "needs_help" and sent.payload.categories_found == ["family_hardship",
                                                                                     "help_request"]
    (filed,) = [e for e in trail(platform) if e.actor == "grid-7" and e.outcome == "allowed"]
    assert filed.child_key == key and "ChildSurveyed" in filed.detail  # on the child's trail, under the filer
    nothing_typed_on_the_trail(platform)


def test_the_campaigns_coverage_counts_the_record(platform, api, key):
    director = headers(platform, "children_director", "survey_coverage", "330106", "dir-1")
    before = api.get(f"/care/surveys/coverage?campaign={CAMPAIGN}", headers=director).json()
    assert (before["areas"][0]["known"], before["areas"][0]["surveyed"]) == (1, 0)
    got = api.post("/protection/survey-records", json=record(surveyed_on=str(date.today() - timedelta(days=3))),
                   headers=headers(platform, *GRID, area=AREA))
    assert got.status_code == 202
    process(platform, api.app.state.ctx.publisher.sent)
    after = api.get(f"/care/surveys/coverage?campaign={CAMPAIGN}", headers=director).json()
    assert (after["areas"][0]["known"], after["areas"][0]["surveyed"]) == (1, 1) and after["unsurveyed"] == []
    # sealed at rest as any village committee's record: the result and categories are sensitive
    stored = platform.store.get(key)
    assert str(stored.fields["village_survey.result"].value).startswith("enc:")
    assert stored.fields["village_survey.surveyor_id"].value == "grid_worker-user"


def test_a_director_may_file_one_too_under_the_survey_purpose(platform, api, key):
    """The village 儿童主任 surveys as the 网格员 does (the contract's 摸排 "a 网格员 or the children's director")."""
    got = api.post("/protection/survey-records", json=record(child_key=key, id_number=None),
                   headers=headers(platform, "children_director", "survey", AREA, "dir-1"))
    assert got.status_code == 202 and api.app.state.ctx.publisher.sent[-1].payload.surveyor_id == "dir-1"


@pytest.mark.parametrize("role, purpose, area", [
    ("grid_worker", "harm_report", "330106"),  # the grid worker's other purpose
    ("children_director", "key_child_care", "330106"),
    ("school", "enrolment", "330106"),
    ("caseworker", "crisis_intervention", "330106"),
    ("police", "child_protection", "330106"),
    ("statistician", "statistics", None),
    ("downstream_app", "entitlement_matching", "330106"),
])
def test_anyone_else_is_refused_before_the_body_is_read_and_the_refusal_is_on_the_trail(platform, api, key, role,
                                                                                         purpose, area):
    h = headers(platform, role, purpose, area=area, name=f"{role}-x")
    for body in (record(), {"id_number": ID_NUMBER}):  # a malformed body gets the same 403: nothing learnt from it
        got = api.post("/protection/survey-records", json=body, headers=h)
        assert got.status_code == 403 and ID_NUMBER not in got.text
    assert api.app.state.ctx.publisher.sent == []
    assert [e for e in trail(platform) if e.actor == f"{role}-x" and e.outcome == "denied"]
    nothing_typed_on_the_trail(platform)


@pytest.mark.parametrize("campaign, worker_area, allowed", [
    ("330107-2026H2", "330106", False),  # the next county's campaign
    ("330106002-2026H2", "330106001", False),  # another township's
    ("522422-2026H2", "330106001001", False),
    ("330106-2026H2", "330106001001", True),  # a village's grid worker in the county's campaign
    ("330106001-2026H2", "330106", True),  # a county grid worker in a township's campaign of the county
])
def test_a_campaign_of_an_area_outside_the_grid_workers_own_is_refused(platform, api, key, campaign, worker_area,
                                                                        allowed):
    got = api.post("/protection/survey-records", json=record(campaign=campaign),
                   headers=headers(platform, *GRID, area=worker_area, name="grid-8"))
    assert got.status_code == (202 if allowed else 403)
    assert len(api.app.state.ctx.publisher.sent) == (1 if allowed else 0)
    if not allowed:
        (denied,) = [e for e in trail(platform) if e.actor == "grid-8" and e.outcome == "denied"]
        assert campaign not in denied.detail and denied.child_key is None


@pytest.mark.parametrize("body", [
    record(campaign=ID_NUMBER), record(campaign=f"330106-{ID_NUMBER}"), record(campaign="３３０１０６-2026H2"),
    record(campaign="330106"), record(campaign="a b"),
    record(surveyor_id=ID_NUMBER), record(surveyor_id="grid-1"),  # the surveyor is the caller, never typed
    record(note="张三打孩子"), {**record(), ID_NUMBER: True},
    record(child_key=ID_NUMBER, id_number=None), record(child_key="ck_x"), record(id_number="123"),
    record(id_number=None), record(child_key="ck_" + "a" * 40),
    record(result=ID_NUMBER), record(result="bruises"), record(found_at_address="yes"),
    record(found_at_address=ID_NUMBER), record(categories_found=[ID_NUMBER]), record(categories_found="help_request"),
    record(surveyed_on=ID_NUMBER), record(surveyed_on="2999-01-01"), record(surveyed_on="2020-01-01"),
    record(campaign=None), [ID_NUMBER], ID_NUMBER,
])
def test_a_malformed_record_is_a_422_naming_fields_never_what_was_typed(platform, api, key, body):
    got = api.post("/protection/survey-records", json=body, headers=headers(platform, *GRID, name="grid-9"))
    assert got.status_code == 422 and api.app.state.ctx.publisher.sent == []
    assert ID_NUMBER not in got.text and ID_NUMBER[:14] not in got.text and "张三" not in got.text
    assert "３３０１０６" not in got.text
    (refused,) = [e for e in trail(platform) if e.actor == "grid-9"]
    assert refused.outcome == "error" and refused.detail.startswith("survey record refused")
    nothing_typed_on_the_trail(platform)


def test_malformed_json_is_a_422_without_the_body(platform, api, key):
    got = api.post("/protection/survey-records", content=('{"id_number": "' + ID_NUMBER + '", ').encode(),
                   headers={**headers(platform, *GRID), "content-type": "application/json"})
    assert got.status_code == 422 and ID_NUMBER not in got.text and api.app.state.ctx.publisher.sent == []


def test_no_token_carries_an_id_number_as_the_staff_id_that_names_the_surveyor(platform, api, key):
    """The surveyor id is the token's name, stored in the clear: a name shaped like an ID number is refused when the
    token is issued, and the contract (NotIdNumber) would refuse it again (a 422 naming the surveyor)."""
    from services.adapters.tokens import TokenRefused, issue_token

    with pytest.raises(TokenRefused):
        issue_token(platform.database, f"g{ID_NUMBER}", "grid_worker", AREA)


def _shape(got):
    body = got.json()
    return got.status_code, sorted(body), [(type(i).__name__, len(i), i.count("-")) for i in body["event_ids"]]


def test_a_record_on_an_erased_child_is_answered_as_any_other_and_dropped(platform, api, key):
    """Erasure stays permanent: a survey record (not a 强制报告) of an erased child is not kept anywhere."""
    from sqlalchemy import text

    h = headers(platform, *GRID, name="grid-5")
    platform.keyring.destroy_child(key)
    erased = api.post("/protection/survey-records", json=record(), headers=h)
    fresh = api.post("/protection/survey-records", json=record(id_number=FRESH_ID), headers=h)
    by_key = api.post("/protection/survey-records", json=record(id_number=None, child_key=key), headers=h)
    assert _shape(erased) == _shape(fresh) == _shape(by_key) and erased.json()["accepted"] is True
    assert "erased" not in erased.text
    sent = api.app.state.ctx.publisher.sent
    assert [e.child_key for e in sent] != [] and key not in [e.child_key for e in sent]
    assert platform.keyring.is_destroyed(key)
    with platform.database.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM unrecorded_harm_reports")).scalar() == 0
    dropped = [e for e in trail(platform) if e.actor == "grid-5" and "not kept" in e.detail]
    assert len(dropped) == 2 and all(e.child_key is None for e in dropped)
    nothing_typed_on_the_trail(platform)


def test_nothing_is_published_when_the_audit_fails(platform, api, key):
    from privacy.audit import AuditFailed

    h = headers(platform, *GRID)

    def fail(_event):
        raise AuditFailed("audit store unavailable")

    api.app.state.ctx.audit.append = fail
    got = api.post("/protection/survey-records", json=record(), headers=h)
    assert got.status_code == 503 and api.app.state.ctx.publisher.sent == []


def test_the_grid_worker_is_rate_limited_as_for_a_harm_report(platform, api, key):
    api.app.state.rate_limiter = RateLimiter(rate=0.001, burst=3)
    h = headers(platform, *GRID, name="grid-rl")
    codes = [api.post("/protection/survey-records", json=record(), headers=h).status_code for _ in range(5)]
    assert codes == [202, 202, 202, 429, 429]


@pytest.mark.parametrize("role", ["grid_worker", "children_director"])
def test_the_survey_purpose_reads_nothing(platform, api, key, role):
    h = headers(platform, role, "survey")
    assert api.get(f"/children/{key}", headers=h).status_code == 403
    assert api.get("/children", params={"area": "330106"}, headers=h).status_code == 403
    assert api.post("/children/search", json={"id_number": ID_NUMBER}, headers=h).status_code == 403
    assert api.get(f"/care/surveys/coverage?campaign={CAMPAIGN}", headers=h).status_code == 403
    assert api.get("/protection/alerts", params={"since": "2026-11-01"}, headers=h).status_code == 403


# The console's form, beside the harm report's -----------------------------------------------------------------------

def form(page, **over):
    return {"csrf": csrf(page.text), "id_number": ID_NUMBER, "campaign": CAMPAIGN, "surveyed_on": "",
            "found_at_address": "yes", "result": "needs_help", "cat_help_request": "on"} | over


def test_the_console_form_files_the_record_and_shows_nothing_of_the_child(console, platform, key):
    sign_in(console, platform, "grid_worker", purpose="survey", name="grid-3")
    assert console.get("/console/", follow_redirects=False).headers["location"] == "/console/survey"
    page = console.get("/console/survey")
    assert page.status_code == 200 and "查找儿童" not in page.text and CAMPAIGN in page.text
    done = console.post("/console/survey", data=form(page))
    assert done.status_code == 200 and "摸排记录已提交" in done.text and "孙小美" not in done.text
    assert ID_NUMBER not in done.text
    (sent,) = console.ctx.publisher.sent
    assert sent.event_type == "village_committee.ChildSurveyed" and sent.child_key == key
    assert sent.payload.surveyor_id == "grid-3" and sent.payload.categories_found == ["help_request"]
    assert sent.payload.found_at_address is True
    # the harm report's form is beside it under the same purpose (the 强制报告 duty is everyone's)
    assert "/console/report" in page.text and console.get("/console/report").status_code == 200
    assert console.get(f"/console/child/{key}").status_code == 403


def test_the_console_form_refuses_a_forged_csrf_a_bad_field_and_another_areas_campaign(console, platform, key):
    sign_in(console, platform, "grid_worker", purpose="survey", name="grid-4")
    page = console.get("/console/survey")
    for data, status in ((form(page, csrf="forged"), 403), ({k: v for k, v in form(page).items() if k != "csrf"}, 403),
                         (form(page, result="bruises"), 422), (form(page, campaign=ID_NUMBER), 422),
                         (form(page, found_at_address="maybe"), 422), (form(page, surveyed_on=ID_NUMBER), 422),
                         (form(page, campaign="330107-2026H2"), 403)):
        got = console.post("/console/survey", data=data)
        assert got.status_code == status and ID_NUMBER not in got.text and "Traceback" not in got.text, data
    assert console.ctx.publisher.sent == []
    nothing_typed_on_the_trail(platform)


def test_the_console_answers_a_record_on_an_erased_child_as_any_other(console, platform, key):
    sign_in(console, platform, "grid_worker", purpose="survey", name="grid-5")
    platform.keyring.destroy_child(key)
    pages = []
    for number in (ID_NUMBER, FRESH_ID):
        page = console.get("/console/survey")
        got = console.post("/console/survey", data=form(page, id_number=number))
        pages.append((got.status_code, got.text.replace(csrf(got.text), "")))
    assert pages[0] == pages[1] and pages[0][0] == 200


def test_a_director_filing_surveys_sees_no_ledger_nor_child(console, platform, key):
    sign_in(console, platform, "children_director", purpose="survey", name="dir-8")
    assert console.get("/console/", follow_redirects=False).headers["location"] == "/console/survey"
    for page in ("/console/ledger", "/console/alerts", f"/console/child/{key}", "/console/surveys",
                 "/console/casework"):
        got = console.get(page)
        assert got.status_code == 403 and "孙小美" not in got.text and key not in got.text, page


def test_the_survey_form_is_refused_to_a_purpose_that_may_not_file(console, platform, key):
    sign_in(console, platform, "children_director", purpose="key_child_care", name="dir-9")
    assert console.get("/console/survey").status_code == 403
    # a grid worker under the harm-report purpose gets the harm report's form, not this one
    sign_in(console, platform, "grid_worker", purpose="harm_report", name="grid-10")
    assert console.get("/console/survey").status_code == 403
    assert [e for e in trail(platform) if e.actor == "grid-10" and e.outcome == "denied"]


def test_filed_at_is_the_filing_time_not_a_time_the_body_can_set(platform, api, key):
    got = api.post("/protection/survey-records", json=record(occurred_at="2020-01-01T00:00:00+08:00"),
                   headers=headers(platform, *GRID))
    assert got.status_code == 422
    ok = api.post("/protection/survey-records", json=record(), headers=headers(platform, *GRID))
    (sent,) = api.app.state.ctx.publisher.sent
    assert ok.status_code == 202 and abs(sent.occurred_at - datetime.now(UTC)) < timedelta(minutes=1)


def test_both_forms_take_a_child_key_whole(console, platform, key):
    """A child key is 43 characters: the forms cut what was typed at 40, which still looked like a key (of no child),
    so a report or a survey typed by key went to nobody (found by the browser test)."""
    sign_in(console, platform, "grid_worker", purpose="survey", name="grid-11")
    page = console.get("/console/survey")
    assert console.post("/console/survey", data=form(page, id_number=key)).status_code == 200
    report = console.get("/console/report")
    assert console.post("/console/report", data={"csrf": csrf(report.text), "id_number": key,
                                                 "kind": "harm"}).status_code == 200
    assert [e.child_key for e in console.ctx.publisher.sent] == [key, key]
    too_long = console.post("/console/report", data={"csrf": csrf(report.text), "id_number": "9" * 60, "kind": "harm"})
    assert too_long.status_code == 422 and "9" * 20 not in too_long.text
    assert len(console.ctx.publisher.sent) == 2


def test_the_typed_id_number_is_nowhere_in_tables_the_store_file_the_topic_or_logs(platform, api, key, caplog):
    from sqlalchemy import inspect, text

    caplog.set_level("DEBUG")
    for body in (record(), record(id_number=FRESH_ID), record(campaign=ID_NUMBER), record(result=ID_NUMBER)):
        api.post("/protection/survey-records", json=body, headers=headers(platform, *GRID))
    sent = api.app.state.ctx.publisher.sent
    assert len(sent) == 2 and not any(ID_NUMBER in e.model_dump_json() for e in sent)
    process(platform, sent)
    with platform.database.connect() as conn:
        for table in inspect(platform.database).get_table_names():
            blob = "\n".join(str(v) for row in conn.execute(text(f'SELECT * FROM "{table}"')).all() for v in row)
            assert ID_NUMBER not in blob and FRESH_ID not in blob and ID_NUMBER[:14] not in blob, table
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    with open(platform.settings.database_url.removeprefix("sqlite:///"), "rb") as f:
        raw = f.read()
        assert ID_NUMBER.encode() not in raw and FRESH_ID.encode() not in raw
    assert not [r for r in caplog.records if ID_NUMBER in r.getMessage() or FRESH_ID in r.getMessage()]
