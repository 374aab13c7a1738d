"""The cases of issue 17, each answered as the service list (service-list.txt) words it. Each test quotes the wording
it implements; the catalogue item carries the same wording, which the test checks too."""

from datetime import date, timedelta

import pytest

from projections.catalogue import load_catalogue
from projections.entitlements import entitlements, gaps

CAT = load_catalogue()
AS_OF = date(2026, 11, 1)
ITEMS = {i.id: i for i in CAT.items}


def born(years, days=0):
    return (date(AS_OF.year - years, AS_OF.month, AS_OF.day) + timedelta(days=days)).isoformat()


def migrant(**fields):
    base = {"identity.birth_date": born(8), "identity.hukou_area": "411523", "residence.area_code": "330106001",
            "residence.since": "2025-01-01"}
    return {**base, **{k.replace("__", "."): v for k, v in fields.items()}}


def states(fields, catalogue=CAT):
    return {e.item_id: e.delivered for e in entitlements(fields, catalogue, AS_OF)}


def gap_ids(fields, catalogue=CAT):
    return {e.item_id for e in gaps(fields, catalogue, AS_OF)}


def quoted(item_id, phrase):
    assert phrase in ITEMS[item_id].wording, (item_id, phrase)


def test_a_20_year_old_and_an_empty_record_are_entitled_to_nothing():
    """服务对象 "流动儿童" in every row; 流动儿童 "不满十六周岁的未成年人" (Hebei plan)."""
    assert states(migrant(identity__birth_date=born(20))) == {}
    assert states({}) == {}


def test_a_15_year_old_in_senior_high_has_no_compulsory_education_gap():
    """Item 3: "义务教育阶段流动儿童"; item 4: "普通高中教育阶段流动儿童"."""
    quoted("3", "义务教育阶段流动儿童")
    quoted("4", "普通高中教育阶段流动儿童")
    child = migrant(identity__birth_date=born(15), education__stage="senior_secondary", education__status="enrolled")
    assert "3" not in states(child) and states(child)["4"] is True


def test_a_16_year_old_still_in_junior_secondary_is_in_item_3s_target():
    """Item 3: "义务教育阶段流动儿童" (by stage: issue 17, "a 16-year-old still in junior secondary is targeted"). The
    Hebei definition, "跨县域异地居住或生活6个月以上、不满十六周岁的未成年人", stops at 16; such a minor who meets its
    residence criteria is `migrant_by_stage` (16周岁以上但仍在义务教育阶段) and a target of item 3 only."""
    quoted("3", "义务教育阶段流动儿童")
    child = migrant(identity__birth_date=born(16), education__stage="junior_secondary", education__status="enrolled")
    assert ITEMS["3"].target(child, AS_OF) is True and ITEMS["3"].by_stage == "compulsory"
    assert states(child) == {"3": True}  # not item 7, 8, 19, 21-23, which every 流动儿童 gets
    dropped = migrant(identity__birth_date=born(17), education__stage="junior_secondary",
                      education__status="dropped_out", assistance__dibao=True)
    assert states(dropped) == {}  # left school: no longer in 义务教育阶段, and over 16: in no item
    assert states({**child, "identity.hukou_area": "330106"}) == {}  # the definition's "跨县域" still applies


@pytest.mark.parametrize("birth, stage", [(born(16), "senior_secondary"), (born(17), "vocational"),
                                          (born(16), None), (born(18), "junior_secondary")])
def test_everyone_else_of_16_or_over_stays_outside_every_item(birth, stage):
    """"不满十六周岁的未成年人": only the 义务教育阶段 stage reaches past 16, and only for a minor (under 18)."""
    child = migrant(identity__birth_date=birth, education__stage=stage, education__status="enrolled",
                    assistance__dibao=True, disability__category="physical")
    assert states(child) == {}


def test_a_6_year_old_in_grade_1_has_no_preschool_gap():
    """Item 2: "3-6岁流动儿童 … 学前教育服务": a child already in primary school is not in the preschool target."""
    quoted("2", "3-6岁流动儿童")
    quoted("2", "学前教育服务")
    child = migrant(identity__birth_date=born(6), education__stage="primary", education__grade=1,
                    education__status="enrolled")
    assert "2" not in states(child) and states(child)["3"] is True
    assert "2" in states(migrant(identity__birth_date=born(5)))  # of preschool age and not in school: a target


def test_an_ended_dibao_is_not_a_gap():
    """Item 16: "符合最低生活保障条件的流动儿童": current eligibility; 低保 ended because income rose is no gap."""
    quoted("16", "符合最低生活保障条件的流动儿童")
    ended = migrant(assistance__dibao=False, assistance__dibao_ended_on="2026-03-01",
                    ledger__reasons=["family_hardship"])
    assert "16" not in states(ended) and "16" not in gap_ids(ended)
    assert states(migrant(assistance__dibao=True))["16"] is True


