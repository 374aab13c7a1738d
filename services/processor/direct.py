"""The direct engine: the same BatchHandler driven by a plain kafka-python consumer in the processor's group.

faust's per-event machinery caps a worker at roughly the broker pass-through rate on this class of machine; polling
whole batches avoids it. Offsets are committed only after the store transaction and the outbox relay, and on every
(re)assignment the consumer seeks to the positions stored with the projection, so the store stays the source of truth.
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from kafka import ConsumerRebalanceListener
from kafka.errors import CommitFailedError, KafkaError

from services.adapters.kafka_admin import kafka_consumer
from services.adapters.messaging import Consumer, TopicPartition
from services.adapters.topics import Topics
from services.processor.cycle import handle_and_relay
from services.processor.handler import BatchHandler
from services.processor.messages import RawMessage
from services.processor.outbox import OutboxRelay
from services.settings import Settings

log = logging.getLogger(__name__)

# What one fetch may bring (a quarter of it from one partition). kafka-python decodes a whole fetch into record objects
# held until polled: at 64 MB a worker catching up on a backlog held about 100k of them (its peak memory).
FETCH_MAX_BYTES = 8 * 1024 * 1024


class _ResumeFromStore(ConsumerRebalanceListener):
    def __init__(self, consumer: Consumer, handler: BatchHandler, relay: OutboxRelay) -> None:
        self.consumer, self.handler, self.relay = consumer, handler, relay

    def on_partitions_revoked(self, revoked: object) -> None:
        """Nothing to flush: every handled batch is already committed to the store. Cached records of children
        that may move to another worker are dropped (a stale one would only cost a clash and a redo), and the rows of
        messages already relayed are deleted, so that the partitions' new owner has none to re-send."""
        self.handler.cache.clear()
        self.relay.revoked()

    def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        self.relay.assigned((tp.topic, tp.partition) for tp in assigned)
        stored = self.handler.store.positions(self.handler.group)
        for tp in assigned:
            if (tp.topic, tp.partition) in stored:
                self.consumer.seek(tp, stored[(tp.topic, tp.partition)])


def _await_joins_in_flight(consumer: Consumer) -> None:
    """Work around a kafka-python 3.0.12 join hang (README, "Measured"): a join started because the metadata changed
    (the leader's assignment snapshot differed) makes `need_rejoin()` false again from inside the join, when the new
    assignment is computed; a join that outlasts one `poll()` is then never awaited, its assignment never applied, and
    the heartbeat stays off, so the worker polls on outside the group. Keep `need_rejoin()` true while a join is in
    flight (`rejoining`), so that the next poll awaits it."""
    coordinator: Any = getattr(consumer, "_coordinator", None)
    if coordinator is None or not hasattr(coordinator, "rejoining"):
        return
    need_rejoin = coordinator.need_rejoin
    coordinator.need_rejoin = lambda: bool(need_rejoin() or coordinator.rejoining)


def run_direct(settings: Settings, handler: BatchHandler, relay: OutboxRelay,
               stop: threading.Event | None = None) -> None:
    """Consume, handle, relay, commit — until SIGTERM/SIGINT or `stop` is set."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    consumer = kafka_consumer(settings.bootstrap_servers, "processor", settings=settings,
                              group_id=settings.processor_group, auto_offset_reset="earliest",
                              max_poll_records=settings.batch_size, fetch_max_bytes=FETCH_MAX_BYTES,
                              max_partition_fetch_bytes=FETCH_MAX_BYTES // 4, key_deserializer=None,
                              # the broker's minimum session: a killed worker's partitions move within seconds
                              # (kafka-python's default is 45 s)
                              session_timeout_ms=6_000, heartbeat_interval_ms=2_000)
    _await_joins_in_flight(consumer)
    ingest = Topics(settings.namespace).departments
    # Metadata first: a group leader that joins before it knows the topics' partitions assigns nothing and may sit
    # idle (kafka-python logs "No partition metadata"); SASL's extra round trips at connect made that race likelier.
    for topic in ingest:
        consumer.partitions_for_topic(topic)
    consumer.subscribe(ingest, listener=_ResumeFromStore(consumer, handler, relay))
    relay.sweep_if_due()  # notes rows a crash left behind; a later sweep relays those still there
    try:
        while not stop.is_set():
            polled = consumer.poll(timeout_ms=int(settings.batch_within_s * 1000) or 200,
                                   max_records=settings.batch_size)
            batch = [RawMessage(r.topic, r.partition, r.offset, r.key, r.value)
                     for records in polled.values() for r in records]
            if not batch:
                relay.settle_or_defer()  # idle: no next batch will delete the relayed rows or sweep
                continue
            handle_and_relay(handler, relay, batch)
            try:
                consumer.commit()
            except CommitFailedError:
                # A rebalance moved the partitions meanwhile. Nothing is lost: the batch is in the store, and the
                # new owner seeks to the stored positions (or skips the redelivered offsets).
                log.info("offset commit lost to a rebalance; the store's positions cover it")
            except KafkaError as exc:
                # The broker is away (a restart): the committed offset is only a hint, the batch and its position are
                # in the store, and the next commit after the broker is back moves the offset on. Keep going.
                log.warning("offset commit deferred: %s", type(exc).__name__)
    finally:
        consumer.close()
