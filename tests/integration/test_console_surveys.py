"""The director's console pages of the protection work (issue 20): 摸排 coverage with the unsurveyed, 比对 tasks for
民政, 精准识别 proposals; each under its own purpose, audited, and refused for anyone else."""

from tests.integration.conftest import AREA
from tests.integration.test_console import sign_in
from tests.integration.test_surveys_api import CAMPAIGN, OTHER, seed_other


def test_a_director_sees_the_campaigns_coverage_and_the_unsurveyed(console, platform, key):
    seed_other(platform)
    sign_in(console, platform, "children_director", area="330106", purpose="survey_coverage")
    page = console.get(f"/console/surveys?campaign={CAMPAIGN}")
    assert page.status_code == 200 and "监测摸排覆盖情况" in page.text and "50.0%" in page.text
    unsurveyed = page.text.split('id="unsurveyed"')[1]
    assert key[:11] in unsurveyed and OTHER[:11] not in unsurveyed
    assert "孙小美" not in page.text  # the list names keys, not children
    assert console.get("/console/surveys?campaign=%3Cscript%3E").status_code == 422
    audit = [r.event for r in platform.audit_sink(False).records()]
    assert {e.child_key for e in audit if e.actor == "children_director-1" and e.action == "list"} >= {key, OTHER}


def test_each_page_needs_its_own_purpose_and_a_director(console, platform, key):
    sign_in(console, platform, "children_director", purpose="key_child_care")
    assert console.get("/console/surveys").status_code == 403
    assert console.get("/console/proposals").status_code == 403
    sign_in(console, platform, "school", area=AREA[:6], name="school-9", purpose="enrolment")
    assert console.get("/console/discrepancies").status_code == 403
    assert console.get("/console/surveys").status_code == 403


def test_a_director_sees_the_proposals_and_civil_affairs_discrepancies(console, platform, key):
    seed_other(platform)
    sign_in(console, platform, "children_director", area="330106", purpose="precise_identification")
    page = console.get("/console/proposals")
    assert page.status_code == 200 and OTHER[:11] in page.text and "摸排发现：主动求助" in page.text
    assert key[:11] not in page.text  # already in the ledger
    sign_in(console, platform, "children_director", name="d-2", purpose="key_child_care")
    page = console.get("/console/discrepancies")
    assert page.status_code == 200 and "需要我核实更正的比对结果" in page.text