def test_family_hardship_without_a_dibao_decision_is_unknown_not_claimed():
    assert "16" not in states(migrant(ledger__reasons=["family_hardship"]))


def test_a_2_year_old_in_a_nursery_with_an_old_vaccination_has_no_item_1_gap():
    """Item 1: "健康和托育(3岁以下）服务 … 推动发展普惠托育服务体系，促进流动儿童就近就便获得普惠托育服务"."""
    quoted("1", "健康和托育(3岁以下）服务")
    quoted("1", "促进流动儿童就近就便获得普惠托育服务")
    child = migrant(identity__birth_date=born(2), health__last_immunised_on="2025-01-10", education__stage="nursery",
                    education__status="enrolled")
    assert states(child)["1"] is True
    assert states({**child, "education.stage": None, "education.status": None})["1"] is False  # no 托育, old dose
    older = migrant(identity__birth_date=born(4), health__last_immunised_on="2025-01-10", education__stage="nursery",
                    education__status="enrolled")
    assert states(older)["1"] is False  # 托育 is for under-3s; a 4-year-old needs the health service


def test_health_services_for_0_to_6_come_from_a_check_or_a_vaccination_in_the_last_year():
    """Item 1: "0-6岁流动儿童 … 按照国家基本公共卫生服务规范提供健康管理服务；
    按照国家免疫规划疫苗免疫程序提供接种服务"."""
    quoted("1", "0-6岁流动儿童")
    assert states(migrant(identity__birth_date=born(5), health__last_checked_on="2026-06-01"))["1"] is True


@pytest.mark.parametrize("fields, counted", [
    ({"health.family_doctor_signed_on": "2019-03-01"}, False),                      # 2019: long expired
    ({"health.family_doctor_signed_on": "2026-01-15"}, True),                       # within a year
    ({"health.family_doctor_signed_on": "2025-10-01"}, False),                      # a year and a month ago
    ({"health.family_doctor_signed_on": "2024-01-01", "health.family_doctor_valid_until": "2026-12-31"}, True),
    ({"health.family_doctor_signed_on": "2026-01-01", "health.family_doctor_valid_until": "2026-06-30"}, False),
])
def test_a_family_doctor_signing_counts_only_while_valid(fields, counted):
    """Item 7: "提供家庭医生签约服务": a signing is a service for the term of its agreement (one year unless stated)."""
    quoted("7", "提供家庭医生签约服务")
    assert states(migrant(**{k.replace(".", "__"): v for k, v in fields.items()}))["7"] is counted


def test_a_severe_mental_disorder_diagnosis_is_not_its_own_delivery():
    """Item 9: "流动儿童中诊断明确、在家居住的严重精神障碍患者 … 按照国家基本公共卫生服务规范提供管理服务，
    提供精神障碍社区康复服务"."""
    quoted("9", "诊断明确、在家居住的严重精神障碍患者")
    quoted("9", "提供精神障碍社区康复服务")
    diagnosed = migrant(health__conditions=["severe_mental_disorder"], health__last_checked_on="2026-10-01")
    assert states(diagnosed)["9"] is False
    assert states({**diagnosed, "health.smd_followed_up_on": "2026-10-20"})["9"] is True
    assert states({**diagnosed, "community_rehab.last_on": "2026-10-20"})["9"] is True


def test_children_living_with_hiv_are_in_item_12():
    """Item 12: "流动儿童中的孤儿、艾滋病病毒感染儿童、事实无人抚养儿童"."""
    quoted("12", "艾滋病病毒感染儿童")
    assert "12" in states(migrant(hiv__status=True))
    assert "12" in states(migrant(orphan__status="orphan")) and "12" not in states(migrant())


@pytest.mark.parametrize("fields, entitled, delivered", [
    ({"guardianship.status": "lacking"}, True, False),                                  # 监护缺失, no state care
    ({"guardianship.concern": "improper"}, True, None),                                 # 监护不当: 符合条件? unknown
    ({"guardianship.concern": "infringed"}, True, False),                               # 监护侵害: a gap
    ({"judicial.supervision_order_on": "2026-05-01"}, True, None),                      # 督促监护令
    ({"judicial.court_guidance_order_on": "2026-05-01"}, True, None),                   # 家庭教育指导令
    ({"judicial.supervision_order_on": "2024-05-01"}, False, None),                     # an old order
    ({"guardianship.concern": "infringed", "guardianship.state_care": "temporary"}, True, True),   # 临时监护
    ({"guardianship.status": "lacking", "guardianship.state_care": "long_term"}, True, True),       # 长期监护
    ({"guardianship.status": "both_parents"}, False, None),
])
def test_guardianship_protection_covers_lacking_improper_and_infringed_guardianship(fields, entitled, delivered):
    """Item 15: "流动儿童中的监护缺失、监护不当、监护侵害儿童 … 对符合条件的流动儿童提供临时监护、长期监护保障"."""
    quoted("15", "监护缺失、监护不当、监护侵害儿童")
    quoted("15", "提供临时监护、长期监护保障")
    got = states(migrant(**{k.replace(".", "__"): v for k, v in fields.items()}))
    assert ("15" in got) is entitled
    if entitled:
        assert got["15"] is delivered


