"""Service-list items 9 and 20 count the mental-health evidence of issue 20 (item 4): 一生一策 plans, referrals with an
outcome, 精神障碍社区康复 enrolment. Each case quotes the list's wording."""

from datetime import date, timedelta

import pytest

from projections.catalogue import load_catalogue
from projections.entitlements import entitlements

CAT = load_catalogue()
AS_OF = date(2026, 11, 1)
ITEMS = {i.id: i for i in CAT.items}
CHILD = {"identity.birth_date": "2016-05-01", "identity.hukou_area": "411523", "residence.area_code": "330106001",
         "residence.since": "2025-01-01"}


def states(fields):
    return {e.item_id: e.delivered for e in entitlements({**CHILD, **fields}, CAT, AS_OF)}


def test_a_community_rehabilitation_enrolment_delivers_item_9():
    assert "提供精神障碍社区康复服务" in ITEMS["9"].wording
    diagnosed = {"health.conditions": ["severe_mental_disorder"]}
    assert states(diagnosed)["9"] is False
    assert states({**diagnosed, "community_rehab.enrolled_on": "2026-06-01"})["9"] is True
    assert states({**diagnosed, "community_rehab.enrolled_on": "2025-06-01"})["9"] is False  # over 12 months


@pytest.mark.parametrize("need", [{"mental_health.assessment_level": "attention"},
                                  {"mental_health.assessment_level": "high_concern"},
                                  {"mental_health.plan_status": "open"},
                                  {"mental_health.referred_on": "2026-09-01"}])
def test_a_child_with_a_recorded_need_is_in_item_20(need):
    assert "对有需要的流动儿童提供心理健康服务" in ITEMS["20"].wording
    assert "20" in states(need)


def test_an_assessment_without_concern_is_no_need():
    assert "20" not in states({"mental_health.assessment_level": "no_concern"})


@pytest.mark.parametrize("evidence", [{"mental_health.plan_recorded_on": "2026-09-10"},
                                      {"mental_health.referral_outcome_on": "2026-10-01"},
                                      {"mental_health.hotline_outcome_on": "2026-10-01"},  # 12355
                                      {"mental_health.social_work_outcome_on": "2026-10-01"},
                                      {"mental_health.rehabilitation_outcome_on": "2026-10-01"},
                                      {"community_rehab.enrolled_on": "2026-10-01"},
                                      {"youth_league.last_counselling_on": "2026-10-01"}])
def test_a_plan_an_answered_referral_or_an_enrolment_in_the_last_12_months_delivers_item_20(evidence):
    # "符合条件的纳入精神障碍社区康复服务范围"; Hebei: "建立'一生一策'心理健康档案", "畅通…预防转介干预就医通道"
    assert "符合条件的纳入精神障碍社区康复服务范围" in ITEMS["20"].wording
    need = {"mental_health.assessment_level": "attention"}
    assert states(need)["20"] is None  # unknown without evidence
    assert states({**need, **evidence})["20"] is True
    old = {k: (date.fromisoformat(v) - timedelta(days=400)).isoformat() for k, v in evidence.items()}
    assert states({**need, **old})["20"] is None
