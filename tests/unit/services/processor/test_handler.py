from datetime import UTC, date, datetime

from events.contracts.education import Enrolled
from events.contracts.public_security import IdentityRecorded
from events.envelope import Envelope, encode
from services.adapters.store import InMemoryProjectionStore
from services.adapters.topics import Topics
from services.processor.handler import BatchHandler
from services.processor.messages import RawMessage
from services.processor.record_cache import RecordCache

KEY = "ck_" + "c" * 40
TOPICS = Topics("t.")
T0 = datetime(2025, 3, 1, tzinfo=UTC)


def identity_event(source="public_security"):
    payload = IdentityRecorded(name="李四", id_number="110101201503011237", sex="M", birth_date=date(2015, 3, 1),
                               hukou_area="110101")
    return Envelope.new(payload, source=source, child_key=KEY, occurred_at=T0)


def raw(env, offset, topic=None, value=None):
    topic = topic or TOPICS.department(env.source)
    return RawMessage(topic, 0, offset, env.child_key.encode(), value if value is not None else encode(env))


def handler():
    store = InMemoryProjectionStore()
    return store, BatchHandler(store, TOPICS, "g")


def headers(msg):
    return dict(msg.headers)


def test_a_valid_event_is_applied_and_announced():
    store, h = handler()
    result = h.handle([raw(identity_event(), 0)])
    assert result.applied == 1
    assert store.get(KEY).value("identity.name") == "李四"
    (changed,) = store.pending_outbox()
    assert (changed.topic == TOPICS.changes and b"identity.name" in changed.value
            and "李四".encode() not in changed.value)


def test_the_same_event_delivered_twice_is_applied_once():
    store, h = handler()
    env = identity_event()
    h.handle([raw(env, 0)])
    result = h.handle([raw(env, 1)])  # the department re-sent it
    assert result.duplicates == 1 and store.get(KEY).version == 1 and store.tracking_count() == 1


def test_a_redelivered_offset_is_skipped_even_when_the_bytes_are_invalid():
    store, h = handler()
    bad = RawMessage(TOPICS.department("education"), 0, 0, None, b"garbage")
    h.handle([bad])
    h.handle([bad])
    assert len([m for m in store.pending_outbox() if m.topic == TOPICS.dead_letter]) == 1


def test_a_non_owner_write_goes_to_the_dead_letter_topic_with_its_reason_and_original_bytes():
    store, h = handler()
    env = identity_event(source="education")
    message = raw(env, 0)
    h.handle([message])
    (dlq,) = store.pending_outbox()
    assert dlq.topic == TOPICS.dead_letter and dlq.value == message.value
    assert headers(dlq)["dlq.code"] == b"not_owner"
    assert "owner: public_security" in headers(dlq)["dlq.reason"].decode()
    assert store.get(KEY) is None and store.tracking_count("rejected") == 1


def test_a_department_cannot_publish_on_another_departments_topic():
    store, h = handler()
    env = identity_event()
    h.handle([raw(env, 0, topic=TOPICS.department("education"))])
    (dlq,) = store.pending_outbox()
    assert b"arrived on the topic of 'education'" in headers(dlq)["dlq.reason"]


def test_malformed_bytes_are_dead_lettered_not_dropped():
    store, h = handler()
    result = h.handle([RawMessage(TOPICS.department("health"), 1, 7, b"k", b"{not json")])
    (dlq,) = store.pending_outbox()
    assert result.rejected == 1 and dlq.value == b"{not json" and headers(dlq)["dlq.offset"] == b"7"


def test_a_batch_with_several_events_for_one_child_applies_them_in_order():
    store, h = handler()
    enrol = Envelope.new(Enrolled(school_code="S", school_name="小学", stage="primary", enrolled_on=date(2024, 9, 1)),
                         source="education", child_key=KEY, occurred_at=T0)
    h.handle([raw(identity_event(), 0), raw(enrol, 0)])
    record = store.get(KEY)
    assert record.version == 2 and record.value("education.status") == "enrolled"
    assert store.positions("g") == {(TOPICS.department("public_security"), 0): 1,
                                    (TOPICS.department("education"), 0): 1}


def test_a_rebuild_handler_emits_nothing():
    store = InMemoryProjectionStore()
    BatchHandler(store, TOPICS, "rebuild", emit=False).handle([raw(identity_event(), 0)])
    assert store.pending_outbox() == [] and store.get(KEY) is not None


def enrolment(school="小学", at=T0):
    return Envelope.new(Enrolled(school_code="S", school_name=school, stage="primary", enrolled_on=date(2024, 9, 1)),
                        source="education", child_key=KEY, occurred_at=at)


def test_a_childs_next_event_is_applied_to_the_cached_record_without_a_store_read():
    store = InMemoryProjectionStore()
    h = BatchHandler(store, TOPICS, "g", cache=RecordCache(10))
    h.handle([raw(identity_event(), 0)])
    loads = []
    original = store.load
    store.load = lambda keys: loads.append(set(keys)) or original(keys)
    h.handle([raw(enrolment(), 0)])
    assert loads == [set()] and h.cache.hits == 1
    record = store.get(KEY)
    assert record.version == 2 and record.value("identity.name") == "李四" and record.value("education.status")


def test_a_record_another_worker_changed_meanwhile_is_read_again_and_no_change_is_lost():
    # After a rebalance two workers may both have written a child: the stale cached copy must not win.
    store = InMemoryProjectionStore()
    first, second = (BatchHandler(store, TOPICS, "g", cache=RecordCache(10)) for _ in range(2))
    first.handle([raw(identity_event(), 0)])
    second.handle([raw(enrolment(), 0)])
    later = Envelope.new(IdentityRecorded(name="李思", id_number="110101201503011237", sex="M",
                                          birth_date=date(2015, 3, 1), hukou_area="110101"),
                         source="public_security", child_key=KEY, occurred_at=datetime(2025, 4, 1, tzinfo=UTC))
    result = first.handle([raw(later, 1)])
    record = store.get(KEY)
    assert result.applied == 1 and record.version == 3
    assert record.value("identity.name") == "李思" and record.value("education.school_name") == "小学"
