from datetime import UTC, date, datetime, timedelta

import pytest

from events.contracts.civil_affairs import GuardianshipChanged, TemporaryReliefGranted
from events.contracts.common import FieldsCorrected
from events.contracts.court import FamilyEducationGuidanceOrdered
from events.contracts.court import LegalEducationDelivered as CourtLegalEducation
from events.contracts.disabled_federation import AssistiveDeviceProvided
from events.contracts.education import DroppedOut, Enrolled
from events.contracts.housing import (
    HousingDifficultyEnded,
    HousingDifficultyRecognised,
    PublicRentalAllocated,
    PublicRentalApplied,
    PublicRentalClosed,
    RentSubsidyEnded,
    RentSubsidyGranted,
)
from events.contracts.human_resources import TechnicalSchoolEnrolled
from events.contracts.procuratorate import FamilyEducationGuidanceDelivered as ProcuratorateGuidance
from events.contracts.procuratorate import GuardianshipSupervisionOrderIssued
from events.contracts.public_security import IdentityRecorded, MovedOut
from events.contracts.womens_federation import ChildrenHomeActivityAttended, FamilyEducationGuidanceDelivered
from events.contracts.youth_league import ActivityAttended, CounsellingProvided
from events.contracts.youth_league import LegalEducationDelivered as YouthLeagueLegalEducation
from events.envelope import Envelope
from projections.apply import Applied, Rejected, apply
from projections.record import ChildRecord

KEY = "ck_" + "b" * 40
T0 = datetime(2025, 3, 1, 8, tzinfo=UTC)


def env(payload, source, at=T0, event_id=None, key=KEY):
    kw = {"event_id": event_id} if event_id else {}
    return Envelope.new(payload, source=source, child_key=key, occurred_at=at, **kw)


def identity(name="王小明"):
    return IdentityRecorded(name=name, id_number="110101201503011237", sex="M", birth_date=date(2015, 3, 1),
                            hukou_area="110101")


def test_an_owner_write_sets_fields_with_their_provenance():
    e = env(identity(), "public_security")
    out = apply(None, e)
    assert isinstance(out, Applied)
    field = out.record.fields["identity.name"]
    assert (field.value, field.source, field.event_id, field.occurred_at) == (
        "王小明", "public_security", e.event_id, T0)
    assert out.record.version == 1


def test_a_non_owner_write_is_rejected_with_the_owner_named():
    out = apply(None, env(identity(), "education"))
    assert isinstance(out, Rejected) and out.code == "not_owner"
    assert "identity.name (owner: public_security)" in out.reason


def test_a_correction_of_a_field_the_department_does_not_own_is_rejected():
    out = apply(None, env(FieldsCorrected(fields={"health.conditions": ["autism"]}, reason="x"), "education"))
    assert isinstance(out, Rejected) and "health.conditions (owner: health)" in out.reason


def test_a_correction_of_an_unknown_field_is_rejected():
    out = apply(None, env(FieldsCorrected(fields={"identity.shoe_size": 30}, reason="x"), "public_security"))
    assert isinstance(out, Rejected) and out.code == "unknown_field"


def test_a_correction_by_the_owner_is_applied():
    out = apply(None, env(FieldsCorrected(fields={"education.grade": 3}, reason="录入错误"), "education"))
    assert isinstance(out, Applied) and out.record.value("education.grade") == 3


def test_fields_from_several_departments_merge_into_one_record():
    record = apply(None, env(identity(), "public_security")).record
    record = apply(record, env(GuardianshipChanged(status="relative"), "civil_affairs")).record
    record = apply(record, env(Enrolled(school_code="S", school_name="小学", stage="primary",
                                        enrolled_on=date(2024, 9, 1)), "education")).record
    assert {record.fields[f].source for f in ("identity.name", "guardianship.status", "education.status")} == {
        "public_security", "civil_affairs", "education"}
    assert record.version == 3


def test_an_older_event_arriving_late_does_not_overwrite_a_newer_value():
    newer = env(identity("新名字"), "public_security", T0 + timedelta(days=1))
    older = env(identity("旧名字"), "public_security", T0)
    record = apply(None, newer).record
    out = apply(record, older)
    assert out.changed == () and out.record.value("identity.name") == "新名字"


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0), (0, 2, 1)])
def test_the_result_never_depends_on_arrival_order(order):
    events = [
        env(Enrolled(school_code="A", school_name="甲", stage="primary", enrolled_on=date(2024, 9, 1)), "education",
            T0, "e-00000001"),
        env(DroppedOut(dropped_on=date(2025, 1, 1)), "education", T0 + timedelta(days=1), "e-00000002"),
        # same instant as the drop-out: the event id breaks the tie deterministically
        env(Enrolled(school_code="B", school_name="乙", stage="primary", enrolled_on=date(2025, 1, 1)), "education",
            T0 + timedelta(days=1), "e-00000003"),
    ]
    record = None
    for i in order:
        out = apply(record, events[i])
        record = out.record
    assert record.value("education.status") == "enrolled" and record.value("education.school_code") == "B"
    assert record.fields["education.status"].event_id == "e-00000003"


