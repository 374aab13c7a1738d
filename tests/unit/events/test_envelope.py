import json
from datetime import UTC, date, datetime

import pytest

from events.contracts.education import Enrolled
from events.envelope import Envelope, EventDecodeError, decode, encode

KEY = "ck_" + "a" * 40


def enrolled(**kw):
    payload = Enrolled(school_code="S1", school_name="阳光小学", stage="primary", enrolled_on=date(2025, 9, 1))
    return Envelope.new(payload, source="education", child_key=KEY, occurred_at=datetime(2025, 9, 1, tzinfo=UTC), **kw)


def test_an_envelope_survives_the_wire_unchanged():
    env = enrolled()
    assert decode(encode(env)) == env


def test_the_wire_form_is_json_with_every_envelope_field():
    data = json.loads(encode(enrolled()))
    assert set(data) == {"event_id", "event_type", "schema_version", "source", "occurred_at", "recorded_at",
                         "child_key", "payload"}
    assert data["event_type"] == "education.Enrolled" and data["schema_version"] == 1


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.update(event_type="education.Nope"), "unknown event type 'education.Nope'"),
    (lambda d: d.update(schema_version=9), "has no version 9"),
    (lambda d: d["payload"].pop("school_code"), "payload.school_code: Field required"),
    (lambda d: d["payload"].update(stage="university"), "payload.stage"),
    (lambda d: d["payload"].update(colour="red"), "payload.colour: Extra inputs are not permitted"),
    (lambda d: d.update(source="tax_bureau"), "source"),
    (lambda d: d.update(child_key="110101201503011237"), "child_key"),
    (lambda d: d.update(occurred_at="2025-09-01T08:00:00"), "occurred_at: Value error, must carry a UTC offset"),
    (lambda d: d.pop("payload"), "payload: missing"),
])
def test_invalid_events_fail_with_a_field_level_reason(mutate, message):
    data = json.loads(encode(enrolled()))
    mutate(data)
    with pytest.raises(EventDecodeError) as err:
        decode(json.dumps(data).encode())
    assert message in err.value.reason


@pytest.mark.parametrize("raw", [b"", b"not json", b"\xff\xfe", b"[]", b"42"])
def test_bytes_that_are_not_an_event_object_fail_clearly(raw):
    with pytest.raises(EventDecodeError):
        decode(raw)


def test_occurred_at_is_normalised_to_utc():
    data = json.loads(encode(enrolled()))
    data["occurred_at"] = "2025-09-01T08:00:00+08:00"
    assert decode(json.dumps(data).encode()).occurred_at == datetime(2025, 9, 1, 0, 0, tzinfo=UTC)
