from datetime import UTC, date, datetime

import pytest

from events.contracts.education import FamilyEducationGuidanceDelivered
from events.envelope import Envelope, EventDecodeError, decode, encode, parse

KEY = "ck_" + "1" * 40


def test_a_schools_family_education_guidance_survives_the_wire():
    env = Envelope.new(FamilyEducationGuidanceDelivered(delivered_on=date(2025, 5, 1), recipient="mother"),
                       source="education", child_key=KEY, occurred_at=datetime(2025, 5, 1, tzinfo=UTC))
    assert decode(encode(env)) == env


@pytest.mark.parametrize("payload, message", [
    ({"delivered_on": "2025-05-01"}, "payload.recipient: Field required"),
    ({"delivered_on": "2025-05-01", "recipient": "teacher"}, "payload.recipient"),
])
def test_an_invalid_guidance_event_fails_with_a_field_level_reason(payload, message):
    with pytest.raises(EventDecodeError) as err:
        parse({"event_type": "education.FamilyEducationGuidanceDelivered", "schema_version": 1, "source": "education",
               "child_key": KEY, "occurred_at": "2025-05-01T08:00:00+08:00", "payload": payload})
    assert message in err.value.reason