def test_an_erased_child_accepts_no_new_data():
    out = apply(ChildRecord(KEY, 3, erased=True), env(identity(), "public_security"))
    assert isinstance(out, Rejected) and out.code == "erased"


def test_moving_out_keeps_the_last_address_and_marks_the_status():
    record = apply(None, env(MovedOut(area_code="130102", to_area="520102"), "public_security")).record
    assert record.value("residence.status") == "moved_out" and record.value("residence.to_area") == "520102"


def test_apply_does_not_mutate_its_input():
    first = apply(None, env(identity(), "public_security")).record
    before = first.to_json()
    apply(first, env(identity("别的"), "public_security", T0 + timedelta(days=1)))
    assert first.to_json() == before


def test_a_record_round_trips_through_json():
    record = apply(None, env(identity(), "public_security")).record
    assert ChildRecord.from_json(record.to_json()) == record


@pytest.mark.parametrize("payload, field", [
    (HousingDifficultyRecognised(recognised_on=date(2025, 5, 1)), "housing.difficulty (owner: housing)"),
    (PublicRentalAllocated(allocated_on=date(2025, 9, 1)), "housing.public_rental_status (owner: housing)"),
    (RentSubsidyGranted(since=date(2025, 6, 1), monthly_amount_cny=600), "housing.rent_subsidy (owner: housing)"),
])
@pytest.mark.parametrize("source", ["civil_affairs", "public_security"])
def test_only_housing_writes_housing_fields(payload, field, source):
    out = apply(None, env(payload, source))
    assert isinstance(out, Rejected) and out.code == "not_owner" and field in out.reason


def test_housing_cannot_write_civil_affairs_assistance():
    out = apply(None, env(FieldsCorrected(fields={"assistance.dibao": True}, reason="x"), "housing"))
    assert isinstance(out, Rejected) and "assistance.dibao (owner: civil_affairs)" in out.reason


def test_a_household_moves_from_difficulty_to_allocation_and_out_of_difficulty():
    steps = [HousingDifficultyRecognised(recognised_on=date(2025, 5, 1), basis="no_own_housing"),
             PublicRentalApplied(applied_on=date(2025, 5, 2)), PublicRentalAllocated(allocated_on=date(2025, 9, 1)),
             RentSubsidyGranted(since=date(2025, 6, 1), monthly_amount_cny=600),
             RentSubsidyEnded(ended_on=date(2025, 9, 1)), HousingDifficultyEnded(ended_on=date(2026, 3, 1))]
    record = None
    for i, payload in enumerate(steps):
        record = apply(record, env(payload, "housing", T0 + timedelta(days=i))).record
    assert {f: record.value(f) for f in ("housing.difficulty", "housing.difficulty_basis",
                                         "housing.public_rental_status", "housing.public_rental_status_since",
                                         "housing.rent_subsidy", "housing.rent_subsidy_monthly_cny",
                                         "housing.difficulty_ended_on")} == {
        "housing.difficulty": False, "housing.difficulty_basis": "no_own_housing",
        "housing.public_rental_status": "allocated", "housing.public_rental_status_since": "2025-09-01",
        "housing.rent_subsidy": False, "housing.rent_subsidy_monthly_cny": 600.0,
        "housing.difficulty_ended_on": "2026-03-01"}
    assert {fv.source for name, fv in record.fields.items()} == {"housing"}


def test_a_refused_application_replaces_the_applied_status():
    record = apply(None, env(PublicRentalApplied(applied_on=date(2025, 5, 2)), "housing")).record
    record = apply(record, env(PublicRentalClosed(closed_on=date(2025, 7, 1), outcome="refused"), "housing",
                               T0 + timedelta(days=60))).record
    assert record.value("housing.public_rental_status") == "refused"
    assert record.value("housing.public_rental_status_since") == "2025-07-01"


@pytest.mark.parametrize("payload, field", [
    (FamilyEducationGuidanceDelivered(delivered_on=date(2025, 5, 1), form="lecture"),
     "family_education.last_guidance_on (owner: womens_federation)"),
    (ChildrenHomeActivityAttended(attended_on=date(2025, 7, 1), activity="reading", home_code="H1"),
     "children_home.home_code (owner: womens_federation)"),
])
@pytest.mark.parametrize("source", ["education", "civil_affairs"])
def test_only_the_womens_federation_writes_its_fields(payload, field, source):
    out = apply(None, env(payload, source))
    assert isinstance(out, Rejected) and out.code == "not_owner" and field in out.reason


