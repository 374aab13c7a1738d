"""The 民政 caseworker's console page (issue 20, item 3; Zhejiang: "建立健全监护缺失、监护不当困境儿童危机干预制度"):
their alerts, the harm cases of their area with what `crisis_intervention` may see, and the unrecorded harm reports,
opened (POST, CSRF, audited) and shredded (POST, CSRF, confirmed). Each attack on it is a test."""

from datetime import UTC, datetime, timedelta

import pytest

from events.contracts import harm_reports as hr
from projections.harm_cases import CHINA  # a step's day is Beijing's day
from services.adapters.tokens import Principal
from services.usecases import unrecorded_harm as unrecorded
from tests.integration.conftest import ID_NUMBER
from tests.integration.test_console import csrf, sign_in
from tests.integration.test_protection_api import publish
from tests.integration.test_protection_attacks import FRESH_ID

CRISIS = ("caseworker", "crisis_intervention")


def trail(platform):
    return [r.event for r in platform.audit_sink(False).records()]


@pytest.fixture
def case(platform, key):
    """The seeded child (area 330106001) reported two days ago (监护侵害: 民政's 24 hours have passed), and a report on
    a child with no record kept for the county's 民政 (as the gateway keeps one on an erased child)."""
    at = datetime.now(UTC) - timedelta(days=2)
    publish(platform, key, hr.SchoolHarmReported(reported_at=at, kind="harm"), at=at)
    report_id = unrecorded.keep(platform.database, platform.keyring, platform.audit_sink(False),
                                Principal("grid-1", "grid_worker", "330106"), "harm_report", "test",
                                unrecorded.Report("neglect", datetime.now(UTC), "grid_worker", id_number=FRESH_ID),
                                "330106")
    return key, report_id


def test_a_caseworker_lands_on_the_page_with_alerts_cases_and_unrecorded_reports(console, platform, case):
    key, report_id = case
    sign_in(console, platform, *CRISIS[:1], area="330106", name="mz-1", purpose=CRISIS[1])
    assert console.get("/console/", follow_redirects=False).headers["location"] == "/console/casework"
    page = console.get("/console/casework")
    assert page.status_code == 200 and "你正在以“危机干预”目的查看" in page.text
    alerts = page.text.split('id="casework-alerts"')[1].split("</table>")[0]
    assert "危机干预逾期" in alerts and key in alerts and "无档案儿童的强制报告" in alerts
    cases = page.text.split('id="casework-cases"')[1].split("</table>")[0]
    assert key in cases and "孙小美" in cases and "监护侵害" in cases and "危机干预（民政）：逾期" in cases
    reports = page.text.split('id="unrecorded-reports"')[1].split("</table>")[0]
    assert report_id in reports and f"/console/casework/unrecorded/{report_id}/open" in reports
    # nothing outside the purpose, no ID number on the list (only once opened)
    assert FRESH_ID not in page.text and ID_NUMBER not in page.text and "autism" not in page.text
    assert "文一小学" not in page.text  # education is not crisis intervention's
    # each read on the trail under the caseworker: the child's, the alerts' delivery, the reports' listing
    mine = [e for e in trail(platform) if e.actor == "mz-1" and e.outcome == "allowed"]
    assert {e.action for e in mine} >= {"list", "deliver", "read"} and key in {e.child_key for e in mine}


