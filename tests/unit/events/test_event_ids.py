import uuid

from events.envelope import Envelope
from events.event_ids import new_event_id


def test_new_ids_are_uuid_version_7_with_the_rfc_variant():
    parsed = uuid.UUID(new_event_id())
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122


def test_ids_minted_later_sort_later(monkeypatch):
    import events.event_ids as ids

    monkeypatch.setattr(ids.time, "time_ns", lambda: 1_700_000_000_000 * 1_000_000)
    earlier = new_event_id()
    monkeypatch.setattr(ids.time, "time_ns", lambda: 1_700_000_000_001 * 1_000_000)
    assert new_event_id() > earlier


def test_ids_are_unique_within_one_millisecond(monkeypatch):
    import events.event_ids as ids

    monkeypatch.setattr(ids.time, "time_ns", lambda: 1_700_000_000_000 * 1_000_000)
    assert len({new_event_id() for _ in range(10_000)}) == 10_000


def test_an_envelope_without_an_id_gets_a_time_ordered_one():
    field = Envelope.model_fields["event_id"]
    assert uuid.UUID(field.default_factory()).version == 7
