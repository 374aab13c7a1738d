"""The console's pages through a test client (the browser tests are in tests/e2e/test_console_browser.py): sign-in and
sessions, CSRF, the purpose banner, the gate on every page, and no personal value where the purpose excludes it."""

import re

from services.adapters.tokens import issue_token, revoke
from tests.integration.conftest import AREA, ID_NUMBER, headers


def csrf(html):
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def sign_in(client, platform, role, area=AREA, name=None, purpose=None):
    token = issue_token(platform.database, name or f"{role}-1", role, area)
    page = client.get("/console/login")
    r = client.post("/console/login", data={"csrf": csrf(page.text), "token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console/purpose"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict") and "Secure" in cookie
    if purpose:
        page = client.get("/console/purpose")
        r = client.post("/console/purpose", data={"csrf": csrf(page.text), "purpose": purpose}, follow_redirects=False)
        assert r.status_code == 303
    return token


def test_a_wrong_token_gets_a_clear_page_and_an_audit_record(console, platform):
    page = console.get("/console/login")
    r = console.post("/console/login", data={"csrf": csrf(page.text), "token": "nope"})
    assert r.status_code == 401 and "令牌无效" in r.text and "Traceback" not in r.text
    assert console.get("/console/ledger", follow_redirects=False).headers["location"] == "/console/login"


def test_sign_in_without_the_forms_csrf_token_is_refused(console, platform):
    token = issue_token(platform.database, "d1", "children_director", AREA)
    console.get("/console/login")
    r = console.post("/console/login", data={"csrf": "forged", "token": token})
    assert r.status_code == 403 and "cc_session" not in r.headers.get("set-cookie", "")


def test_a_director_sees_the_ledger_of_their_area_with_the_purpose_shown(console, platform, key):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    page = console.get("/console/ledger")
    assert page.status_code == 200 and "你正在以“重点儿童关爱”目的查看" in page.text
    assert key in page.text and "孙小美" in page.text
    child = console.get(f"/console/child/{key}")
    assert child.status_code == 200 and "民政" in child.text and "2025-03-01" in child.text  # provenance
    assert "autism" not in child.text  # health is not this purpose's
    assert "本目的不显示的信息类别" in child.text and "健康" in child.text.split("本目的不显示的信息类别")[1][:200]
    assert "Content-Security-Policy" in page.headers and "script-src" not in page.headers["Content-Security-Policy"]


def test_a_director_of_another_area_gets_not_found_and_an_empty_ledger(console, platform, key):
    sign_in(console, platform, "children_director", area="330107001", purpose="key_child_care")
    assert key not in console.get("/console/ledger?everyone=1").text
    r = console.get(f"/console/child/{key}")
    assert r.status_code == 404 and "孙小美" not in r.text


def test_a_purpose_the_role_does_not_have_is_refused(console, platform):
    sign_in(console, platform, "children_director")
    page = console.get("/console/purpose")
    r = console.post("/console/purpose", data={"csrf": csrf(page.text), "purpose": "compliance_review"})
    assert r.status_code == 403
    assert console.get("/console/ledger", follow_redirects=False).headers["location"] == "/console/purpose"


def test_a_visit_is_published_through_ingest_with_its_note(console, platform, key):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    page = console.get(f"/console/child/{key}")
    form = {"csrf": csrf(page.text), "kind": "home_visit", "visited_on": "2026-01-05", "note": "孩子在家，奶奶照顾"}
    assert console.post(f"/console/child/{key}/visit", data={**form, "csrf": "x"}).status_code == 403
    assert console.ctx.publisher.sent == []
    import datetime as dt
    form["visited_on"] = dt.date.today().isoformat()
    r = console.post(f"/console/child/{key}/visit", data=form)
    assert r.status_code == 200 and "已提交" in r.text
    (event,) = console.ctx.publisher.sent
    assert (event.source.value == "civil_affairs" and event.child_key == key
            and event.payload.note == "孩子在家，奶奶照顾")
    assert event.payload.director_id == "children_director-1"


def test_search_by_id_number_is_a_post_and_the_number_never_reaches_a_url_or_page(console, platform, key):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    page = console.get("/console/search")
    r = console.post("/console/search", data={"csrf": csrf(page.text), "id_number": ID_NUMBER})
    assert r.status_code == 200 and key in r.text and ID_NUMBER not in r.text
    assert console.get(f"/console/search?id_number={ID_NUMBER}").text.count(ID_NUMBER) == 0


def test_sign_out_ends_the_session_on_the_server(console, platform):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    cookie = console.cookies.get("cc_session")
    page = console.get("/console/ledger")
    console.post("/console/logout", data={"csrf": csrf(page.text)})
    console.cookies.set("cc_session", cookie, domain="testserver.local", path="/console")
    r = console.get("/console/ledger", follow_redirects=False, cookies={"cc_session": cookie})
    assert r.status_code == 303 and r.headers["location"] == "/console/login"


def test_an_idle_session_expires_and_a_revoked_token_ends_it(console, platform):
    token = sign_in(console, platform, "children_director", purpose="key_child_care")
    sessions = console.app.state.console_sessions
    sessions.idle_s = 0.0
    assert console.get("/console/ledger", follow_redirects=False).status_code == 303
    sessions.idle_s = 900
    sign_in(console, platform, "children_director", name="d2", purpose="key_child_care")
    revoke(platform.database, principal="d2")
    assert console.get("/console/ledger", follow_redirects=False).headers["location"] == "/console/login"
    assert token


def test_compliance_views_are_audited_and_export_csv(console, platform, key):
    sign_in(console, platform, "children_director", name="dir-a", purpose="key_child_care")
    console.get(f"/console/child/{key}")
    console.cookies.clear()
    sign_in(console, platform, "compliance", area=None, purpose="compliance_review")
    page = console.get(f"/console/compliance?view=child&child_key={key}")
    assert page.status_code == 200 and "dir-a" in page.text and "完整" in page.text
    csv = console.get(f"/console/compliance/export.csv?view=child&child_key={key}")
    assert csv.status_code == 200 and "dir-a" in csv.text and csv.headers["content-type"].startswith("text/csv")
    assert console.get("/console/compliance?view=child&child_key=" + ID_NUMBER).status_code == 422
    rows = console.get("/console/compliance?view=actor&actor=compliance-1").text
    assert "audit_query" in rows  # the compliance officer's own queries are on the trail


def test_a_director_cannot_open_compliance_statistics_or_operations(console, platform):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    for page in ("/console/compliance", "/console/statistics", "/console/operator"):
        r = console.get(page)
        assert r.status_code == 403 and "无权访问" in r.text, page


def test_statistics_show_suppressed_cells_as_suppressed(console, platform):
    sign_in(console, platform, "statistician", area=None, purpose="statistics")
    page = console.get("/console/statistics?rows=area&cols=age_band")
    assert page.status_code == 200 and "已抑制" in page.text and "<svg" in page.text
    assert console.get("/console/statistics?threshold=1").status_code == 422


def test_the_operator_sees_health_without_content(console, platform):
    sign_in(console, platform, "operator", area=None, purpose="operations")
    page = console.get("/console/operator")
    assert page.status_code == 200 and "not_json" in page.text and "审计链" in page.text and "未记录" in page.text
    from privacy.audit import AuditEvent
    from services.usecases.compliance import REBUILD_DETAIL

    console.ctx.audit.append(AuditEvent("cli", "operator", "operations", "operations", "allowed", None, (), "cli",
                                        f"{REBUILD_DETAIL} 120 messages, 7 children"))
    assert "120 messages, 7 children" in console.get("/console/operator").text


def test_an_audit_failure_refuses_the_page(console, platform, key, monkeypatch):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    from privacy.audit import AuditFailed

    def broken(event):
        raise AuditFailed("disk full")

    monkeypatch.setattr(console.ctx.audit, "append", broken)
    r = console.get(f"/console/child/{key}")
    assert r.status_code == 503 and "孙小美" not in r.text


def test_a_caseworker_sees_assistance_but_not_health_or_the_ledger(console, platform, key):
    sign_in(console, platform, "caseworker", purpose="assistance_review")
    page = console.get("/console/search")
    r = console.post("/console/search", data={"csrf": csrf(page.text), "id_number": ID_NUMBER})
    assert r.status_code == 200 and "救助审核" in r.text and "f-assistance-dibao" in r.text
    assert "autism" not in r.text and "f-ledger-" not in r.text and "visit-form" not in r.text


def test_a_township_supervisor_sees_the_villages_under_the_township(console, platform, key):
    sign_in(console, platform, "children_director", area=AREA[:6], purpose="key_child_care")
    assert key in console.get("/console/ledger").text


CASE_NOTE = ("王浩宇在白果镇中心小学四年级一班读书，浩宇患有癫痫，低保证号务川低保字第2023-0456号，"
             "住白果镇大寨村第三村民小组。")
CASE_NOTE_VALUES = ("王浩宇", "浩宇", "四年级一班", "癫痫", "2023-0456", "大寨村", "第三村民小组")
CASE_NOTE_TYPES = ("PERSON", "SCHOOL_CLASS", "MEDICAL", "CASE_NUMBER", "LOCATION")


def test_a_case_note_reaches_the_console_and_the_view_as_placeholders(console, platform, key):
    """Issue 19: a visit note with a name, a school class, a diagnosis, a certificate number and a village group goes
    through ingest and the processor (which redacts it before sealing); the console page and the purpose's view show
    the placeholders, never the values."""
    import datetime as dt

    from events.envelope import encode
    from services.processor.handler import BatchHandler
    from services.processor.messages import RawMessage
    from services.usecases.protection import EdgeSealer, RecordProtector

    sign_in(console, platform, "children_director", purpose="key_child_care")
    page = console.get(f"/console/child/{key}")
    form = {"csrf": csrf(page.text), "kind": "home_visit", "visited_on": dt.date.today().isoformat(),
            "note": CASE_NOTE}
    assert console.post(f"/console/child/{key}/visit", data=form).status_code == 200
    (env,) = console.ctx.publisher.sent
    handler = BatchHandler(platform.store, platform.topics, "g", protect=RecordProtector(platform.cipher,
                                                                                        platform.redact))
    handler.handle([RawMessage(platform.topics.department("civil_affairs"), 0, 999, key.encode(),
                               encode(EdgeSealer(platform.cipher)(env)))])
    page = console.get(f"/console/child/{key}").text
    assert "f-ledger-last_visit_note" in page
    for entity in CASE_NOTE_TYPES:
        assert f"&lt;{entity}&gt;" in page, entity
    view = console.get(f"/children/{key}", headers=headers(platform, "children_director", "key_child_care")).text
    for entity in CASE_NOTE_TYPES:
        assert f"<{entity}>" in view, entity
    for value in CASE_NOTE_VALUES:
        assert value not in page and value not in view, value
