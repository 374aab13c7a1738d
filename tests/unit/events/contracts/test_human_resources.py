from datetime import UTC, date, datetime

import pytest

from events.contracts.human_resources import ParentEmploymentServiceProvided, TechnicalSchoolEnrolled
from events.departments import department_of_topic, topic_for
from events.envelope import Envelope, EventDecodeError, decode, encode, parse

KEY = "ck_" + "c" * 40
SEALED = "enc:v1:ck_cccc.1:QUJDRA=="


def wire(event_type, payload):
    return {"event_id": "evt-0001-test", "event_type": event_type, "schema_version": 1, "source": "human_resources",
            "child_key": KEY, "occurred_at": "2025-06-01T08:00:00+08:00", "payload": payload}


@pytest.mark.parametrize("payload", [
    TechnicalSchoolEnrolled(school_code="JG-330106-01", enrolled_on=date(2025, 9, 1), tuition_waived=True),
    ParentEmploymentServiceProvided(provided_on=date(2025, 3, 15), service="vocational_training"),
])
def test_every_human_resources_event_survives_the_wire_on_its_topic(payload):
    env = Envelope.new(payload, source="human_resources", child_key=KEY, occurred_at=datetime(2025, 6, 1, tzinfo=UTC))
    assert decode(encode(env)) == env and env.event_type.startswith("human_resources.")
    assert department_of_topic(topic_for("human_resources")) == "human_resources"


def test_aid_flags_travel_sealed_and_default_to_none_given():
    env = parse(wire("human_resources.TechnicalSchoolEnrolled",
                     {"school_code": "JG1", "enrolled_on": SEALED, "grant_awarded": SEALED}))
    assert env.payload.grant_awarded == SEALED and env.payload.tuition_waived is False


@pytest.mark.parametrize("event_type, payload, message", [
    ("human_resources.TechnicalSchoolEnrolled", {"enrolled_on": "2025-09-01"}, "payload.school_code: Field required"),
    ("human_resources.TechnicalSchoolEnrolled", {"school_code": "杭州技师学院", "enrolled_on": "2025-09-01"},
     "payload.school_code"),
    ("human_resources.ParentEmploymentServiceProvided", {"provided_on": "2025-03-15", "service": "loan"},
     "payload.service"),
])
def test_an_invalid_human_resources_event_fails_with_a_field_level_reason(event_type, payload, message):
    with pytest.raises(EventDecodeError) as err:
        parse(wire(event_type, payload))
    assert message in err.value.reason
