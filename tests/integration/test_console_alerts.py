"""待办提醒, the console page of the protection alerts (issue 20, items 3 and 4) for police, procurators, judges,
schools, health and youth workers: what GET /protection/alerts delivers to the same principal and purpose, audited
the same way, a child's record linked only where the purpose opens it. Each attack on it is a test."""

from datetime import UTC, datetime, timedelta

import pytest

from events.contracts import harm_reports as hr
from events.contracts import mental_health as mh
from projections.harm_cases import CHINA  # a step's day is Beijing's day
from services.entrypoints.console.sessions import COOKIE, IDLE_S
from tests.integration.conftest import ID_NUMBER, headers
from tests.integration.test_console import csrf, sign_in
from tests.integration.test_protection_api import publish

PAGE = "/console/protection-alerts"


def trail(platform):
    return [r.event for r in platform.audit_sink(False).records()]


def table(page, name="protection-alerts"):
    return page.text.split(f'id="{name}"')[1].split("</table>")[0]


def api_alerts(console, platform, role, purpose, area, name, days=30):
    """What the API delivers to the same principal and purpose over the page's window."""
    since = (datetime.now(UTC) - timedelta(days=days)).isoformat()
    got = console.get("/protection/alerts", params={"since": since},
                      headers=headers(platform, role, purpose, area=area, name=name))
    assert got.status_code == 200
    return got.json()


@pytest.fixture
def harm(platform, key):
    """The seeded child (area 330106001) reported two days ago (监护侵害): the police's 24 hours have passed."""
    at = datetime.now(UTC) - timedelta(days=2)
    publish(platform, key, hr.SchoolHarmReported(reported_at=at, kind="harm"), at=at)
    return key


def referred(platform, key, to, days_ago=40):
    """A referral `days_ago` Beijing days ago (30 days without an outcome: overdue), known since then."""
    at = datetime.now(UTC) - timedelta(days=days_ago)
    publish(platform, key, mh.MentalHealthReferred(referred_on=at.astimezone(CHINA).date(), referred_to=to), at=at,
            offset=500)
    return (at.astimezone(CHINA).date() + timedelta(days=30)).isoformat()


def test_the_police_land_on_the_page_and_see_their_alerts_newest_first_linked_and_audited(console, platform, harm):
    key = harm
    sign_in(console, platform, "police", area="330106", name="gongan-1", purpose="child_protection")
    assert console.get("/console/", follow_redirects=False).headers["location"] == PAGE
    page = console.get(PAGE)
    assert page.status_code == 200 and '<a href="/console/protection-alerts">待办提醒</a>' in page.text
    assert page.headers["cache-control"] == "no-store"  # a shared office PC's browser keeps no copy
    rows = table(page).split("<tr")[2:]  # after the header's
    assert len(rows) == 2
    # newest first: the 训诫 was due 24 hours after the report, which is the new report's time
    assert "训诫（公安）" in rows[0] and "已逾期" in rows[0] and 'class="overdue"' in rows[0]
    assert "接报处置（公安）" in rows[1] and "新报告" in rows[1]
    reported = (datetime.now(UTC) - timedelta(days=2)).astimezone(CHINA).strftime("%Y-%m-%d")
    assert reported in rows[1]
    assert all(f'href="/console/child/{key}"' in r for r in rows)
    # 民政's step is not the police's; nothing personal on the page (no name, ID number, address, school, health)
    assert "危机干预（民政）" not in page.text
    for secret in ("孙小美", ID_NUMBER, "文一路", "文一小学", "autism"):
        assert secret not in page.text
    # audited as the API audits: one delivery per alert under the police (the child's key), and one for the call
    mine = [e for e in trail(platform) if e.actor == "gongan-1"]
    deliveries = [e for e in mine if e.action == "deliver"]
    assert len(deliveries) == 2 and {e.child_key for e in deliveries} == {key}
    assert all(e.fields == () and e.outcome == "allowed" for e in deliveries)
    assert [e for e in mine if e.action == "read" and e.detail.startswith("protection alerts")]
    # and the record opens under the purpose (case_area, only_with protection.report_*)
    assert console.get(f"/console/child/{key}").status_code == 200


