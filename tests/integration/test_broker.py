"""The local broker the tests, the demo and operators use."""

import pytest
from kafka import KafkaConsumer, KafkaProducer

from services.adapters.kafka_admin import client_config, ensure_topics

pytestmark = pytest.mark.kafka


def read_all(bootstrap, topic):
    consumer = KafkaConsumer(topic, **client_config(bootstrap), auto_offset_reset="earliest",
                             consumer_timeout_ms=3000, group_id=None)
    try:
        return [m.value for m in consumer]
    finally:
        consumer.close()


def test_the_broker_takes_and_returns_messages(kafka_bootstrap, unique_name):
    ensure_topics(kafka_bootstrap, [unique_name], partitions=3)
    producer = KafkaProducer(**client_config(kafka_bootstrap), acks="all")
    producer.send(unique_name, b"hello").get(30)
    producer.close()
    assert read_all(kafka_bootstrap, unique_name) == [b"hello"]


def test_a_restart_keeps_the_data(kafka_broker, kafka_bootstrap, unique_name):
    if kafka_broker is None:
        pytest.skip("external broker: not ours to restart")
    ensure_topics(kafka_bootstrap, [unique_name], partitions=1)
    producer = KafkaProducer(**client_config(kafka_bootstrap), acks="all")
    producer.send(unique_name, b"kept").get(30)
    producer.close()
    kafka_broker.restart()
    assert read_all(kafka_bootstrap, unique_name) == [b"kept"]
