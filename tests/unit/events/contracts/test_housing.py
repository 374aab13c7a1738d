from datetime import UTC, date, datetime

import pytest

from events.contracts.housing import (
    HousingDifficultyEnded,
    HousingDifficultyRecognised,
    PublicRentalAllocated,
    PublicRentalApplied,
    PublicRentalClosed,
    RentSubsidyEnded,
    RentSubsidyGranted,
)
from events.envelope import Envelope, EventDecodeError, decode, encode, parse

KEY = "ck_" + "c" * 40
SEALED = "enc:v1:ck_cccc.1:QUJDRA=="


def wire(event_type, payload, source="housing"):
    return {"event_id": "evt-0001-test", "event_type": event_type, "schema_version": 1, "source": source,
            "child_key": KEY, "occurred_at": "2025-06-01T08:00:00+08:00", "payload": payload}


@pytest.mark.parametrize("payload", [
    HousingDifficultyRecognised(recognised_on=date(2025, 5, 1), basis="below_area_standard"),
    HousingDifficultyRecognised(recognised_on=date(2025, 5, 1)),
    HousingDifficultyEnded(ended_on=date(2026, 1, 1), reason="housing_acquired"),
    PublicRentalApplied(applied_on=date(2025, 5, 2)),
    PublicRentalAllocated(allocated_on=date(2025, 9, 1)),
    PublicRentalClosed(closed_on=date(2025, 7, 1), outcome="refused"),
    RentSubsidyGranted(since=date(2025, 6, 1), monthly_amount_cny=600),
    RentSubsidyEnded(ended_on=date(2026, 6, 1)),
])
def test_every_housing_event_survives_the_wire(payload):
    env = Envelope.new(payload, source="housing", child_key=KEY, occurred_at=datetime(2025, 6, 1, tzinfo=UTC))
    assert decode(encode(env)) == env and env.event_type.startswith("housing.")


def test_every_personal_attribute_accepts_a_sealed_token():
    env = parse(wire("housing.RentSubsidyGranted", {"since": SEALED, "monthly_amount_cny": SEALED}))
    assert env.payload.since == SEALED


@pytest.mark.parametrize("event_type, payload, message", [
    ("housing.HousingDifficultyRecognised", {}, "payload.recognised_on: Field required"),
    ("housing.HousingDifficultyRecognised", {"recognised_on": "2025-05-01", "basis": "too_noisy"},
     "payload.basis.literal['no_own_housing','below_area_standard','unsafe_dwelling']: Input should be"),
    ("housing.HousingDifficultyRecognised", {"recognised_on": "yesterday"}, "payload.recognised_on.date: Input should"),
    ("housing.HousingDifficultyEnded", {"ended_on": "2026-01-01", "reason": "lottery"}, "payload.reason"),
    ("housing.PublicRentalApplied", {"applied_on": "2025-05-02", "address": "某路1号"},
     "payload.address: Extra inputs are not permitted"),
    ("housing.PublicRentalClosed", {"closed_on": "2025-07-01"}, "payload.outcome: Field required"),
    ("housing.PublicRentalClosed", {"closed_on": "2025-07-01", "outcome": "allocated"}, "payload.outcome"),
    ("housing.RentSubsidyGranted", {"since": "2025-06-01", "monthly_amount_cny": 0},
     "payload.monthly_amount_cny.constrained-float: Input should be greater than 0"),
    ("housing.RentSubsidyGranted", {"since": "2025-06-01"}, "payload.monthly_amount_cny: Field required"),
    ("housing.RentSubsidyAbolished", {}, "unknown event type 'housing.RentSubsidyAbolished'"),
])
def test_an_invalid_housing_event_fails_with_a_field_level_reason(event_type, payload, message):
    with pytest.raises(EventDecodeError) as err:
        parse(wire(event_type, payload))
    assert message in err.value.reason


def test_housing_is_a_department_with_its_own_topic():
    from events.departments import department_of_topic, topic_for

    assert topic_for("housing") == "dept.housing" and department_of_topic("dept.housing") == "housing"