def test_a_step_done_is_no_longer_listed(console, platform, harm):
    sign_in(console, platform, "police", area="330106", name="gongan-done", purpose="child_protection")
    assert "训诫（公安）" in table(console.get(PAGE))
    reported = datetime.now(UTC) - timedelta(days=2)
    publish(platform, harm, hr.GuardianReprimanded(reprimanded_on=(reported + timedelta(hours=3)).astimezone(
        CHINA).date(), guidance_ordered=False), at=reported + timedelta(hours=3), offset=600)
    rows = table(console.get(PAGE))
    assert "训诫（公安）" not in rows and "接报处置（公安）" in rows


def test_the_page_lists_exactly_what_the_api_delivers_to_the_same_principal_and_purpose(console, platform, harm):
    def records():
        return [(e.action, e.child_key, e.fields, e.purpose, e.detail.split(" 20")[0])
                for e in trail(platform) if e.actor == "gongan-2" and e.action in ("deliver", "read")]

    sign_in(console, platform, "police", area="330106", name="gongan-2", purpose="child_protection")
    got = table(console.get(PAGE))
    by_page = records()
    delivered = api_alerts(console, platform, "police", "child_protection", "330106", "gongan-2")
    assert len(delivered) == got.count("<tr") - 1 == 2
    for alert in delivered:
        assert alert["child_key"] in got and alert["area"] in got
    # and audited alike: the same deliver records (child, no field, detail) and a read of the call
    assert by_page and records()[len(by_page):] == by_page


def test_an_alert_only_purpose_shows_its_own_reference_and_no_link(console, platform, key):
    """The youth worker's mental_health reads no field: the child is the purpose's `ak_` reference (as the API
    delivers it), never the key, and nothing links to a record."""
    due = referred(platform, key, "youth_hotline_12355")
    sign_in(console, platform, "youth_worker", area="330106", name="tuanwei-1", purpose="mental_health")
    assert console.get("/console/", follow_redirects=False).headers["location"] == PAGE
    page = console.get(PAGE)
    rows = table(page)
    (delivered,) = api_alerts(console, platform, "youth_worker", "mental_health", "330106", "tuanwei-1")
    assert delivered["child_key"].startswith("ak_") and delivered["child_key"] in rows
    assert key not in page.text and "/console/child/" not in page.text
    assert "转介结果" in rows and "已逾期" in rows and due in rows and "只接收提醒" in page.text
    record = [e for e in trail(platform) if e.actor == "tuanwei-1" and e.action == "deliver"][0]
    assert record.child_key == key and delivered["child_key"] in record.detail  # "who accessed this child" finds it
    # the reference opens nothing through the console either
    assert console.get(f"/console/child/{delivered['child_key']}").status_code in (403, 404)
    # 民政's caseworker under mental_health (alert-only too) gets the page and no 12355 alert
    sign_in(console, platform, "caseworker", area="330106", name="mz-mh", purpose="mental_health")
    other = console.get(PAGE)
    assert other.status_code == 200 and "没有给你的提醒" in other.text and "待办提醒</a>" in other.text


def test_a_health_worker_sees_the_unanswered_referral_linked(console, platform, key):
    due = referred(platform, key, "hospital")
    sign_in(console, platform, "health_worker", area="330106", name="weijian-1", purpose="mental_health")
    rows = table(console.get(PAGE))
    assert "转介结果" in rows and due in rows and f'href="/console/child/{key}"' in rows and "已逾期" in rows


def test_a_school_sees_the_missed_assessment_and_under_enrolment_its_comparison_tasks_only(console, platform, key):
    sign_in(console, platform, "school", area="330106", name="xuexiao-1", purpose="mental_health")
    page = console.get(PAGE + "?days=400")  # a school year ended in the last 400 days without an assessment
    assert page.status_code == 200 and "心理健康测评（学校）" in table(page) and "学年" in table(page)
    sign_in(console, platform, "school", area="330106", name="xuexiao-2", purpose="enrolment")
    assert console.get("/console/", follow_redirects=False).headers["location"] == "/console/search"
    page = console.get(PAGE)
    assert page.status_code == 200 and 'id="protection-alerts"' not in page.text
    assert 'id="protection-tasks"' in page.text and "待办提醒</a>" in page.text
    # the seeded child has 低保 and is at school without a fee exemption: 比对 sends education a task
    tasks = table(page, "protection-tasks")
    assert f'href="/console/child/{key}"' in tasks and "困难家庭学生未获资助" in tasks
    assert "学生资助（减免费用）" in tasks
    assert "低保" not in page.text and "孙小美" not in page.text  # the task's values are not shown
    assert [e for e in trail(platform) if e.actor == "xuexiao-2" and e.action == "read"
            and e.detail.startswith("discrepancies")]


