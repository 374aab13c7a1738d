"""流动儿童 (Hebei plan): "跨县域异地居住或生活6个月以上、不满十六周岁的未成年人
(城市中心城区的市辖区之间异地居住或生活的除外)"."""

from datetime import date

import pytest

from projections.migrant import MIGRANT, MIGRANT_BY_STAGE, NOT_MIGRANT, UNKNOWN, load_definition, migrant_status

AS_OF = date(2026, 11, 1)
CHILD = {"identity.birth_date": "2016-05-01", "identity.hukou_area": "411523", "residence.area_code": "330106001",
         "residence.since": "2025-01-01"}


def test_the_definition_is_data_that_quotes_the_plan():
    d = load_definition("hebei-2024")
    assert ("跨县域异地居住或生活6个月以上、不满十六周岁的未成年人" in d.wording
            and "城市中心城区的市辖区之间" in d.wording)
    assert (d.under_age, d.min_months) == (16, 6)


@pytest.mark.parametrize("change, status, reason", [
    ({}, MIGRANT, "cross_county"),
    ({"identity.birth_date": "2010-11-01"}, NOT_MIGRANT, "age_16_or_over"),         # 16 today: "不满十六周岁"
    ({"identity.birth_date": "2010-11-02"}, MIGRANT, "under_16"),                   # 16 tomorrow
    ({"identity.hukou_area": "330106"}, NOT_MIGRANT, "same_county"),
    ({"identity.hukou_area": "330102"}, NOT_MIGRANT, "central_districts_of_one_city"),  # 上城区 → 西湖区
    ({"identity.hukou_area": "330783"}, MIGRANT, "cross_county"),                   # 东阳市 → 西湖区: not central
    ({"residence.since": "2026-05-02"}, NOT_MIGRANT, "resident_under_6_months"),
    ({"residence.since": "2026-05-01"}, MIGRANT, "resident_6_months"),               # "6个月以上": exactly 6 months
    ({"residence.since": None}, UNKNOWN, "residence_date_unknown"),
    ({"identity.hukou_area": None}, UNKNOWN, "hukou_area_unknown"),
    ({"residence.area_code": None}, UNKNOWN, "residence_area_unknown"),
    ({"identity.birth_date": None}, UNKNOWN, "birth_date_unknown"),
])
def test_status_and_reasons(change, status, reason):
    got = migrant_status({**CHILD, **change}, AS_OF)
    assert got.status == status and reason in got.reasons and got.definition.startswith("hebei-2024@")


def test_an_empty_record_is_unknown_and_a_deciding_no_wins_over_unknown():
    assert migrant_status({}, AS_OF).status == UNKNOWN
    assert migrant_status({"identity.birth_date": "2000-01-01"}, AS_OF).status == NOT_MIGRANT


SIXTEEN_AT_SCHOOL = {"identity.birth_date": "2010-11-01", "education.stage": "junior_secondary",
                     "education.status": "enrolled"}


@pytest.mark.parametrize("change, status, reason", [
    ({}, MIGRANT_BY_STAGE, "over_age_in_compulsory_education"),                   # 16, in 初中: 义务教育阶段
    ({"education.stage": "primary", "education.status": "returned"}, MIGRANT_BY_STAGE,
     "over_age_in_compulsory_education"),
    ({"identity.birth_date": "2008-11-02"}, MIGRANT_BY_STAGE, "over_age_in_compulsory_education"),  # 17
    ({"identity.birth_date": "2008-11-01"}, NOT_MIGRANT, "age_16_or_over"),        # 18: not a 未成年人
    ({"education.stage": "senior_secondary"}, NOT_MIGRANT, "age_16_or_over"),
    ({"education.status": "dropped_out"}, NOT_MIGRANT, "age_16_or_over"),
    ({"education.stage": None}, NOT_MIGRANT, "age_16_or_over"),
    # the residence criteria of "跨县域异地居住或生活6个月以上 … (城市中心城区的市辖区之间 … 除外)" still apply
    ({"identity.hukou_area": "330106"}, NOT_MIGRANT, "same_county"),
    ({"identity.hukou_area": "330102"}, NOT_MIGRANT, "central_districts_of_one_city"),
    ({"residence.since": "2026-05-02"}, NOT_MIGRANT, "resident_under_6_months"),
    ({"residence.since": None}, UNKNOWN, "residence_date_unknown"),
])
def test_a_minor_of_16_or_17_still_in_compulsory_education_is_migrant_by_stage(change, status, reason):
    """City list item 3, "义务教育阶段流动儿童", against the definition's "不满十六周岁的未成年人"."""
    d = load_definition()
    assert d.by_stage is not None and d.by_stage.under_age == 18
    assert d.by_stage.stages == {"primary", "junior_secondary"}
    got = migrant_status({**CHILD, **SIXTEEN_AT_SCHOOL, **change}, AS_OF)
    assert got.status == status and reason in got.reasons, got