def test_the_latest_guidance_and_activity_are_kept_whatever_the_arrival_order():
    early = env(FamilyEducationGuidanceDelivered(delivered_on=date(2025, 3, 1), form="lecture"), "womens_federation")
    late = env(FamilyEducationGuidanceDelivered(delivered_on=date(2025, 9, 1), form="home_visit", recipient="mother"),
               "womens_federation", T0 + timedelta(days=180))
    record = apply(apply(None, late).record, early).record
    assert (record.value("family_education.last_guidance_on"), record.value("family_education.last_guidance_form"),
            record.value("family_education.last_guidance_recipient")) == ("2025-09-01", "home_visit", "mother")
    activity = ChildrenHomeActivityAttended(attended_on=date(2025, 7, 1), activity="sports", home_code="H1")
    record = apply(record, env(activity, "womens_federation", T0 + timedelta(days=200))).record
    assert record.value("children_home.last_activity") == "sports" and record.version == 2


def test_temporary_relief_is_written_by_civil_affairs_only():
    relief = TemporaryReliefGranted(granted_on=date(2025, 5, 1), amount_cny=800, form="cash")
    out = apply(None, env(relief, "housing"))
    assert isinstance(out, Rejected) and "assistance.temporary_relief_on (owner: civil_affairs)" in out.reason
    record = apply(None, env(relief, "civil_affairs")).record
    assert record.value("assistance.temporary_relief_amount_cny") == 800.0


def test_an_assistive_device_is_written_by_the_disabled_persons_federation_only():
    device = AssistiveDeviceProvided(device="wheelchair", provided_on=date(2025, 4, 1))
    out = apply(None, env(device, "health"))
    assert isinstance(out, Rejected) and "disability.assistive_device (owner: disabled_federation)" in out.reason
    record = apply(None, env(device, "disabled_federation")).record
    assert record.value("disability.assistive_device_on") == "2025-04-01"


@pytest.mark.parametrize("payload, source, field", [
    (GuardianshipSupervisionOrderIssued(issued_on=date(2025, 5, 1), concern="neglect"), "court",
     "judicial.supervision_order_on (owner: procuratorate)"),
    (FamilyEducationGuidanceOrdered(ordered_on=date(2025, 5, 1), recipient="father"), "procuratorate",
     "judicial.court_guidance_order_on (owner: court)"),
    (ProcuratorateGuidance(delivered_on=date(2025, 5, 1), recipient="mother"), "womens_federation",
     "judicial.procuratorate_guidance_on (owner: procuratorate)"),
    (CourtLegalEducation(delivered_on=date(2025, 5, 1), form="lecture"), "youth_league",
     "legal_education.court_last_on (owner: court)"),
    (CounsellingProvided(provided_on=date(2025, 5, 1), channel="online"), "health",
     "youth_league.last_counselling_on (owner: youth_league)"),
    (TechnicalSchoolEnrolled(school_code="JG1", enrolled_on=date(2025, 9, 1)), "education",
     "technical_school.enrolled_on (owner: human_resources)"),
])
def test_courts_procuratorates_youth_league_and_human_resources_each_own_their_fields(payload, source, field):
    out = apply(None, env(payload, source))
    assert isinstance(out, Rejected) and out.code == "not_owner" and field in out.reason
    assert isinstance(apply(None, env(payload, payload.DEPARTMENT)), Applied)


def test_each_department_keeps_its_own_legal_education_evidence():
    record = apply(None, env(CourtLegalEducation(delivered_on=date(2025, 4, 1), form="mock_trial"), "court")).record
    later = YouthLeagueLegalEducation(delivered_on=date(2025, 6, 1), form="online")
    record = apply(record, env(later, "youth_league", T0 + timedelta(days=90))).record
    assert (record.value("legal_education.court_last_on"), record.value("legal_education.youth_league_last_on")) == (
        "2025-04-01", "2025-06-01")


def test_a_later_cultural_activity_keeps_the_date_of_city_integration():
    record = apply(None, env(ActivityAttended(attended_on=date(2025, 4, 1), activity="city_integration"),
                             "youth_league")).record
    record = apply(record, env(ActivityAttended(attended_on=date(2025, 6, 1), activity="culture"), "youth_league",
                               T0 + timedelta(days=90))).record
    assert (record.value("youth_league.last_activity"), record.value("youth_league.last_activity_on"),
            record.value("youth_league.last_integration_activity_on")) == ("culture", "2025-06-01", "2025-04-01")


def test_a_correction_is_held_to_the_fields_contract_type():
    """Attack pass: FieldsCorrected{"identity.birth_date": "<an ID number>"} was applied, and statistics then echoed
    the value in an error."""
    from events.contracts.common import FieldsCorrected
    from events.envelope import Envelope
    from projections.apply import Applied, Rejected, apply

    def correct(fields):
        return apply(None, Envelope.new(FieldsCorrected(fields=fields, reason="r"), source="public_security",
                                        child_key="ck_" + "a" * 40, occurred_at=datetime(2025, 1, 1, tzinfo=UTC)))

    refused = correct({"identity.birth_date": "33010620150301123X"})
    assert isinstance(refused, Rejected) and refused.code == "invalid_value"
    assert isinstance(correct({"identity.birth_date": "2015-03-01"}), Applied)
    assert isinstance(correct({"identity.name": "enc:v1:ck_" + "a" * 40 + ".1:AAAA"}), Applied)  # sealed at the edge
