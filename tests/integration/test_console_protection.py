"""The director's console pages with a recorded risk level (issue 20, item 5): the ledger shows the suggestion beside
the recorded level, the alerts page the change of level and the passed review; the protection fields stay hidden."""

from datetime import UTC, date, datetime, timedelta

from events.contracts import harm_reports as hr
from events.contracts import risk_assessment as ra
from tests.integration.test_console import sign_in
from tests.integration.test_protection_api import publish


def test_the_director_sees_the_recorded_level_its_change_and_the_passed_review_but_no_harm_report(console, platform,
                                                                                                key):
    today = date.today()
    publish(platform, key,
            ra.RiskAssessed(assessor_id="dir-1", assessed_on=today - timedelta(days=40), level="low",
                            reasons=["family_hardship"], next_review_on=today - timedelta(days=20)),
            ra.RiskAssessed(assessor_id="dir-1", assessed_on=today - timedelta(days=10), level="high",
                            reasons=["guardian_neglect_or_harm"], next_review_on=today - timedelta(days=2)),
            hr.SchoolHarmReported(reported_at=datetime.now(UTC), kind="harm"))
    sign_in(console, platform, "children_director", purpose="key_child_care")
    ledger = console.get("/console/ledger")
    assert ledger.status_code == 200 and "风险（记录）" in ledger.text
    row = ledger.text.split(key)[1].split("</tr>")[0]
    assert "<td>高</td>" in row  # the recorded level, beside the computed suggestion
    alerts = console.get("/console/alerts")
    assert "风险等级变化" in alerts.text and "风险复评逾期（逾期 2 天）" in alerts.text
    child = console.get(f"/console/child/{key}")
    assert child.status_code == 200 and "强制报告" in child.text  # named as a hidden category, never shown
    assert "protection.report" not in child.text.split("本目的不显示的信息类别")[0]


def test_a_supervisor_lands_on_the_directors_task_counts_without_any_child(console, platform, key):
    sign_in(console, platform, "child_supervisor", purpose="supervision")
    landing = console.get("/console/", follow_redirects=False)
    assert landing.headers["location"] == "/console/supervision"
    page = console.get("/console/supervision")
    assert page.status_code == 200 and "dir-1" in page.text and "逾期" in page.text
    assert key not in page.text and "孙小美" not in page.text and "查找儿童" not in page.text
    assert console.get(f"/console/child/{key}").status_code in (403, 404)


def test_a_director_gets_no_supervision_page(console, platform, key):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    page = console.get("/console/supervision")
    assert page.status_code == 403 and "dir-1" not in page.text


def test_a_grid_worker_lands_on_the_report_form_and_files_without_seeing_any_child(console, platform, key):
    from tests.integration.conftest import ID_NUMBER
    from tests.integration.test_console import csrf

    sign_in(console, platform, "grid_worker", purpose="harm_report", name="grid-3")
    assert console.get("/console/", follow_redirects=False).headers["location"] == "/console/report"
    form = console.get("/console/report")
    assert form.status_code == 200 and "查找儿童" not in form.text
    done = console.post("/console/report", data={"csrf": csrf(form.text), "id_number": ID_NUMBER, "kind": "harm"})
    assert done.status_code == 200 and "报告已提交" in done.text and "孙小美" not in done.text
    (sent,) = console.ctx.publisher.sent
    assert sent.event_type == "civil_affairs.HarmReported" and sent.child_key == key
    assert sent.payload.reporter == "grid_worker"
    bad = console.post("/console/report", data={"csrf": csrf(form.text), "id_number": ID_NUMBER, "kind": "x"})
    assert bad.status_code == 422 and len(console.ctx.publisher.sent) == 1
    forged = console.post("/console/report", data={"csrf": "forged", "id_number": ID_NUMBER, "kind": "harm"})
    assert forged.status_code == 403 and len(console.ctx.publisher.sent) == 1
    assert console.get(f"/console/child/{key}").status_code == 403


def test_the_directors_child_page_shows_the_suggestion_and_each_recorded_level(console, platform, key):
    today = date.today()
    publish(platform, key,
            ra.RiskAssessed(assessor_id="dir-1", assessed_on=today - timedelta(days=40), level="low",
                            reasons=["family_hardship"], next_review_on=today + timedelta(days=20)),
            ra.RiskAssessed(assessor_id="dir-1", assessed_on=today - timedelta(days=10), level="high",
                            reasons=["dropped_out"], next_review_on=today + timedelta(days=80)), offset=500)
    sign_in(console, platform, "children_director", purpose="key_child_care")
    page = console.get(f"/console/child/{key}")
    history = page.text.split('id="f-ledger-risk_history"')[1].split("</div>")[0]
    assert f"{today - timedelta(days=40)} 低、{today - timedelta(days=10)} 高" in history
    assert "enc:" not in page.text and "evt" not in history
    assert "风险等级（系统建议）" in page.text
