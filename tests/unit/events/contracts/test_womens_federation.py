from datetime import UTC, date, datetime

import pytest

from events.contracts.womens_federation import ChildrenHomeActivityAttended, FamilyEducationGuidanceDelivered
from events.envelope import Envelope, EventDecodeError, decode, encode, parse

KEY = "ck_" + "d" * 40
SEALED = "enc:v1:ck_dddd.1:QUJDRA=="


def wire(event_type, payload, source="womens_federation"):
    return {"event_id": "evt-0001-test", "event_type": event_type, "schema_version": 1, "source": source,
            "child_key": KEY, "occurred_at": "2025-06-01T08:00:00+08:00", "payload": payload}


@pytest.mark.parametrize("payload", [
    FamilyEducationGuidanceDelivered(delivered_on=date(2025, 5, 1), form="parent_school", recipient="grandparent"),
    FamilyEducationGuidanceDelivered(delivered_on=date(2025, 5, 1), form="home_visit"),
    ChildrenHomeActivityAttended(attended_on=date(2025, 7, 10), activity="reading", home_code="ETZJ-330106-001"),
])
def test_every_womens_federation_event_survives_the_wire(payload):
    env = Envelope.new(payload, source="womens_federation", child_key=KEY,
                       occurred_at=datetime(2025, 6, 1, tzinfo=UTC))
    assert decode(encode(env)) == env and env.event_type.startswith("womens_federation.")


def test_personal_attributes_accept_sealed_tokens():
    env = parse(wire("womens_federation.ChildrenHomeActivityAttended",
                     {"attended_on": SEALED, "activity": SEALED, "home_code": SEALED}))
    assert env.payload.home_code == SEALED


@pytest.mark.parametrize("event_type, payload, message", [
    ("womens_federation.FamilyEducationGuidanceDelivered", {"form": "lecture"}, "payload.delivered_on: Field required"),
    ("womens_federation.FamilyEducationGuidanceDelivered", {"delivered_on": "2025-05-01"},
     "payload.form: Field required"),
    ("womens_federation.FamilyEducationGuidanceDelivered", {"delivered_on": "2025-05-01", "form": "sermon"},
     "payload.form.literal['home_visit','parent_school','lecture','group_session','individual_consultation','online']"),
    ("womens_federation.FamilyEducationGuidanceDelivered",
     {"delivered_on": "2025-05-01", "form": "lecture", "recipient": "neighbour"}, "payload.recipient"),
    ("womens_federation.FamilyEducationGuidanceDelivered",
     {"delivered_on": "2025-05-01", "form": "lecture", "note": "王老师讲课"},
     "payload.note: Extra inputs are not permitted"),
    ("womens_federation.ChildrenHomeActivityAttended", {"attended_on": "2025-07-10", "activity": "reading"},
     "payload.home_code: Field required"),
    ("womens_federation.ChildrenHomeActivityAttended",
     {"attended_on": "2025-07-10", "activity": "reading", "home_code": "西湖区儿童之家"}, "payload.home_code"),
    ("womens_federation.ChildrenHomeActivityAttended",
     {"attended_on": "2025-13-10", "activity": "reading", "home_code": "H1"}, "payload.attended_on.date"),
])
def test_an_invalid_womens_federation_event_fails_with_a_field_level_reason(event_type, payload, message):
    with pytest.raises(EventDecodeError) as err:
        parse(wire(event_type, payload))
    assert message in err.value.reason


def test_the_womens_federation_publishes_on_its_own_topic():
    from events.departments import department_of_topic, topic_for

    assert department_of_topic(topic_for("womens_federation")) == "womens_federation"
