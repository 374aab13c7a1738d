"""The local broker authenticates every client (SASL/SCRAM-SHA-512) and authorises it by role (ACLs per namespace)."""

import os
import stat

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError, TopicAuthorizationFailedError

from services.adapters.kafka_admin import client_config, ensure_acls, ensure_topics
from services.adapters.topics import Topics

pytestmark = pytest.mark.kafka

# Only where a refusal is expected (the client never gets past bootstrap): fail within seconds instead of 30.
REFUSED = dict(max_block_ms=4000, bootstrap_timeout_ms=4000)


@pytest.fixture
def topics(kafka_broker, kafka_bootstrap, unique_name):
    if kafka_broker is None:
        pytest.skip("external broker: its authentication is not ours to test")
    t = Topics(f"{unique_name}.")
    ensure_topics(kafka_bootstrap, [*t.departments, t.dead_letter, t.changes, t.audit, t.view("enrolment")], 1)
    ensure_acls(kafka_bootstrap, t.namespace)
    return t


def send(config, topic, value=b"x", **timeouts):
    producer = KafkaProducer(**config, acks="all", reconnect_backoff_ms=200, **timeouts)
    try:
        producer.send(topic, value).get(30)
    finally:
        producer.close(timeout=5)


def as_role(bootstrap, role):
    return client_config(bootstrap, role)


def test_the_credentials_file_is_private(kafka_broker, topics):
    mode = stat.S_IMODE(os.stat(kafka_broker.credentials_file).st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(kafka_broker.data_dir / "server.properties").st_mode) == 0o600


def test_a_client_without_credentials_is_refused(kafka_bootstrap, topics):
    with pytest.raises(KafkaError):  # the SASL listener drops a client that does not authenticate
        send({"bootstrap_servers": kafka_bootstrap}, topics.department("education"), **REFUSED)
    send(as_role(kafka_bootstrap, "dept:education"), topics.department("education"))  # the broker is up


def test_a_wrong_password_is_refused(kafka_broker, kafka_bootstrap, topics):
    config = {**as_role(kafka_bootstrap, "dept:education"), "sasl_plain_password": "not-the-password"}
    with pytest.raises(KafkaError):
        send(config, topics.department("education"), **REFUSED)
    assert "invalid credentials with SASL mechanism SCRAM-SHA-512" in kafka_broker.log_file.read_text()


def test_a_department_writes_its_own_topic_only(kafka_bootstrap, topics):
    education = as_role(kafka_bootstrap, "dept:education")
    send(education, topics.department("education"))
    for forbidden in (topics.department("civil_affairs"), topics.audit, topics.changes, topics.view("enrolment")):
        with pytest.raises(TopicAuthorizationFailedError):
            send(education, forbidden)


def test_only_the_audit_writer_writes_the_audit_topic(kafka_bootstrap, topics):
    send(as_role(kafka_bootstrap, "audit"), topics.audit)
    for role in ("processor", "projector", "dept:platform", "app:enrolment"):
        with pytest.raises(TopicAuthorizationFailedError):
            send(as_role(kafka_bootstrap, role), topics.audit)


def test_the_processor_reads_departments_and_writes_changes_but_not_views(kafka_bootstrap, topics):
    processor = as_role(kafka_bootstrap, "processor")
    send(processor, topics.changes)
    send(processor, topics.dead_letter)
    with pytest.raises(TopicAuthorizationFailedError):
        send(processor, topics.view("enrolment"))
    with pytest.raises(TopicAuthorizationFailedError):
        send(processor, topics.department("health"))  # reads ingest, never forges it


def read(config, topic):
    consumer = KafkaConsumer(**config, group_id=None, enable_auto_commit=False, reconnect_backoff_ms=200)
    try:
        tp = TopicPartition(topic, 0)
        end = consumer.end_offsets([tp])[tp]  # raises TopicAuthorizationFailedError without READ/DESCRIBE
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        out = []
        for _ in range(20):
            if len(out) >= end:
                break
            out += [r.value for rs in consumer.poll(timeout_ms=3000).values() for r in rs]
        return out
    finally:
        consumer.close()


def visible_topics(config):
    consumer = KafkaConsumer(**config, group_id=None, reconnect_backoff_ms=200)
    try:
        return consumer.topics()
    finally:
        consumer.close()


def test_a_downstream_app_reads_its_view_and_nothing_else(kafka_bootstrap, topics):
    send(as_role(kafka_bootstrap, "projector"), topics.view("enrolment"), b"sealed view")
    send(as_role(kafka_bootstrap, "dept:education"), topics.department("education"), b"ingest")
    app = as_role(kafka_bootstrap, "app:enrolment")
    assert read(app, topics.view("enrolment")) == [b"sealed view"]
    assert {t for t in visible_topics(app) if t.startswith(topics.namespace)} == {topics.view("enrolment")}
    for forbidden in (topics.department("education"), topics.view("statistics"), topics.audit):
        with pytest.raises(TopicAuthorizationFailedError):
            read(app, forbidden)
    with pytest.raises(KafkaError, match="AuthorizationFailed"):  # may write nothing at all (not even init a producer)
        send(app, topics.view("enrolment"))


def test_the_same_principals_work_over_tls_with_the_brokers_ca(kafka_broker, topics):
    from services.settings import Settings

    tls = Settings().with_(kafka_security_protocol="SASL_SSL", kafka_ssl_cafile=str(kafka_broker.ca_file))
    config = client_config(kafka_broker.ssl_bootstrap_servers, "dept:education", tls)
    assert config["security_protocol"] == "SASL_SSL"
    send(config, topics.department("education"))
    with pytest.raises(TopicAuthorizationFailedError):
        send(config, topics.audit)
    with pytest.raises(KafkaError):  # a client that does not trust the private CA does not connect
        send({**config, "ssl_cafile": None}, topics.department("education"), **REFUSED)


def test_grants_do_not_cross_namespaces(kafka_bootstrap, topics, unique_name):
    other = Topics(f"{unique_name}x.")
    ensure_topics(kafka_bootstrap, [other.department("education")], 1)  # no ACLs granted for this namespace
    with pytest.raises(TopicAuthorizationFailedError):
        send(as_role(kafka_bootstrap, "dept:education"), other.department("education"))