@pytest.mark.parametrize("role", ["judge", "procurator"])
def test_a_receiver_with_nothing_due_gets_a_clear_empty_state(console, platform, harm, role):
    sign_in(console, platform, role, area="330106", name=f"{role}-e", purpose="child_protection")
    page = console.get(PAGE)
    assert page.status_code == 200 and "近 30 天没有给你的提醒。" in page.text and harm not in page.text
    assert [e for e in trail(platform) if e.actor == f"{role}-e" and e.action == "read"]  # the call, audited


@pytest.mark.parametrize("area", ["330108", "330106002", "330107"])
def test_the_police_of_another_county_or_township_see_nothing_of_the_child(console, platform, harm, area):
    """Another county, another township of the same county, the next county code (no village-bound token is issued
    to these roles)."""
    sign_in(console, platform, "police", area=area, name=f"gongan-{area}", purpose="child_protection")
    page = console.get(PAGE)
    assert harm not in page.text and "孙小美" not in page.text
    assert not [e for e in trail(platform) if e.actor == f"gongan-{area}" and e.action == "deliver"]


def test_the_township_police_see_it(console, platform, harm):
    sign_in(console, platform, "police", area="330106001", name="gongan-town", purpose="child_protection")
    assert harm in table(console.get(PAGE))


@pytest.mark.parametrize("role, purpose, area", [
    ("children_director", "key_child_care", "330106"),
    ("caseworker", "assistance_review", "330106"),  # the caseworker's other purpose
    ("grid_worker", "harm_report", "330106"),
    ("child_supervisor", "supervision", "330106"),
    ("health_worker", "health_management", "330106"),  # the health worker's other purpose
    ("youth_worker", "youth_services", "330106"),  # must not link a 12355 alert to a child it reads
    ("compliance", "compliance_review", None),
    ("statistician", "statistics", None),
])
def test_every_other_role_and_purpose_is_refused_on_the_trail(console, platform, harm, role, purpose, area):
    referred(platform, harm, "youth_hotline_12355")
    sign_in(console, platform, role, area=area, name=f"{role}-x", purpose=purpose)
    page = console.get(PAGE)
    assert page.status_code == 403 and "无权访问" in page.text and harm not in page.text and "ak_" not in page.text
    assert "待办提醒</a>" not in page.text  # and no link to it in the nav
    assert [e for e in trail(platform) if e.actor == f"{role}-x" and e.outcome == "denied"]
    assert not [e for e in trail(platform) if e.actor == f"{role}-x" and e.action == "deliver"]


def test_the_caseworker_in_crisis_intervention_keeps_its_own_page_in_the_nav(console, platform, harm):
    sign_in(console, platform, "caseworker", area="330106", name="mz-c", purpose="crisis_intervention")
    page = console.get("/console/casework")
    assert "危机干预</a>" in page.text and "待办提醒</a>" not in page.text
    assert "危机干预（民政）" in table(console.get(PAGE))  # the same alerts, if typed


def test_signed_out_forged_and_expired_sessions_go_to_sign_in(console, platform, harm):
    assert console.get(PAGE, follow_redirects=False).headers["location"] == "/console/login"
    console.cookies.set(COOKIE, "forged-session-id", path="/console")
    assert console.get(PAGE, follow_redirects=False).headers["location"] == "/console/login"
    console.cookies.clear()
    sign_in(console, platform, "police", area="330106", name="gongan-idle", purpose="child_protection")
    assert console.get(PAGE).status_code == 200
    for session in console.app.state.console_sessions._by_hash.values():
        session.seen -= IDLE_S + 1  # a quarter of an hour idle
    got = console.get(PAGE, follow_redirects=False)
    assert got.status_code == 303 and got.headers["location"] == "/console/login" and harm not in got.text
    # signed in without a purpose: the purpose page first
    sign_in(console, platform, "police", area="330106", name="gongan-np")
    assert console.get(PAGE, follow_redirects=False).headers["location"] == "/console/purpose"


