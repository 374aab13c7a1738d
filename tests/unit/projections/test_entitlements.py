from datetime import date, timedelta

import pytest

from projections.catalogue import load_catalogue
from projections.entitlements import entitlements, gaps, report

CAT = load_catalogue()
AS_OF = date(2025, 9, 1)


def born(years_ago, days=0):
    """Birth date of a child who turns `years_ago` on AS_OF (plus `days` later, i.e. still younger)."""
    return (date(AS_OF.year - years_ago, AS_OF.month, AS_OF.day) + timedelta(days=days)).isoformat()


# A migrant child: 8 years old, hukou in Henan, living in Hangzhou's 西湖区 since January 2024.
MIGRANT = {"identity.birth_date": born(8), "identity.hukou_area": "411523", "residence.area_code": "330106001",
           "residence.since": "2024-01-01"}


def migrant(fields):
    return {**MIGRANT, **fields}


def ids(fields, as_of=AS_OF, catalogue=CAT):
    return {e.item_id for e in entitlements(migrant(fields), catalogue, as_of)}


@pytest.mark.parametrize("birth, item, entitled", [
    (born(6), "1", True), (born(7, 1), "1", True), (born(7), "1", False),   # 0-6: up to the day before turning 7
    (born(3), "2", True), (born(3, 1), "2", False),                        # 3-6: from the third birthday
    (born(6), "3", True), (born(6, 1), "3", False), (born(15), "3", True), (born(16), "3", False),
])
def test_age_bands_switch_on_the_birthday(birth, item, entitled):
    assert (item in ids({"identity.birth_date": birth})) is entitled


@pytest.mark.parametrize("fields, item", [
    ({"education.stage": "senior_secondary"}, "4"), ({"education.stage": "vocational"}, "5"),
    ({"education.status": "dropped_out"}, "6"), ({"health.conditions": ["severe_mental_disorder"]}, "9"),
    ({"health.conditions": ["autism"]}, "10"), ({"orphan.status": "de_facto_unsupported"}, "12"),
    ({"disability.category": "physical"}, "13"), ({"guardianship.status": "lacking"}, "15"),
    ({"assistance.dibao": True}, "16"),
    ({"assistance.tekun": True}, "17"), ({"ledger.reasons": ["psychological"]}, "20"),
])
def test_each_target_rule_selects_its_children(fields, item):
    assert item in ids(fields)
    assert item not in ids({})


def test_every_migrant_child_is_entitled_to_health_insurance_and_development_services():
    assert {"7", "8", "19", "21", "22", "23"} <= ids({})


def test_unknown_targets_are_not_claimed():
    assert "18" not in ids({})


def delivered(fields, item, catalogue=CAT):
    return {e.item_id: e.delivered for e in entitlements(migrant(fields), catalogue, AS_OF)}.get(item, "not entitled")


@pytest.mark.parametrize("fields, entitled", [
    ({}, False),
    ({"housing.difficulty": True}, True),
    ({"housing.difficulty": False}, False),                                           # 不再困难
    ({"housing.public_rental_status": "applied"}, False),                             # an application is no finding
    ({"housing.public_rental_status": "refused", "housing.difficulty": False}, False),
    ({"housing.public_rental_status": "allocated", "housing.difficulty": False}, True),  # still housed by it
    ({"housing.rent_subsidy": True}, True),
    ({"housing.rent_subsidy": False}, False),
    ({"assistance.dibao": True}, False),                      # 低保 alone is no housing difficulty
                                                              # (the list says 住房困难)
])
def test_housing_support_is_for_households_in_housing_difficulty(fields, entitled):
    assert ("11" in ids(fields)) is entitled


@pytest.mark.parametrize("fields, done", [
    ({"housing.difficulty": True}, False),
    ({"housing.difficulty": True, "housing.public_rental_status": "applied"}, False),
    ({"housing.difficulty": True, "housing.public_rental_status": "refused"}, False),
    ({"housing.difficulty": True, "housing.public_rental_status": "exited"}, False),
    ({"housing.difficulty": True, "housing.public_rental_status": "allocated"}, True),
    ({"housing.difficulty": True, "housing.rent_subsidy": True}, True),
    ({"housing.difficulty": True, "housing.rent_subsidy": False}, False),            # the subsidy ended
])
def test_housing_support_is_delivered_by_a_dwelling_or_a_rent_subsidy(fields, done):
    assert delivered(fields, "11") is done


def test_delivery_and_gaps():
    fields = {"identity.birth_date": born(8), "education.stage": "primary", "education.status": "enrolled",
              "insurance.resident_enrolled": False}
    by_id = {e.item_id: e.delivered for e in entitlements(migrant(fields), CAT, AS_OF)}
    assert by_id["3"] is True and by_id["8"] is False and by_id["19"] is None and by_id["21"] is None
    assert {"7", "8"} <= {e.item_id for e in gaps(migrant(fields), CAT, AS_OF)}


@pytest.mark.parametrize("fields, done", [
    ({"disability.category": "physical"}, None),                     # need for a device is not assessed: unknown
    ({"disability.category": "physical", "disability.assistive_device_on": "2025-04-01"}, True),
    ({"disability.assistive_device_on": "2025-04-01"}, "not entitled"),  # no certificate: not a target
])
def test_guizhou_assistive_devices_are_delivered_when_one_was_provided(fields, done):
    assert delivered(fields, "GZ3", load_catalogue("guizhou")) is done


def test_guizhou_adds_insurance_at_the_place_of_residence():
    gz = load_catalogue("guizhou")
    here = {"insurance.resident_enrolled": True, "insurance.insured_area": "520102", "residence.area_code": "520102001"}
    away = {**here, "insurance.insured_area": "411523"}
    delivered = lambda f: {e.item_id: e.delivered for e in entitlements(migrant(f), gz, AS_OF)}["8"]  # noqa: E731
    assert delivered(here) is True and delivered(away) is False


