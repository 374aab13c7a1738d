"""How the pipeline is doing: lag per ingest partition (the broker's end against the store's positions, which are
what the processor has really applied), the outbox's backlog, and what the processor refused. Two readings a few
seconds apart tell "behind" from "stuck": a partition whose position did not move while it had lag, or an outbox
whose oldest row is still the same, is stuck."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from services.store.schema import applied_events, outbox


@dataclass
class Health:
    """One reading; `problems` says in words what is behind or stuck (empty when all is well)."""

    lag: dict[str, int] = field(default_factory=dict)  # "topic/partition" -> messages not yet applied
    positions: dict[str, int] = field(default_factory=dict)  # "topic/partition" -> next offset the store expects
    outbox_rows: int = 0
    oldest_outbox_id: int | None = None
    outcomes: dict[str, int] = field(default_factory=dict)  # applied / stale / rejected events
    problems: list[str] = field(default_factory=list)

    @property
    def total_lag(self) -> int:
        return sum(self.lag.values())


def read_health(store: Any, end_offsets: dict[tuple[str, int], int], group: str, previous: Health | None = None,
                waited_s: float = 0.0) -> Health:
    """A reading from the store and the broker's end offsets of the ingest partitions, compared with `previous`
    (taken `waited_s` earlier) when given."""
    done = store.positions(group)
    names = {(t, p): f"{t}/{p}" for t, p in end_offsets}
    health = Health(lag={names[k]: max(0, end - done.get(k, 0)) for k, end in sorted(end_offsets.items())},
                    positions={names[k]: done.get(k, 0) for k in sorted(end_offsets)})
    with store.engine.connect() as conn:
        health.outbox_rows, health.oldest_outbox_id = conn.execute(select(func.count(), func.min(outbox.c.id))).one()
        health.outcomes = dict(conn.execute(select(applied_events.c.outcome, func.count())
                                            .group_by(applied_events.c.outcome)).all())
    behind = [k for k, v in health.lag.items() if v]
    if behind:
        health.problems.append(f"{health.total_lag} message(s) not yet applied on {len(behind)} partition(s)")
    if previous is not None:
        stalled = [k for k in behind if previous.lag.get(k) and previous.positions.get(k) == health.positions[k]]
        if stalled:
            health.problems.append(f"stuck: {len(stalled)} partition(s) with lag did not move in {waited_s:.0f} s "
                                   f"({', '.join(stalled[:5])}); is a worker running?")
        if health.oldest_outbox_id is not None and health.oldest_outbox_id == previous.oldest_outbox_id:
            health.problems.append(f"stuck: the outbox's oldest row did not leave in {waited_s:.0f} s "
                                   "(is the broker reachable?)")
    return health


def broker_end_offsets(settings: Any, topics: list[str]) -> dict[tuple[str, int], int]:
    """The end offset of every partition of the given topics, read as the processor's principal."""
    from kafka import KafkaConsumer, TopicPartition

    from services.kafka_admin import client_config

    consumer = KafkaConsumer(**client_config(settings.bootstrap_servers, "processor", settings), group_id=None,
                             enable_auto_commit=False, request_timeout_ms=15000)
    try:
        tps = [TopicPartition(t, p) for t in topics for p in sorted(consumer.partitions_for_topic(t) or ())]
        return {(tp.topic, tp.partition): end for tp, end in consumer.end_offsets(tps).items()} if tps else {}
    finally:
        consumer.close()
