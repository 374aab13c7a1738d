"""Topic creation and kafka-python clients with the settings the platform relies on."""

from __future__ import annotations

import time
from collections.abc import Iterable

from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError


def idempotent_producer(bootstrap_servers: str, **overrides: object) -> KafkaProducer:
    """acks=all + idempotence: a retried send never duplicates or reorders within a partition."""
    config: dict[str, object] = dict(
        bootstrap_servers=bootstrap_servers, acks="all", enable_idempotence=True, linger_ms=5,
        max_in_flight_requests_per_connection=5, retries=2**31 - 1, batch_size=256 * 1024,
    )
    config.update(overrides)
    return KafkaProducer(**config)


def ensure_topics(bootstrap_servers: str, names: Iterable[str], partitions: int = 3,
                  configs: dict[str, str] | None = None) -> None:
    """Create topics that do not exist yet (single-node dev brokers use replication factor 1), with `configs`."""
    wanted = list(dict.fromkeys(names))
    deadline = time.monotonic() + 60
    while True:
        try:
            admin = KafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=15000)
            break
        except KafkaError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    try:
        existing = set(admin.list_topics())
        new = [NewTopic(n, num_partitions=partitions, replication_factor=1, topic_configs=dict(configs or {}))
               for n in wanted if n not in existing]
        if new:
            try:
                admin.create_topics(new)
            except TopicAlreadyExistsError:
                pass
    finally:
        admin.close()
