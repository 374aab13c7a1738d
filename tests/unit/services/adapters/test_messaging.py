"""The shared in-memory broker behind the producer and consumer ports (services/adapters/messaging.py), and code that
reads through the consumer port running on it."""

import pytest

from services.adapters.messaging import InMemoryBroker, TopicPartition
from services.adapters.store import InMemoryProjectionStore
from services.sdk.publisher import Publisher
from services.usecases.rebuild import replay
from tests.unit.services.processor.test_handler import KEY, TOPICS, identity_event


def test_a_child_stays_on_one_partition_and_offsets_count_per_partition():
    broker = InMemoryBroker(partitions=4)
    producer = broker.producer()
    first = producer.send("t", b"1", key=b"ck_a").get()
    second = producer.send("t", b"2", key=b"ck_a").get()
    assert first.partition == second.partition and (first.offset, second.offset) == (0, 1)
    assert producer.send("t", b"x", partition=3).get().partition == 3
    assert producer.sent == [("t", b"1"), ("t", b"2"), ("t", b"x")] and producer.partitions_for("t") == {0, 1, 2, 3}


def test_a_down_broker_fails_sends_and_a_refused_message_fails_its_future():
    broker = InMemoryBroker()
    broker.refuse(lambda m: m.value == b"big", ValueError("too large"))
    producer = broker.producer()
    with pytest.raises(ValueError):
        producer.send("t", b"big").get()
    broker.down = True
    with pytest.raises(ConnectionError):
        producer.send("t", b"ok")
    assert broker.messages() == []


def test_assigned_partitions_read_from_where_the_consumer_seeks():
    broker = InMemoryBroker(partitions=1)
    for i in range(5):
        broker.producer().send("t", str(i).encode())
    consumer = broker.consumer()
    tp = TopicPartition("t", 0)
    consumer.assign([tp])
    consumer.seek(tp, 3)
    assert [m.value for m in consumer.poll()[tp]] == [b"3", b"4"] and consumer.position(tp) == 5
    consumer.seek_to_beginning(tp)
    assert len(consumer.poll(max_records=2)[tp]) == 2 and consumer.end_offsets([tp]) == {tp: 5}


def test_a_group_resumes_from_its_committed_offsets():
    broker = InMemoryBroker(partitions=2)
    for i in range(4):
        broker.producer().send("t", str(i).encode(), key=str(i).encode())
    first = broker.consumer("t", group_id="g")
    assert sum(len(ms) for ms in first.poll().values()) == 4
    first.commit()
    broker.producer().send("t", b"late")
    assert [m.value for m in broker.consumer("t", group_id="g")] == [b"late"]
    assert len(list(broker.consumer("t", group_id="other"))) == 5


def test_a_rebuild_replays_the_ingest_topics_through_the_consumer_port():
    broker = InMemoryBroker()
    Publisher("unused", TOPICS.namespace, producer=broker.producer()).publish(identity_event())
    store = InMemoryProjectionStore()
    assert replay("unused", TOPICS, store, consumer=broker.consumer()) == 1
    assert store.get(KEY).value("identity.name") == "李四"