def test_a_revoked_token_ends_the_session(console, platform, harm):
    from services.adapters.tokens import revoke

    sign_in(console, platform, "police", area="330106", name="gongan-rv", purpose="child_protection")
    assert console.get(PAGE).status_code == 200
    revoke(platform.database, principal="gongan-rv")
    assert console.get(PAGE, follow_redirects=False).headers["location"] == "/console/login"


def test_the_page_has_no_post_and_changes_nothing(console, platform, harm):
    """No form of its own (the sign-out form carries the CSRF token): a POST is not allowed, with or without one."""
    sign_in(console, platform, "police", area="330106", name="gongan-p", purpose="child_protection")
    page = console.get(PAGE)
    assert page.text.count("<form") == 1 and 'action="/console/logout"' in page.text
    before = len(trail(platform))
    for data in ({}, {"csrf": csrf(page.text)}):
        assert console.post(PAGE, data=data).status_code == 405
    assert len(trail(platform)) == before


@pytest.mark.parametrize("query", [f"days={ID_NUMBER}", "days=0", "days=401", "days=abc", "days=-1",
                                   "days=%EF%BC%93", "days=" + "9" * 40])
def test_a_bad_window_is_a_clear_422_that_echoes_and_writes_nothing(console, platform, harm, query):
    sign_in(console, platform, "police", area="330106", name="gongan-q", purpose="child_protection")
    got = console.get(f"{PAGE}?{query}")
    assert got.status_code == 422 and "输入有误" in got.text and ID_NUMBER not in got.text
    assert harm not in got.text and "9" * 20 not in got.text
    for e in trail(platform):
        assert ID_NUMBER not in f"{e.detail} {e.child_key}" and "9" * 20 not in e.detail


def test_an_id_number_typed_into_the_query_string_is_ignored_and_never_written(console, platform, harm):
    sign_in(console, platform, "police", area="330106", name="gongan-id", purpose="child_protection")
    got = console.get(f"{PAGE}?id_number={ID_NUMBER}&child_key={ID_NUMBER}")
    assert got.status_code == 200 and ID_NUMBER not in got.text and "孙小美" not in got.text
    for e in trail(platform):
        assert ID_NUMBER not in f"{e.detail} {e.child_key}"


def test_an_erased_child_is_never_listed(console, platform, harm):
    sign_in(console, platform, "police", area="330106", name="gongan-er", purpose="child_protection")
    assert harm in table(console.get(PAGE))
    platform.keyring.destroy_child(harm)
    page = console.get(PAGE)
    assert page.status_code == 200 and harm not in page.text and "没有给你的提醒" in page.text


def test_every_field_shown_is_escaped(console, platform, harm, monkeypatch):
    """What a projection or a later change could put in an alert: each field shown is escaped, none is markup."""
    from services.entrypoints.api import protection

    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    monkeypatch.setattr(protection, "caller_alerts", lambda *a: [
        {"child_key": "ck_" + "a" * 40 + evil, "kind": "police_step_late" + evil, "to": "public_security",
         "due_at": evil, "area": evil, "school_year": evil, "report_id": evil},
        {"child_key": None, "kind": evil, "to": "public_security", "due_on": "2026-11-01", "area": "330106",
         "report_id": evil}])
    sign_in(console, platform, "police", area="330106", name="gongan-x", purpose="child_protection")
    page = console.get(PAGE)
    assert page.status_code == 200
    assert "<script>" not in page.text and "<img" not in page.text and "&lt;script&gt;" in page.text


def test_the_page_is_refused_when_the_audit_fails(console, platform, harm):
    from privacy.audit import AuditFailed

    sign_in(console, platform, "police", area="330106", name="gongan-af", purpose="child_protection")

    def fail(_event):
        raise AuditFailed("audit store unavailable")

    console.ctx.audit.append = fail
    page = console.get(PAGE)
    assert page.status_code == 503 and harm not in page.text
