"""What the events that establish or change a residence write: the 6-month clock (residence.since) and the area."""

from datetime import UTC, date, datetime, timedelta

from events.contracts.health import HivInfectionRecorded
from events.contracts.public_security import MovedIn, MovedOut, ResidenceRegistered
from events.envelope import Envelope
from projections.apply import apply
from projections.record import ChildRecord

KEY = "ck_" + "c" * 40
T0 = datetime(2025, 3, 1, 8, tzinfo=UTC)


def run(*payloads, source="public_security"):
    record = ChildRecord(KEY)
    for n, p in enumerate(payloads):
        out = apply(record, Envelope.new(p, source=source, child_key=KEY, occurred_at=T0 + timedelta(days=n)))
        record = out.record
    return {k: fv.value for k, fv in record.fields.items()}


def test_a_registration_starts_the_clock_from_its_residence_date():
    f = run(ResidenceRegistered(area_code="330106", address="西湖区文三路1号", since=date(2024, 5, 1)))
    assert f["residence.since"] == "2024-05-01" and f["residence.area_code"] == "330106"


def test_a_registration_without_a_date_makes_the_clock_unknown_not_older():
    f = run(ResidenceRegistered(area_code="330106", address="a", since=date(2020, 1, 1)),
            ResidenceRegistered(area_code="520102", address="b"))
    assert f["residence.since"] is None


def test_a_move_out_changes_the_current_area_to_the_destination():
    f = run(ResidenceRegistered(area_code="330106", address="a", since=date(2024, 5, 1)),
            MovedOut(area_code="330106", to_area="520102", moved_on=date(2025, 3, 2)))
    assert f["residence.area_code"] == "520102" and f["residence.from_area"] == "330106"
    assert f["residence.status"] == "moved_out" and f["residence.since"] is None


def test_a_move_out_to_an_unknown_place_leaves_no_area():
    f = run(ResidenceRegistered(area_code="330106", address="a"), MovedOut(area_code="330106"))
    assert f["residence.area_code"] is None and f["residence.to_area"] is None


def test_a_move_in_restarts_the_clock_across_counties_and_keeps_it_within_one():
    across = run(ResidenceRegistered(area_code="330106", address="a", since=date(2024, 5, 1)),
                 MovedIn(area_code="520102", address="b", from_area="330106", moved_on=date(2025, 3, 2)))
    within = run(ResidenceRegistered(area_code="330106", address="a", since=date(2024, 5, 1)),
                 MovedIn(area_code="330106002", address="b", from_area="330106001", moved_on=date(2025, 3, 2)))
    assert across["residence.since"] == "2025-03-02" and within["residence.since"] == "2024-05-01"


def test_hiv_status_is_its_own_field_outside_health():
    f = run(HivInfectionRecorded(recorded_on=date(2024, 1, 1)), source="health")
    assert f["hiv.status"] is True and not any(k.startswith("health.") for k in f)
