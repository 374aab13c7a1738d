"""The flood drill's malformed messages each get exactly one dead letter with the code they declare, and none stops
the valid events around them (the same corpus runs on the real broker in tests/integration/test_flood.py)."""

from collections import Counter
from datetime import UTC, datetime

from devtools.synthetic import events_for, generate_children
from devtools.synthetic.poison import MAKERS, poison_messages
from events.envelope import encode
from privacy.cipher import FieldCipher
from privacy.keyring import in_memory_keyring
from services.adapters.store import InMemoryProjectionStore
from services.adapters.topics import Topics
from services.processor.handler import BatchHandler
from services.processor.messages import RawMessage
from services.usecases.protection import DeadLetterSealer, RecordProtector

TOPICS = Topics("t.")


def test_every_kind_gets_its_code_and_the_valid_events_all_apply():
    keyring = in_memory_keyring()
    store = InMemoryProjectionStore()
    handler = BatchHandler(store, TOPICS, "g", protect=RecordProtector(FieldCipher(keyring), lambda t: t),
                           seal_dead_letter=DeadLetterSealer(keyring).seal)
    valid = [e for c in generate_children(20, b"s" * 32, seed=3) for e in events_for(c, 3)]
    bad = poison_messages(valid, 4 * len(MAKERS) + 2, seed=5, huge=2)
    assert {p.kind for p in bad} >= set(MAKERS)
    messages, offsets = [], Counter()
    for item in [(e.source, e.child_key.encode(), encode(e), None) for e in valid] + [
            (p.department, p.key, p.value, p) for p in bad]:
        topic = TOPICS.department(item[0])
        messages.append((RawMessage(topic, 0, offsets[topic], item[1], item[2]), item[3]))
        offsets[topic] += 1
    for i in range(0, len(messages), 50):
        handler.handle([m for m, _ in messages[i:i + 50]])
    letters = [m for m in store.pending_outbox() if m.topic == TOPICS.dead_letter]
    got = {(dict(m.headers)["dlq.topic"].decode(), int(dict(m.headers)["dlq.offset"])):
           dict(m.headers)["dlq.code"].decode() for m in letters}
    expected = {(m.topic, m.offset): p.code for m, p in messages if p is not None}
    wrong = {(p.kind, expected[(m.topic, m.offset)], got.get((m.topic, m.offset)))
             for m, p in messages if p is not None and got.get((m.topic, m.offset)) != p.code}
    assert not wrong
    assert len(letters) == len(bad)
    assert store.tracking_count("applied") + store.tracking_count("stale") == len(valid)
    assert store.dead_letter_counts(datetime(2000, 1, 1, tzinfo=UTC)) == Counter(p.code for p in bad)
