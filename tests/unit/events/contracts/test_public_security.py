from datetime import UTC, date, datetime

import pytest

from events.contracts.public_security import LegalEducationDelivered
from events.envelope import Envelope, EventDecodeError, decode, encode, parse

KEY = "ck_" + "2" * 40


def test_police_legal_education_survives_the_wire():
    env = Envelope.new(LegalEducationDelivered(delivered_on=date(2025, 4, 1), form="lecture"),
                       source="public_security", child_key=KEY, occurred_at=datetime(2025, 4, 1, tzinfo=UTC))
    assert decode(encode(env)) == env


def test_an_invalid_legal_education_event_fails_with_a_field_level_reason():
    with pytest.raises(EventDecodeError) as err:
        parse({"event_type": "public_security.LegalEducationDelivered", "schema_version": 1,
               "source": "public_security", "child_key": KEY, "occurred_at": "2025-04-01T08:00:00+08:00",
               "payload": {"delivered_on": "2025-04-01", "form": "poster"}})
    assert "payload.form" in err.value.reason