def test_opening_a_report_is_a_post_with_the_csrf_token_and_leaves_an_audit_record_first(console, platform, case):
    _, report_id = case
    sign_in(console, platform, "caseworker", area="330106", name="mz-2", purpose="crisis_intervention")
    page = console.get("/console/casework")
    url = f"/console/casework/unrecorded/{report_id}/open"
    assert console.get(url).status_code == 405  # never a GET that opens
    for data in ({}, {"csrf": "forged"}, {"csrf": csrf(page.text)[:-2] + "xx"}):
        refused = console.post(url, data=data)
        assert refused.status_code == 403 and FRESH_ID not in refused.text
    assert not [e for e in trail(platform) if e.actor == "mz-2" and e.action == "decrypt"]
    opened = console.post(url, data={"csrf": csrf(page.text)})
    assert opened.status_code == 200 and FRESH_ID in opened.text and "监护不当" in opened.text
    assert opened.headers["cache-control"] == "no-store"
    (record,) = [e for e in trail(platform) if e.actor == "mz-2" and e.action == "decrypt"]
    assert record.outcome == "allowed" and report_id in record.detail and FRESH_ID not in record.detail
    assert record.child_key is None


def test_shredding_needs_the_csrf_token_and_a_confirmation(console, platform, case):
    _, report_id = case
    sign_in(console, platform, "caseworker", area="330106", name="mz-3", purpose="crisis_intervention")
    page = console.get("/console/casework")
    url = f"/console/casework/unrecorded/{report_id}/shred"
    assert console.post(url, data={"csrf": "forged", "confirm": "yes"}).status_code == 403
    unconfirmed = console.post(url, data={"csrf": csrf(page.text)})
    assert unconfirmed.status_code == 422 and "确认销毁" in unconfirmed.text
    assert report_id in console.get("/console/casework").text  # still there
    done = console.post(url, data={"csrf": csrf(page.text), "confirm": "yes"})
    assert done.status_code == 200 and "报告已销毁" in done.text
    assert report_id not in done.text.split('id="unrecorded-reports"')[1]
    assert any(e.actor == "mz-3" and e.action == "erase" and report_id in e.detail for e in trail(platform))
    again = console.post(f"/console/casework/unrecorded/{report_id}/open", data={"csrf": csrf(page.text)})
    assert again.status_code == 404 and FRESH_ID not in again.text


@pytest.mark.parametrize("role, purpose, area", [
    ("children_director", "key_child_care", "330106"),
    ("grid_worker", "harm_report", "330106"),
    ("grid_worker", "survey", "330106"),
    ("caseworker", "assistance_review", "330106"),  # the caseworker's other purpose
    ("police", "child_protection", "330106"),
    ("compliance", "compliance_review", None),
])
def test_no_one_else_sees_the_page_or_opens_or_shreds_a_report(console, platform, case, role, purpose, area):
    key, report_id = case
    sign_in(console, platform, role, area=area, name=f"{role}-x", purpose=purpose)
    page = console.get("/console/casework")
    assert page.status_code == 403 and report_id not in page.text and "孙小美" not in page.text
    token = csrf(page.text)  # the refusal page carries the session's token (sign-out form): a valid one
    for action in ("open", "shred"):
        got = console.post(f"/console/casework/unrecorded/{report_id}/{action}", data={"csrf": token,
                                                                                        "confirm": "yes"})
        assert got.status_code == 403 and FRESH_ID not in got.text
    assert [e for e in trail(platform) if e.actor == f"{role}-x" and e.outcome == "denied"]
    assert not [e for e in trail(platform) if e.action in ("decrypt", "erase") and e.outcome == "allowed"]


def test_a_caseworker_of_another_area_sees_neither_the_child_nor_the_report(console, platform, case):
    key, report_id = case
    sign_in(console, platform, "caseworker", area="330108", name="mz-far", purpose="crisis_intervention")
    page = console.get("/console/casework")
    assert page.status_code == 200 and key not in page.text and report_id not in page.text
    assert "孙小美" not in page.text
    for action in ("open", "shred"):
        got = console.post(f"/console/casework/unrecorded/{report_id}/{action}",
                           data={"csrf": csrf(page.text), "confirm": "yes"})
        assert got.status_code == 404 and FRESH_ID not in got.text
    assert not [e for e in trail(platform) if e.action in ("decrypt", "erase") and e.outcome == "allowed"]


