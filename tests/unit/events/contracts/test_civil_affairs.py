from datetime import UTC, date, datetime

import pytest

from events.contracts.civil_affairs import TemporaryReliefGranted
from events.envelope import Envelope, EventDecodeError, decode, encode, parse

KEY = "ck_" + "e" * 40


def wire(payload):
    return {"event_id": "evt-0001-test", "event_type": "civil_affairs.TemporaryReliefGranted", "schema_version": 1,
            "source": "civil_affairs", "child_key": KEY, "occurred_at": "2025-06-01T08:00:00+08:00", "payload": payload}


@pytest.mark.parametrize("payload", [TemporaryReliefGranted(granted_on=date(2025, 5, 1), amount_cny=1500, form="cash"),
                                     TemporaryReliefGranted(granted_on=date(2025, 5, 1), amount_cny=0, form="in_kind")])
def test_temporary_relief_survives_the_wire(payload):
    env = Envelope.new(payload, source="civil_affairs", child_key=KEY, occurred_at=datetime(2025, 6, 1, tzinfo=UTC))
    assert decode(encode(env)) == env


@pytest.mark.parametrize("payload, message", [
    ({"amount_cny": 100}, "payload.granted_on: Field required"),
    ({"granted_on": "2025-05-01"}, "payload.amount_cny: Field required"),
    ({"granted_on": "2025-05-01", "amount_cny": -5}, "payload.amount_cny.constrained-float: Input should be greater"),
    ({"granted_on": "2025-05-01", "amount_cny": 5, "form": "voucher"}, "payload.form"),
    ({"granted_on": "2025-05-01", "amount_cny": 5, "reason": "火灾"}, "payload.reason: Extra inputs are not permitted"),
])
def test_invalid_temporary_relief_fails_with_a_field_level_reason(payload, message):
    with pytest.raises(EventDecodeError) as err:
        parse(wire(payload))
    assert message in err.value.reason
