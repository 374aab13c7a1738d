from datetime import UTC, date, datetime

import pytest

from events.contracts.youth_league import ActivityAttended, CounsellingProvided, LegalEducationDelivered
from events.departments import department_of_topic, topic_for
from events.envelope import Envelope, EventDecodeError, decode, encode, parse

KEY = "ck_" + "a" * 40
SEALED = "enc:v1:ck_aaaa.1:QUJDRA=="


def wire(event_type, payload):
    return {"event_id": "evt-0001-test", "event_type": event_type, "schema_version": 1, "source": "youth_league",
            "child_key": KEY, "occurred_at": "2025-06-01T08:00:00+08:00", "payload": payload}


@pytest.mark.parametrize("payload", [
    ActivityAttended(attended_on=date(2025, 7, 1), activity="city_integration"),
    CounsellingProvided(provided_on=date(2025, 5, 2), channel="hotline_12355"),
    LegalEducationDelivered(delivered_on=date(2025, 4, 3), form="online"),
])
def test_every_youth_league_event_survives_the_wire_on_its_topic(payload):
    env = Envelope.new(payload, source="youth_league", child_key=KEY, occurred_at=datetime(2025, 6, 1, tzinfo=UTC))
    assert decode(encode(env)) == env and env.event_type.startswith("youth_league.")
    assert department_of_topic(topic_for("youth_league")) == "youth_league"


def test_counselling_travels_sealed():
    env = parse(wire("youth_league.CounsellingProvided", {"provided_on": SEALED, "channel": SEALED}))
    assert env.payload.channel == SEALED


@pytest.mark.parametrize("event_type, payload, message", [
    # the processor reads an activity's kind and date to date city integration: they travel in the clear
    ("youth_league.ActivityAttended", {"attended_on": SEALED, "activity": "culture"}, "payload.attended_on"),
    ("youth_league.ActivityAttended", {"attended_on": "2025-07-01", "activity": "karaoke"}, "payload.activity"),
    ("youth_league.CounsellingProvided", {"provided_on": "2025-05-02", "channel": "letter"}, "payload.channel"),
    ("youth_league.CounsellingProvided", {"provided_on": "2025-05-02", "channel": "online", "topic": "家庭矛盾"},
     "payload.topic: Extra inputs are not permitted"),
])
def test_an_invalid_youth_league_event_fails_with_a_field_level_reason(event_type, payload, message):
    with pytest.raises(EventDecodeError) as err:
        parse(wire(event_type, payload))
    assert message in err.value.reason
