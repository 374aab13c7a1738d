"""摸排 coverage. Hebei plan 一(一): "各地以縣(市、區)為單位" … "完成監測摸排和信息錄入"."""

from projections.identification import INPUTS, proposal_reasons, visible_inputs
from projections.surveys import coverage, survey_findings, surveyed_in

C = "130102-2026H2"


def test_a_child_is_surveyed_by_either_departments_record_of_the_campaign():
    assert surveyed_in({"village_survey.campaign": C}, C)
    assert surveyed_in({"monitoring.survey_campaign": C}, C)
    assert not surveyed_in({"village_survey.campaign": "130102-2026H1"}, C)  # an earlier campaign does not count
    assert not surveyed_in({}, C)


def test_coverage_per_county_and_township_lists_the_unsurveyed():
    children = [("ck_1", "130102001", {"village_survey.campaign": C}),
                ("ck_2", "130102001", {}),
                ("ck_3", "130102002", {"monitoring.survey_campaign": C}),
                ("ck_4", "130102", {}),  # the residence code names the county only
                ("ck_5", "130104", {"village_survey.campaign": C})]
    out = coverage(children, C).to_json()
    assert out["areas"][0] == {"level": "county", "area": "130102", "known": 4, "surveyed": 2, "unsurveyed": 2,
                               "coverage": 0.5}
    assert [(a["area"], a["known"], a["surveyed"]) for a in out["areas"][1:4]] == [
        ("130102001", 2, 1), ("130102002", 1, 1), ("130102:unknown", 1, 0)]
    assert out["unsurveyed"] == [{"child_key": "ck_2", "county": "130102", "township": "130102001"},
                                 {"child_key": "ck_4", "county": "130102", "township": "unknown"}]


def test_what_the_surveys_found_comes_from_both_records():
    fields = {"village_survey.categories": ["help_request"], "monitoring.survey_categories": ["disability"]}
    assert survey_findings(fields) == ["disability", "help_request"]


def test_a_child_meeting_the_criteria_outside_the_ledger_is_proposed_with_the_reasons_the_receiver_may_see():
    """"助力困境儿童精准识别" (Zhejiang); Hebei 一(二): "對監測摸排發現存在家庭生活困難、自身殘疾、監護缺失、流浪、
    心理和行為異常的以及主動提出救助幫扶需求的流動兒童…建立重點關愛服務對象信息臺賬"."""
    fields = {"assistance.dibao": True, "village_survey.categories": ["help_request"], "ledger.in_ledger": False}
    everything = set(INPUTS)
    assert proposal_reasons(fields, everything) == ["family_hardship", "survey:help_request"]
    # A receiver that may not see the village committee's findings gets only what it may see.
    assert proposal_reasons(fields, everything - {"village_survey.categories"}) == ["family_hardship"]
    assert "village_survey.categories" not in visible_inputs(everything - {"village_survey.categories"})
    assert proposal_reasons({**fields, "ledger.in_ledger": True}, everything) == []  # already in the ledger
    assert proposal_reasons({"ledger.in_ledger": False}, everything) == []


def test_a_persons_record_counts_only_where_the_surveyors_area_contains_the_residence():
    """Day-3 attack pass decision: a grid worker of one township cannot mark another township's children surveyed.
    A record without the surveyor's area (a department system's) counts wherever the child lives, as before."""
    township_b = {"village_survey.campaign": C, "village_survey.surveyor_area": "130102002"}
    assert not surveyed_in(township_b, C, "130102001")
    assert surveyed_in(township_b, C, "130102002") and surveyed_in(township_b, C, "130102002005")
    county = {"village_survey.campaign": C, "village_survey.surveyor_area": "130102"}
    assert surveyed_in(county, C, "130102001") and not surveyed_in(county, C, "130104001")
    village = {"monitoring.survey_campaign": C, "monitoring.surveyor_area": "130102001001"}
    assert not surveyed_in(village, C, "130102001")  # a residence known to the township only is not the village's
    assert not surveyed_in(township_b, C, None) and not surveyed_in(township_b, C, "")  # no residence: nowhere
    assert surveyed_in({"village_survey.campaign": C, "village_survey.surveyor_area": None}, C, "130104001")
    # either department's record may count where the other does not
    assert surveyed_in({**township_b, "monitoring.survey_campaign": C}, C, "130102001")
    children = [("ck_1", "130102001", township_b), ("ck_2", "130102002", township_b)]
    out = coverage(children, C).to_json()
    assert [(a["area"], a["surveyed"]) for a in out["areas"]] == [("130102", 1), ("130102001", 0), ("130102002", 1)]
