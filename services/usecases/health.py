"""How the pipeline is doing: lag per ingest partition (the broker's end against the store's positions, which are
what the processor has really applied), the outbox's backlog and its oldest row's age, and what the processor refused
(dead letters per reason in the last day). Two readings a few seconds apart tell "behind" from "stuck": a partition
whose position did not move while it had lag, or an outbox whose oldest row is still the same, is stuck."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from services.adapters.store.port import ProjectionStore

# A relayed row is deleted by the worker's next batch, or within seconds when it is idle; older ones wait for a relay.
OUTBOX_AGE_LIMIT_S = 60.0


@dataclass
class Health:
    """One reading; `problems` says in words what is behind or stuck (empty when all is well)."""

    lag: dict[str, int] = field(default_factory=dict)  # "topic/partition" -> messages not yet applied
    positions: dict[str, int] = field(default_factory=dict)  # "topic/partition" -> next offset the store expects
    outbox_rows: int = 0
    oldest_outbox_id: int | None = None
    oldest_outbox_age_s: float | None = None
    outcomes: dict[str, int] = field(default_factory=dict)  # applied / stale / rejected events
    dead_letters_last_day: dict[str, int] = field(default_factory=dict)  # reason code -> count
    problems: list[str] = field(default_factory=list)

    @property
    def total_lag(self) -> int:
        return sum(self.lag.values())


def read_health(store: ProjectionStore, end_offsets: dict[tuple[str, int], int], group: str,
                previous: Health | None = None, waited_s: float = 0.0) -> Health:
    """A reading from the store and the broker's end offsets of the ingest partitions, compared with `previous`
    (taken `waited_s` earlier) when given."""
    done = store.positions(group)
    names = {(t, p): f"{t}/{p}" for t, p in end_offsets}
    health = Health(lag={names[k]: max(0, end - done.get(k, 0)) for k, end in sorted(end_offsets.items())},
                    positions={names[k]: done.get(k, 0) for k in sorted(end_offsets)})
    summary = store.outbox_summary()
    health.outbox_rows, health.oldest_outbox_id, health.oldest_outbox_age_s = (
        summary.rows, summary.oldest_id, summary.oldest_age_s)
    health.outcomes = store.outcome_counts()
    health.dead_letters_last_day = store.dead_letter_counts(datetime.now(UTC) - timedelta(days=1))
    behind = [k for k, v in health.lag.items() if v]
    if behind:
        health.problems.append(f"{health.total_lag} message(s) not yet applied on {len(behind)} partition(s)")
    if summary.oldest_age_s is not None and summary.oldest_age_s > OUTBOX_AGE_LIMIT_S:
        health.problems.append(f"the outbox's oldest row is {summary.oldest_age_s:.0f} s old (is a worker relaying?)")
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
    from services.adapters.kafka_admin import kafka_consumer
    from services.adapters.messaging import TopicPartition

    consumer = kafka_consumer(settings.bootstrap_servers, "processor", settings=settings, request_timeout_ms=15000)
    try:
        tps = [TopicPartition(t, p) for t in topics for p in sorted(consumer.partitions_for_topic(t) or ())]
        return {(tp.topic, tp.partition): end for tp, end in consumer.end_offsets(tps).items()} if tps else {}
    finally:
        consumer.close()