def test_reports_count_entitled_and_delivered_per_area_and_department():
    children = [migrant({"residence.area_code": "330106001", "insurance.resident_enrolled": True}),
                migrant({"residence.area_code": "330106002"})]
    rows = {(r["key"], r["item_id"]): r for r in report(children, CAT, AS_OF)}
    assert rows[("330106", "8")] == {"key": "330106", "item_id": "8", "entitled": 2, "delivered": 1, "gap": 1}
    by_dept = {(r["key"], r["item_id"]): r for r in report(children, CAT, AS_OF, by="department")}
    assert by_dept[("medical_insurance", "8")]["entitled"] == 2


@pytest.mark.parametrize("item, field", [("19", "family_education.last_guidance_on"),
                                         ("22", "children_home.last_activity_on")])
@pytest.mark.parametrize("on, done", [
    (AS_OF, True), (date(2024, 9, 2), True),                          # the last day within 12 months
    (date(2024, 9, 1), None),                                         # exactly 12 months ago: no longer counts
    (AS_OF + timedelta(days=1), None),                                # a future date is no evidence
    (None, None),                                                     # other departments do not report yet: unknown
])
def test_womens_federation_evidence_delivers_family_education_and_cultural_life(item, field, on, done):
    fields = {field: on.isoformat()} if on else {}
    assert delivered(fields, item) is done


@pytest.mark.parametrize("on, entitled", [
    (None, False),                                     # need without relief is not recorded: unknown, not claimed
    (AS_OF, True), (date(2024, 9, 2), True),
    (date(2024, 9, 1), False),                         # relief 12 months ago no longer makes the child a target
])
def test_temporary_relief_counts_children_relieved_in_the_last_12_months(on, entitled):
    fields = {"assistance.temporary_relief_on": on.isoformat()} if on else {}
    assert ("18" in ids(fields)) is entitled
    assert delivered(fields, "18") is (True if entitled else "not entitled")


RECENT, STALE = (AS_OF - timedelta(days=30)).isoformat(), (AS_OF - timedelta(days=400)).isoformat()


@pytest.mark.parametrize("item, field", [
    ("19", "judicial.procuratorate_guidance_on"), ("19", "education.family_guidance_on"),
    ("21", "legal_education.police_last_on"),
    ("20", "youth_league.last_counselling_on"),
    ("21", "legal_education.court_last_on"), ("21", "legal_education.procuratorate_last_on"),
    ("21", "legal_education.youth_league_last_on"),
    ("22", "youth_league.last_activity_on"),
    ("23", "youth_league.last_integration_activity_on"), ("23", "family_employment.last_service_on"),
])
@pytest.mark.parametrize("on, done", [(RECENT, True), (STALE, None), (None, None)])
def test_court_procuratorate_youth_league_and_human_resources_evidence_delivers_services(item, field, on, done):
    fields = {"ledger.reasons": ["psychological"], **({field: on} if on else {})}
    assert delivered(fields, item) is done


def test_a_court_order_is_not_evidence_of_family_education_guidance():
    assert delivered({"judicial.court_guidance_order_on": RECENT}, "19") is None


@pytest.mark.parametrize("fields, done", [
    ({"technical_school.enrolled_on": RECENT}, False),
    ({"technical_school.enrolled_on": RECENT, "technical_school.tuition_waived": True}, True),
    ({"technical_school.enrolled_on": RECENT, "technical_school.grant_awarded": True}, True),
    ({"education.stage": "vocational", "education.status": "enrolled"}, True),
    ({"education.stage": "senior_secondary", "education.status": "enrolled"}, "not entitled"),
])
def test_technical_school_students_are_entitled_to_vocational_aid(fields, done):
    assert delivered(fields, "5") == done


def test_the_report_counts_migrant_children_where_they_live_now_and_counts_unknown_status_apart():
    here = migrant({"residence.area_code": "330106001"})
    gone = migrant({"residence.area_code": None, "residence.status": "moved_out", "residence.from_area": "330106"})
    moved = migrant({"residence.area_code": "520102", "residence.status": "moved_out", "residence.from_area": "330106",
                     "residence.since": None})
    adult = migrant({"identity.birth_date": born(20)})
    rows = report([here, gone, moved, adult, {"residence.area_code": "330106"}], CAT, AS_OF)
    entitled_8 = {r["key"]: r["entitled"] for r in rows if r["item_id"] == "8"}
    assert entitled_8 == {"330106": 1}  # the adult, the empty record and both movers are not in 西湖区's figures
    status = {(r["key"], r["item_id"]): r["children"] for r in rows if r["item_id"].startswith("status:")}
    assert status == {("330106", "status:migrant"): 1, ("330106", "status:not_migrant"): 1,
                      ("330106", "status:unknown"): 1, ("520102", "status:unknown"): 1}


def test_a_suppressed_report_hides_a_small_cell_in_every_measure():
    insured = [migrant({"residence.area_code": f"33010{n % 2 + 6}", "insurance.resident_enrolled": n > 1})
               for n in range(14)]
    rows = {(r["key"], r["item_id"]): r for r in report(insured, CAT, AS_OF, threshold=5)}
    small = rows[("330106", "8")]  # 7 entitled, 6 delivered, 1 gap: the gap is small, so the cell goes
    assert small["entitled"] is None and small["delivered"] is None and small["gap"] is None
    assert all(v is None or v == 0 or v >= 5
               for r in rows.values() for k, v in r.items() if k not in ("key", "item_id"))
