"""Issue 15: whatever arrives on an ingest topic costs at most one dead letter, never the batch or the worker."""

import json
from datetime import UTC, date, datetime

import pytest

from events.contracts.civil_affairs import DirectorVisited
from events.contracts.common import FieldsCorrected
from events.contracts.public_security import IdentityRecorded
from events.envelope import Envelope, encode
from privacy.cipher import FieldCipher
from privacy.keyring import in_memory_keyring
from services.adapters.store import InMemoryProjectionStore
from services.adapters.topics import Topics
from services.processor.handler import MAX_EVENT_BYTES, BatchHandler
from services.processor.messages import RawMessage
from services.usecases.protection import DeadLetterSealer, RecordProtector

KEY = "ck_" + "d" * 40
TOPICS = Topics("t.")
T0 = datetime(2025, 3, 1, tzinfo=UTC)


def valid(n):
    payload = IdentityRecorded(name=f"李{n}", id_number="110101201503011237", sex="M", birth_date=date(2015, 3, 1),
                               hukou_area="110101")
    return Envelope.new(payload, source="public_security", child_key=f"ck_{n:040x}", occurred_at=T0)


def wire(**changes):
    data = json.loads(encode(valid(999)))
    data.update(changes)
    return json.dumps(data).encode()


def visit(note, key=KEY):
    return encode(Envelope.new(DirectorVisited(director_id="d1", kind="contact", visited_on=date(2025, 2, 1),
                                               note="x"), source="civil_affairs", child_key=key,
                               occurred_at=T0)).replace(b'"note":"x"', b'"note":' + json.dumps(note).encode())


POISON = {
    "invalid json": b"{not json",
    "binary garbage": bytes(range(256)),
    "json null": b"null",
    "json list": b"[1,2,3]",
    "schema_version list": wire(schema_version=[1]),
    "schema_version object": wire(schema_version={"a": 1}),
    "schema_version bool": wire(schema_version=True),
    "occurred_at year 1": wire(occurred_at="0001-01-01T00:00:00+08:00"),
    "occurred_at year 9999": wire(occurred_at="9999-12-31T23:59:59-08:00"),
    "no event_id": json.dumps({k: v for k, v in json.loads(wire()).items() if k != "event_id"}).encode(),
    "unknown type": wire(event_type="health.Nope"),
    "payload a string": wire(payload="x"),
    "deep nesting": b'{"a":' * 5000 + b"1" + b"}" * 5000,
    "huge": b'{"x":"' + b"a" * (MAX_EVENT_BYTES + 10) + b'"}',
    "forged token in a note": visit("enc:v1:" + KEY + ".1:" + "A" * 40),
    "note that looks sealed for another child": visit("enc:v1:ck_" + "e" * 40 + ".1:" + "A" * 40),
    "correction over the free-text limit": encode(Envelope.new(
        FieldsCorrected(fields={"ledger.last_visit_note": "长" * 5000}, reason="r"), source="civil_affairs",
        child_key=KEY, occurred_at=T0)),
}


@pytest.fixture
def world():
    keyring = in_memory_keyring()
    store = InMemoryProjectionStore()
    cipher = FieldCipher(keyring)
    handler = BatchHandler(store, TOPICS, "g", protect=RecordProtector(cipher, lambda t: t),
                           seal_dead_letter=DeadLetterSealer(keyring).seal)
    return store, handler


@pytest.mark.parametrize("name", sorted(POISON))
def test_a_poison_message_costs_one_dead_letter_and_the_events_around_it_apply(world, name):
    store, handler = world
    topic = TOPICS.department("civil_affairs" if b"civil_affairs" in POISON[name][:4000] else "public_security")
    msgs = [RawMessage(TOPICS.department("public_security"), 0, 0, None, encode(valid(1))),
            RawMessage(topic, 1, 0, KEY.encode(), POISON[name]),
            RawMessage(TOPICS.department("public_security"), 0, 1, None, encode(valid(2)))]
    result = handler.handle(msgs)
    assert result.applied == 2 and result.rejected == 1
    letters = [m for m in store.pending_outbox() if m.topic == TOPICS.dead_letter]
    assert len(letters) == 1 and len(letters[0].value) < 200 * 1024