def test_the_two_disability_allowances_deliver_item_13():
    """Item 13: "残疾儿童康复救助及残疾人两项补贴 … 为符合条件的办理残疾人两项补贴"."""
    quoted("13", "为符合条件的办理残疾人两项补贴")
    child = migrant(disability__category="physical")
    assert states(child)["13"] is False
    assert states({**child, "assistance.disability_living_allowance": True})["13"] is True
    assert states({**child, "disability.last_rehab_on": "2026-09-01"})["13"] is True


@pytest.mark.parametrize("value, present", [(True, True), (False, False), (None, False), ("", False), ([], False),
                                            ("x", True), (0, True)])
def test_field_present_treats_false_as_absent(value, present):
    from projections.catalogue import compile_rule

    assert compile_rule({"field_present": "assistance.tekun"})({"assistance.tekun": value}, AS_OF) is present


def test_every_item_quotes_the_list():
    for item in CAT.items:
        assert item.wording, item.id


# The list's 服务对象 and 服务项目 of each row, quoted (service-list.txt).
QUOTES = {
    "1": ("0-6岁流动儿童", "健康和托育(3岁以下）服务"), "2": ("3-6岁流动儿童", "学前教育服务"),
    "3": ("义务教育阶段流动儿童", "义务教育服务"), "4": ("普通高中教育阶段流动儿童", "普通高中教育服务"),
    "5": ("中等职业教育阶段流动儿童", "中等职业教育助学服务"), "6": ("流动儿童中的失学儿童", "劝返复学服务"),
    "7": ("流动儿童", "卫生健康服务"), "8": ("流动儿童", "医疗保障服务"),
    "9": ("流动儿童中诊断明确、在家居住的严重精神障碍患者", "健康管理服务"),
    "10": ("流动儿童中的孤独症儿童", "关爱支持服务"), "11": ("家庭住房困难的流动儿童", "住房保障服务"),
    "12": ("流动儿童中的孤儿、艾滋病病毒感染儿童、事实无人抚养儿童", "基本生活保障服务"),
    "13": ("流动儿童中的残疾儿童", "残疾儿童康复救助及残疾人两项补贴"),
    "14": ("流动儿童中的残疾儿童", "残疾儿童教育服务"),
    "15": ("流动儿童中的监护缺失、监护不当、监护侵害儿童", "监护保障服务"),
    "16": ("符合最低生活保障条件的流动儿童", "最低生活保障服务"),
    "17": ("符合户籍地特困救助供养条件的流动儿童", "特困人员救助供养服务"),
    "18": ("符合本地临时救助情形的流动儿童", "临时救助服务"), "19": ("流动儿童", "家庭教育指导服务"),
    "20": ("流动儿童", "心理健康服务"), "21": ("流动儿童", "法治宣传教育服务"), "22": ("流动儿童", "精神文化生活服务"),
    "23": ("流动儿童", "城市融入服务"),
}


@pytest.mark.parametrize("item_id", sorted(QUOTES, key=int))
def test_every_item_carries_the_lists_wording(item_id):
    target, service = QUOTES[item_id]
    assert ITEMS[item_id].wording.startswith(f"{target} | {service} | "), item_id


@pytest.mark.parametrize("fields, entitled", [
    ({"assistance.tekun": True}, True), ({"assistance.tekun": False}, False), ({}, False),
])
def test_extreme_poverty_support_is_for_children_in_it_now(fields, entitled):
    """Item 17: "符合户籍地特困救助供养条件的流动儿童 … 纳入特困供养范围"."""
    quoted("17", "符合户籍地特困救助供养条件的流动儿童")
    assert ("17" in states(migrant(**{k.replace(".", "__"): v for k, v in fields.items()}))) is entitled


@pytest.mark.parametrize("fields, delivered", [
    ({"education.stage": "primary", "education.status": "enrolled"}, None),
    ({"education.stage": "primary", "education.status": "enrolled", "education.fee_exempted": True}, True),
    ({"education.stage": "primary", "education.status": "dropped_out"}, False),
])
def test_disabled_pupils_education_service_is_delivered_by_aid_not_by_enrolment(fields, delivered):
    """Item 14: "残疾儿童教育服务 … 为残疾学生提供特殊学习用品、干预和康复训练等"."""
    quoted("14", "为残疾学生提供特殊学习用品、干预和康复训练等")
    child = migrant(disability__category="hearing", **{k.replace(".", "__"): v for k, v in fields.items()})
    assert states(child)["14"] is delivered
