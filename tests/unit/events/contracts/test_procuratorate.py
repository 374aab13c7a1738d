from datetime import UTC, date, datetime

import pytest

from events.contracts.procuratorate import (
    FamilyEducationGuidanceDelivered,
    GuardianshipSupervisionOrderIssued,
    LegalEducationDelivered,
)
from events.departments import department_of_topic, topic_for
from events.envelope import Envelope, EventDecodeError, decode, encode, parse

KEY = "ck_" + "f" * 40
SEALED = "enc:v1:ck_ffff.1:QUJDRA=="


def wire(event_type, payload):
    return {"event_id": "evt-0001-test", "event_type": event_type, "schema_version": 1, "source": "procuratorate",
            "child_key": KEY, "occurred_at": "2025-06-01T08:00:00+08:00", "payload": payload}


@pytest.mark.parametrize("payload", [
    GuardianshipSupervisionOrderIssued(issued_on=date(2025, 5, 1), concern="truancy"),
    FamilyEducationGuidanceDelivered(delivered_on=date(2025, 5, 20), recipient="grandparent"),
    LegalEducationDelivered(delivered_on=date(2025, 4, 3), form="lecture"),
])
def test_every_procuratorate_event_survives_the_wire_on_its_topic(payload):
    env = Envelope.new(payload, source="procuratorate", child_key=KEY, occurred_at=datetime(2025, 6, 1, tzinfo=UTC))
    assert decode(encode(env)) == env and env.event_type.startswith("procuratorate.")
    assert department_of_topic(topic_for("procuratorate")) == "procuratorate"


def test_a_supervision_order_travels_sealed():
    env = parse(wire("procuratorate.GuardianshipSupervisionOrderIssued", {"issued_on": SEALED, "concern": SEALED}))
    assert env.payload.concern == SEALED


@pytest.mark.parametrize("event_type, payload, message", [
    ("procuratorate.GuardianshipSupervisionOrderIssued", {"issued_on": "2025-05-01"},
     "payload.concern: Field required"),
    ("procuratorate.GuardianshipSupervisionOrderIssued", {"issued_on": "2025-05-01", "concern": "bad_grades"},
     "payload.concern"),
    ("procuratorate.FamilyEducationGuidanceDelivered", {"recipient": "mother"}, "payload.delivered_on: Field required"),
    ("procuratorate.LegalEducationDelivered", {"delivered_on": "2025-04-03", "form": "lecture", "note": "张三"},
     "payload.note: Extra inputs are not permitted"),
])
def test_an_invalid_procuratorate_event_fails_with_a_field_level_reason(event_type, payload, message):
    with pytest.raises(EventDecodeError) as err:
        parse(wire(event_type, payload))
    assert message in err.value.reason
