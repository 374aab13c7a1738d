from datetime import UTC, date, datetime

import pytest

from events.contracts.disabled_federation import AssistiveDeviceProvided
from events.envelope import Envelope, EventDecodeError, decode, encode, parse

KEY = "ck_" + "f" * 40


def test_an_assistive_device_survives_the_wire():
    env = Envelope.new(AssistiveDeviceProvided(device="hearing_aid", provided_on=date(2025, 4, 1)),
                       source="disabled_federation", child_key=KEY, occurred_at=datetime(2025, 4, 1, tzinfo=UTC))
    assert decode(encode(env)) == env


@pytest.mark.parametrize("payload, message", [
    ({"provided_on": "2025-04-01"}, "payload.device: Field required"),
    ({"device": "jetpack", "provided_on": "2025-04-01"}, "payload.device.literal['wheelchair'"),
    ({"device": "wheelchair"}, "payload.provided_on: Field required"),
])
def test_an_invalid_device_event_fails_with_a_field_level_reason(payload, message):
    with pytest.raises(EventDecodeError) as err:
        parse({"event_type": "disabled_federation.AssistiveDeviceProvided", "source": "disabled_federation",
               "child_key": KEY, "occurred_at": "2025-04-01T08:00:00+08:00", "payload": payload})
    assert message in err.value.reason
