import fnmatch

import pytest

from privacy.access_policy import load_policy
from projections.fields import FIELDS

POLICY = load_policy()
KNOWN = sorted(FIELDS)


@pytest.mark.parametrize("rule", POLICY.rules, ids=[r.id for r in POLICY.rules])
def test_every_pattern_in_the_policy_names_real_fields(rule):
    for pattern in rule.fields:
        assert any(fnmatch.fnmatchcase(f, pattern) for f in KNOWN), pattern


@pytest.mark.parametrize("role, purpose, field, allowed", [
    ("school", "enrolment", "education.school_name", True),
    ("school", "enrolment", "identity.name", True),
    ("school", "enrolment", "health.conditions", False),
    ("school", "enrolment", "identity.id_number", False),
    ("health_worker", "health_management", "health.conditions", True),
    ("health_worker", "health_management", "assistance.dibao", False),
    ("downstream_app", "entitlement_matching", "identity.name", False),
    ("downstream_app", "entitlement_matching", "assistance.dibao", True),
    # housing: the facts the service list needs go to matching and directors; amounts only to assistance review
    ("downstream_app", "entitlement_matching", "housing.difficulty", True),
    ("downstream_app", "entitlement_matching", "housing.rent_subsidy_monthly_cny", False),
    ("school", "enrolment", "housing.difficulty", False),
    ("health_worker", "health_management", "housing.public_rental_status", False),
    ("downstream_app", "entitlement_matching", "family_education.last_guidance_on", True),
    ("downstream_app", "entitlement_matching", "children_home.last_activity", False),
    ("school", "enrolment", "children_home.home_code", False),
    ("downstream_app", "entitlement_matching", "assistance.temporary_relief_on", True),
    ("downstream_app", "entitlement_matching", "assistance.temporary_relief_amount_cny", False),
])
def test_each_purpose_sees_only_its_fields(role, purpose, field, allowed):
    decision = POLICY.decide(role, purpose, [field], KNOWN, "330106", "330106001")  # a caller of the child's area
    assert decision.allowed is allowed and (field in decision.allowed_fields) is allowed


def test_a_role_cannot_borrow_another_purpose():
    decision = POLICY.decide("school", "health_management", ["health.conditions"], KNOWN)
    assert not decision.allowed and "may not act for purpose 'health_management'" in decision.reason


@pytest.mark.parametrize("field, allowed", [("housing.difficulty", True), ("housing.public_rental_status", True),
                                            ("housing.rent_subsidy", True), ("housing.rent_subsidy_monthly_cny", False),
                                            ("housing.difficulty_basis", False)])
def test_a_children_director_sees_whether_the_family_is_housed_not_the_details(field, allowed):
    decision = POLICY.decide("children_director", "key_child_care", [field], KNOWN, "330106", "330106001")
    assert (field in decision.allowed_fields) is allowed


def test_an_assistance_review_sees_every_housing_field():
    housing = [f for f in KNOWN if f.startswith("housing.")]
    decision = POLICY.decide("caseworker", "assistance_review", housing, KNOWN, "330106", "330106001")
    assert decision.allowed_fields == tuple(housing) and decision.denied_fields == ()


@pytest.mark.parametrize("caller, child, allowed", [("330106", "330106001", True), ("330106", "330102", False),
                                                     (None, "330106", False)])
def test_a_children_director_sees_children_of_their_own_area_only(caller, child, allowed):
    decision = POLICY.decide("children_director", "key_child_care", ["ledger.in_ledger"], KNOWN, caller, child)
    assert decision.allowed is allowed


def test_a_partly_allowed_request_names_what_was_withheld():
    decision = POLICY.decide("school", "enrolment", ["identity.name", "health.conditions"], KNOWN, "330106",
                             "330106001")
    assert decision.allowed_fields == ("identity.name",) and decision.denied_fields == ("health.conditions",)


@pytest.mark.parametrize("field, allowed", [
    ("family_education.last_guidance_form", True), ("guardianship.guardian_phone", True),
    ("children_home.last_activity_on", True), ("children_home.last_activity", False),
    ("guardianship.status", False), ("housing.difficulty", False), ("identity.id_number", False),
])
def test_a_family_educator_reaches_the_guardians_but_sees_no_hardship(field, allowed):
    decision = POLICY.decide("family_educator", "family_education", [field], KNOWN, "330106", "330106001")
    assert (field in decision.allowed_fields) is allowed


@pytest.mark.parametrize("role, purpose, field, allowed", [
    ("procurator", "judicial_protection", "judicial.supervision_order_concern", True),
    ("procurator", "judicial_protection", "guardianship.guardian_phone", True),
    ("procurator", "judicial_protection", "health.conditions", False),
    ("procurator", "judicial_protection", "youth_league.last_counselling_on", False),
    ("youth_worker", "youth_services", "youth_league.last_activity", True),
    ("youth_worker", "youth_services", "youth_league.last_counselling_on", False),
    ("youth_worker", "youth_services", "judicial.supervision_order_on", False),
    ("downstream_app", "entitlement_matching", "legal_education.youth_league_last_on", True),
    ("downstream_app", "entitlement_matching", "judicial.procuratorate_guidance_on", False),
    ("downstream_app", "entitlement_matching", "technical_school.grant_awarded", False),
    ("children_director", "key_child_care", "judicial.supervision_order_on", True),
    ("children_director", "key_child_care", "judicial.supervision_order_concern", False),
])
def test_judicial_and_youth_data_reach_only_their_purposes(role, purpose, field, allowed):
    decision = POLICY.decide(role, purpose, [field], KNOWN, "330106", "330106001")
    assert (field in decision.allowed_fields) is allowed


@pytest.mark.parametrize("role, purpose", [("school", "enrolment"), ("school", "return_to_school"),
                                           ("health_worker", "health_management")])
def test_schools_and_health_workers_are_bound_to_their_area(role, purpose):
    """Issue 14: schools and health workers read the children of their own area (最小必要), not the country's."""
    assert POLICY.rule(role, purpose).same_area
    assert not POLICY.decide(role, purpose, ["identity.name"], KNOWN, "330106", "520102001").allowed
    assert POLICY.decide(role, purpose, ["identity.name"], KNOWN, "330106", "330106001").allowed


def test_hiv_status_is_opened_only_by_the_platforms_entitlement_job():
    """Item 12 needs "艾滋病病毒感染儿童": the field is sensitive and outside health.*, so no wildcard reaches it."""
    from projections.fields import Sensitivity

    assert FIELDS["hiv.status"].sensitivity == Sensitivity.SENSITIVE and FIELDS["hiv.status"].encrypted
    readers = {r.id for r in POLICY.rules if "hiv.status" in POLICY.fields_for(r, KNOWN)}
    assert readers == {"care_job.entitlement_matching"}


def test_only_the_purposes_that_act_on_harm_cases_widen_their_scope_to_a_cases_report_area():
    widened = {(r.role, r.purpose) for r in POLICY.rules if r.case_area}
    assert widened == {("police", "child_protection"), ("caseworker", "crisis_intervention"),
                       ("procurator", "child_protection"), ("judge", "child_protection")}
    assert all(r.same_area and r.only_with for r in POLICY.rules if r.case_area)


def test_case_area_without_an_area_scope_and_a_case_is_refused(tmp_path):
    import json

    from privacy.access_policy import POLICY_FILE

    data = json.loads(POLICY_FILE.read_text(encoding="utf-8"))
    school = next(r for r in data["rules"] if r["id"] == "school.enrolment")
    school["case_area"] = True
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="case_area"):
        load_policy(str(path))