def test_a_report_id_shaped_like_an_id_number_is_not_found_and_not_written(console, platform, case):
    sign_in(console, platform, "caseworker", area="330106", name="mz-4", purpose="crisis_intervention")
    page = console.get("/console/casework")
    got = console.post(f"/console/casework/unrecorded/{ID_NUMBER}/open", data={"csrf": csrf(page.text)})
    assert got.status_code == 404 and ID_NUMBER not in got.text
    for e in trail(platform):
        assert ID_NUMBER not in f"{e.detail} {e.child_key}"


def test_the_page_is_refused_when_the_audit_fails(console, platform, case):
    from privacy.audit import AuditFailed

    sign_in(console, platform, "caseworker", area="330106", name="mz-5", purpose="crisis_intervention")

    def fail(_event):
        raise AuditFailed("audit store unavailable")

    console.ctx.audit.append = fail
    page = console.get("/console/casework")
    assert page.status_code == 503 and "孙小美" not in page.text


def _cases_table(page):
    return page.text.split('id="casework-cases"')[1].split("</table>")[0]


def test_the_cases_listed_say_nothing_of_the_judicial_step(console, platform, key):
    """A child in 民政's 临时监护 is listed whether or not the procuratorate has issued its 督促监护令 (judicial.*,
    outside crisis_intervention): the listing is computed without it."""
    from events.contracts.procuratorate import GuardianshipSupervisionOrderIssued

    at = datetime.now(UTC) - timedelta(days=5)
    publish(platform, key, hr.SchoolHarmReported(reported_at=at, kind="harm"),
            hr.GuardianReprimanded(reprimanded_on=(at + timedelta(hours=3)).astimezone(CHINA).date(),
                                   guidance_ordered=True),
            hr.CrisisInterventionStarted(started_at=at + timedelta(hours=4), measure="temporary_guardianship"), at=at)
    sign_in(console, platform, "caseworker", area="330106", name="mz-6", purpose="crisis_intervention")
    before = _cases_table(console.get("/console/casework"))
    assert key in before and "临时监护" in before and "危机干预（民政）：已办" in before
    publish(platform, key, GuardianshipSupervisionOrderIssued(issued_on=datetime.now(UTC).date(), concern="neglect"),
            at=datetime.now(UTC), offset=300)
    assert _cases_table(console.get("/console/casework")) == before


def test_a_closed_case_is_not_listed(console, platform, key):
    at = datetime.now(UTC) - timedelta(days=5)
    publish(platform, key, hr.SchoolHarmReported(reported_at=at, kind="neglect"),
            # the day in Beijing, as the report's day is counted (the UTC day is the day before from 16:00 UTC)
            hr.GuardianReprimanded(reprimanded_on=(at + timedelta(hours=3)).astimezone(CHINA).date(),
                                   guidance_ordered=False),
            hr.CrisisInterventionStarted(started_at=at + timedelta(hours=4), measure="kinship_placement"), at=at)
    sign_in(console, platform, "caseworker", area="330106", name="mz-7", purpose="crisis_intervention")
    cases = _cases_table(console.get("/console/casework"))
    assert key not in cases and "暂无未结的强制报告个案" in cases


def test_a_child_with_no_known_residence_reported_in_the_area_is_listed(console, platform, key):
    """As the alerts route it: where the report was made (the gate opens it by case_area while the case is open)."""
    newcomer = "ck_" + "5" * 40
    at = datetime.now(UTC) - timedelta(hours=30)
    publish(platform, newcomer, hr.CommunityHarmReported(reported_at=at, kind="harm", reporter="grid_worker",
                                                         area_code="330106001"), at=at, offset=400)
    sign_in(console, platform, "caseworker", area="330106", name="mz-8", purpose="crisis_intervention")
    assert newcomer in _cases_table(console.get("/console/casework"))
    sign_in(console, platform, "caseworker", area="330108", name="mz-9", purpose="crisis_intervention")
    assert newcomer not in console.get("/console/casework").text
