"""Regions as data: every region file loads, and no delivery is counted as two services."""

from datetime import date

import pytest

from projections.catalogue import load_catalogue
from projections.catalogue.loader import platform_areas, regions
from projections.entitlements import entitlements, medical_aid_ratio, report

AS_OF = date(2026, 11, 1)
MIGRANT = {"identity.birth_date": "2016-05-01", "identity.hukou_area": "411523", "residence.area_code": "520102001",
           "residence.since": "2025-01-01"}


def test_adding_a_region_is_adding_a_file():
    assert {"base", "guizhou", "hebei", "zhejiang"} <= set(regions())
    assert {"13", "33", "52"} <= set(platform_areas())


@pytest.mark.parametrize("region", sorted(regions()))
def test_each_region_loads_and_no_delivery_is_counted_twice(region):
    catalogue = load_catalogue(region)
    base = {i.id: i for i in load_catalogue("base").items}
    ids = [i.id for i in catalogue.items]
    assert len(ids) == len(set(ids))
    for item in catalogue.items:
        if item.id not in base:  # a service the region adds must rest on evidence no list item already counts
            for other in catalogue.items:
                if other.id != item.id:
                    assert not (item.delivered_fields & other.delivered_fields), (region, item.id, other.id)
    # One child with every kind of evidence: each service counted once in the report.
    child = {**MIGRANT, "health.family_doctor_signed_on": "2026-03-01", "insurance.resident_enrolled": True,
             "insurance.insured_area": "520102", "assistance.dibao": True, "assistance.dibao_granting_area": "520102"}
    rows = report([child], catalogue, AS_OF)
    assert len([r for r in rows if r["item_id"] in ("7", "GZ1")]) == 1
    assert len([r for r in rows if r["item_id"] in ("16", "GZ4", "ZJ16")]) == 1


@pytest.mark.parametrize("granting, delivered", [("520102", True), ("411523", False), (None, None)])
def test_guizhou_16_is_delivered_by_the_place_of_residence(granting, delivered):
    """贵州: "对符合条件的流动儿童家庭由居住地纳入最低生活保障"."""
    child = {**MIGRANT, "assistance.dibao": True, **({"assistance.dibao_granting_area": granting} if granting else {})}
    got = {e.item_id: e.delivered for e in entitlements(child, load_catalogue("guizhou"), AS_OF)}
    assert got["16"] is delivered
    assert {e.item_id: e.delivered for e in entitlements(child, load_catalogue("base"), AS_OF)}["16"] is True


@pytest.mark.parametrize("fields, entitled", [
    ({"ledger.categories": ["low_income_margin", "serious_illness"]}, True),
    ({"ledger.categories": ["low_income_margin", "severe_disability"]}, True),
    ({"ledger.categories": ["low_income_margin"], "disability.category": "intellectual", "disability.grade": 3}, True),
    ({"ledger.categories": ["low_income_margin"], "disability.category": "intellectual", "disability.grade": 1}, False),
    ({"ledger.categories": ["low_income_margin"], "disability.category": "physical", "disability.grade": 4}, False),
    ({"ledger.categories": ["serious_illness"]}, False),                                 # not 低保边缘
])
def test_zhejiang_brings_children_of_low_income_margin_families_into_dibao(fields, entitled):
    """浙江: "将低保边缘家庭中的重病、重残、三级四级精神和智力残疾儿童参照单人户纳入低保范围"."""
    zj = load_catalogue("zhejiang")
    got = {e.item_id: e.delivered for e in entitlements({**MIGRANT, **fields}, zj, AS_OF)}
    assert ("16" in got) is entitled
    if entitled:
        assert got["16"] is False  # not yet granted: a gap
    assert "16" not in {e.item_id for e in entitlements({**MIGRANT, **fields}, load_catalogue("base"), AS_OF)}


@pytest.mark.parametrize("fields, ratio", [
    ({"orphan.status": "orphan"}, 1.0), ({"assistance.tekun": True}, 1.0),
    ({"assistance.dibao": True}, 0.8), ({"orphan.status": "de_facto_unsupported"}, 0.8),
    ({"ledger.categories": ["low_income_margin"]}, 0.7), ({}, None),
])
def test_zhejiang_medical_aid_ratios(fields, ratio):
    """浙江: "孤儿、纳入特困供养的儿童给予全额救助，低保家庭儿童、事实无人抚养儿童按不低于80%，
    低保边缘家庭儿童按不低于70%"."""
    got = medical_aid_ratio({**MIGRANT, **fields}, load_catalogue("zhejiang"), AS_OF)
    assert (got[0] if got else None) == ratio
    assert medical_aid_ratio({**MIGRANT, **fields}, load_catalogue("base"), AS_OF) is None


# One delivery each (the fields one event writes), on a child it could concern; the items a delivery may serve at once.
DELIVERIES = {
    "nursery place": ({"identity.birth_date": "2024-09-01"},
                      {"education.stage": "nursery", "education.status": "enrolled"}),
    "vaccination": ({"identity.birth_date": "2022-09-01"}, {"health.last_immunised_on": "2026-09-01"}),
    "kindergarten": ({"identity.birth_date": "2021-09-01"},
                     {"education.stage": "preschool", "education.status": "enrolled"}),
    "primary school": ({"identity.birth_date": "2016-09-01"},
                       {"education.stage": "primary", "education.status": "enrolled"}),
    "senior high": ({"identity.birth_date": "2011-09-01"},
                    {"education.stage": "senior_secondary", "education.status": "enrolled"}),
    "family doctor": ({}, {"health.family_doctor_signed_on": "2026-09-01"}),
    "insurance": ({}, {"insurance.resident_enrolled": True, "insurance.insured_area": "520102"}),
    "dibao": ({"assistance.dibao": True}, {"assistance.dibao_granting_area": "520102"}),
    "rehabilitation": ({}, {"disability.last_rehab_on": "2026-09-01"}),
    "two allowances": ({}, {"assistance.disability_living_allowance": True}),
    "assistive device": ({}, {"disability.assistive_device_on": "2026-09-01"}),
    "smd follow-up": ({}, {"health.smd_followed_up_on": "2026-09-01"}),
    "state guardianship": ({"guardianship.status": "lacking"}, {"guardianship.state_care": "temporary"}),
    "fee exemption": ({"identity.birth_date": "2016-09-01", "education.stage": "primary",
                       "education.status": "enrolled"}, {"education.fee_exempted": True}),
}
# A disabled, diagnosed child: a target of every item a delivery could serve.
TARGET = {"disability.category": "physical", "health.conditions": ["severe_mental_disorder"]}


@pytest.mark.parametrize("region", sorted(regions()))
@pytest.mark.parametrize("name", sorted(DELIVERIES))
def test_one_delivery_serves_one_service(region, name):
    catalogue = load_catalogue(region)
    child, delivery = DELIVERIES[name]
    before = {**MIGRANT, **TARGET, **child}
    done = lambda f: {e.item_id for e in entitlements(f, catalogue, AS_OF) if e.delivered is True}  # noqa: E731
    served = done({**before, **delivery}) - done(before)
    assert len(served) <= 1, (region, name, served)  # never two services from one delivery
    if region == "guizhou":  # the region that reads every kind of evidence here: each delivery serves one
        assert len(served) == 1, (name, served)