def test_a_huge_message_keeps_its_size_and_digest_not_its_bytes(world):
    store, handler = world
    handler.handle([RawMessage(TOPICS.department("health"), 0, 0, KEY.encode(), POISON["huge"])])
    (letter,) = [m for m in store.pending_outbox() if m.topic == TOPICS.dead_letter]
    headers = dict(letter.headers)
    assert letter.value == b"" and int(headers["dlq.size"]) == len(POISON["huge"]) and len(headers["dlq.sha256"]) == 64


def test_an_event_without_an_id_is_not_applied_under_a_made_up_one(world):
    store, handler = world
    handler.handle([RawMessage(TOPICS.department("public_security"), 0, 0, None, POISON["no event_id"])])
    assert store.get("ck_" + f"{999:040x}") is None
    (letter,) = [m for m in store.pending_outbox() if m.topic == TOPICS.dead_letter]
    assert b"event_id" in dict(letter.headers)["dlq.reason"]
    assert dict(letter.headers)["dlq.code"] == b"missing_event_id"


EXPECTED_CODE = {
    "invalid json": "not_json", "binary garbage": "not_json", "json null": "not_an_object",
    "json list": "not_an_object", "schema_version list": "invalid_envelope", "schema_version bool": "invalid_envelope",
    "occurred_at year 1": "invalid_envelope", "no event_id": "missing_event_id", "unknown type": "unknown_type",
    "payload a string": "invalid_payload", "deep nesting": "not_json", "huge": "too_large",
}


def test_each_dead_letter_is_counted_by_its_reason_code_without_its_content(world):
    """The health reading and the operator count dead letters per reason; the count holds no content."""
    store, handler = world
    for offset, name in enumerate(EXPECTED_CODE):
        handler.handle([RawMessage(TOPICS.department("public_security"), 0, offset, None, POISON[name])])
    codes = [dict(m.headers)["dlq.code"].decode() for m in store.pending_outbox() if m.topic == TOPICS.dead_letter]
    assert codes == list(EXPECTED_CODE.values())
    counts = store.dead_letter_counts(datetime(2000, 1, 1, tzinfo=UTC))
    assert counts == dict(__import__("collections").Counter(EXPECTED_CODE.values()))


def test_the_same_event_id_with_other_content_is_a_conflict_not_a_duplicate(world):
    """Issue 15: "the same event_id with different content is a conflict, dead-lettered"."""
    store, handler = world
    first = valid(1)
    other = first.model_copy(update={"payload": first.payload.model_copy(update={"name": "王五"})})
    topic = TOPICS.department("public_security")
    handler.handle([RawMessage(topic, 0, 0, None, encode(first))])
    again = handler.handle([RawMessage(topic, 0, 1, None, encode(first))])  # a plain re-send
    assert again.duplicates == 1 and again.rejected == 0
    conflict = handler.handle([RawMessage(topic, 0, 2, None, encode(other))])
    assert conflict.rejected == 1 and conflict.applied == 0
    (letter,) = [m for m in store.pending_outbox() if m.topic == TOPICS.dead_letter]
    assert dict(letter.headers)["dlq.code"] == b"event_id_conflict"
    assert store.get(first.child_key).value("identity.sex") == "M"  # the first stays applied


def test_a_resend_stamped_with_a_new_recorded_at_is_still_a_duplicate(world):
    store, handler = world
    first = valid(1)
    resent = first.model_copy(update={"recorded_at": T0.replace(year=2026)})
    topic = TOPICS.department("public_security")
    handler.handle([RawMessage(topic, 0, 0, None, encode(first))])
    assert handler.handle([RawMessage(topic, 0, 1, None, encode(resent))]).duplicates == 1
    assert store.dead_letter_counts(datetime(2000, 1, 1, tzinfo=UTC)) == {}


def test_conflicting_copies_in_one_batch_apply_the_first(world):
    store, handler = world
    first = valid(1)
    other = first.model_copy(update={"payload": first.payload.model_copy(update={"sex": "F"})})
    topic = TOPICS.department("public_security")
    result = handler.handle([RawMessage(topic, 0, 0, None, encode(first)),
                             RawMessage(topic, 0, 1, None, encode(other))])
    assert result.applied == 1 and result.rejected == 1
    assert store.get(first.child_key).value("identity.sex") == "M"
