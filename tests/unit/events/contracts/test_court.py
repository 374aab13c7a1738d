from datetime import UTC, date, datetime

import pytest

from events.contracts.court import FamilyEducationGuidanceOrdered, LegalEducationDelivered
from events.departments import department_of_topic, topic_for
from events.envelope import Envelope, EventDecodeError, decode, encode, parse

KEY = "ck_" + "e" * 40
SEALED = "enc:v1:ck_eeee.1:QUJDRA=="


def wire(event_type, payload):
    return {"event_id": "evt-0001-test", "event_type": event_type, "schema_version": 1, "source": "court",
            "child_key": KEY, "occurred_at": "2025-06-01T08:00:00+08:00", "payload": payload}


@pytest.mark.parametrize("payload", [
    FamilyEducationGuidanceOrdered(ordered_on=date(2025, 5, 1), recipient="both_parents"),
    LegalEducationDelivered(delivered_on=date(2025, 4, 3), form="mock_trial"),
])
def test_every_court_event_survives_the_wire_on_the_courts_topic(payload):
    env = Envelope.new(payload, source="court", child_key=KEY, occurred_at=datetime(2025, 6, 1, tzinfo=UTC))
    assert decode(encode(env)) == env and env.event_type.startswith("court.")
    assert department_of_topic(topic_for("court")) == "court"


def test_a_guidance_order_travels_sealed():
    env = parse(wire("court.FamilyEducationGuidanceOrdered", {"ordered_on": SEALED, "recipient": SEALED}))
    assert env.payload.recipient == SEALED


@pytest.mark.parametrize("event_type, payload, message", [
    ("court.FamilyEducationGuidanceOrdered", {"ordered_on": "2025-05-01"}, "payload.recipient: Field required"),
    ("court.FamilyEducationGuidanceOrdered", {"ordered_on": "2025-05-01", "recipient": "neighbour"},
     "payload.recipient"),
    ("court.FamilyEducationGuidanceOrdered", {"ordered_on": "2025-05-01", "recipient": "father", "case_no": "X1"},
     "payload.case_no: Extra inputs are not permitted"),
    ("court.LegalEducationDelivered", {"delivered_on": "2025-02-30", "form": "lecture"}, "payload.delivered_on"),
    ("court.LegalEducationDelivered", {"delivered_on": "2025-02-03", "form": "sermon"}, "payload.form"),
])
def test_an_invalid_court_event_fails_with_a_field_level_reason(event_type, payload, message):
    with pytest.raises(EventDecodeError) as err:
        parse(wire(event_type, payload))
    assert message in err.value.reason
