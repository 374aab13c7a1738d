"""The faust worker: a thin agent that hands batches to BatchHandler and relays the outbox. One consumer group."""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

import faust

from services.adapters.kafka_admin import faust_credentials
from services.adapters.topics import Topics
from services.processor.cycle import handle_and_relay
from services.processor.handler import BatchHandler
from services.processor.messages import RawMessage
from services.processor.outbox import OutboxRelay
from services.settings import Settings

log = logging.getLogger(__name__)


def create_app(settings: Settings, handler: BatchHandler, relay: OutboxRelay) -> faust.App:
    """A faust app with one agent over every department topic."""
    topics = Topics(settings.namespace)
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    app = faust.App(
        settings.processor_group,
        broker=f"kafka://{settings.bootstrap_servers.split(',')[0]}",
        broker_credentials=faust_credentials("processor", settings),
        store="memory://",
        datadir=str(settings.state_dir / "faust"),  # faust writes a data folder; keep it out of the work tree
        web_enabled=False,
        topic_partitions=settings.partitions,
        consumer_auto_offset_reset="earliest",
        broker_commit_every=1000,
        broker_commit_interval=1.0,
        stream_buffer_maxsize=max(4096, settings.batch_size * 2),
        broker_session_timeout=6,  # the broker's minimum: a killed worker's partitions move within seconds
        broker_heartbeat_interval=2,
    )
    ingest = app.topic(*topics.departments, key_type=bytes, value_type=bytes,
                       key_serializer="raw", value_serializer="raw", partitions=settings.partitions)

    def work(messages: list[RawMessage]) -> None:
        try:
            handle_and_relay(handler, relay, messages)
        except BaseException:  # noqa: BLE001 - see below
            # A bug that escapes the per-message boundary stops the worker loudly, at once: were the agent to die
            # inside a running faust worker, faust would go on committing offsets past the batch it never applied.
            log.critical("batch failed; stopping the worker before any offset moves past it", exc_info=True)
            os._exit(70)

    @app.agent(ingest)
    async def process(stream: Any) -> None:
        loop = asyncio.get_running_loop()
        async for events in stream.take_events(settings.batch_size, within=settings.batch_within_s):
            batch = [RawMessage(e.message.topic, e.message.partition, e.message.offset, e.message.key,
                                e.message.value) for e in events]
            # SQL and the outbox producer are blocking; keep them off the event loop.
            await loop.run_in_executor(None, work, batch)

    @app.on_partitions_revoked.connect
    async def before_rebalance(sender: Any, /, *_: Any, signal: Any, **__: Any) -> None:
        # Delete the rows of what this worker relayed, so that the partitions' next owner has none to re-send.
        await asyncio.get_running_loop().run_in_executor(None, relay.revoked)

    @app.on_partitions_assigned.connect
    async def after_rebalance(sender: Any, /, *args: Any, signal: Any, **__: Any) -> None:
        # Left-over outbox rows are relayed by the owner of the ingest partition they came from (outbox.py).
        ours = set(topics.departments)
        relay.assigned((tp.topic, tp.partition) for tp in args[0] if tp.topic in ours)  # args: (assigned,)

    @app.task
    async def relay_leftovers() -> None:
        # A crash between commit and publish leaves rows in the outbox: the first sweep notes them, a later one
        # (from the idle timer or a batch) relays those still there.
        await asyncio.get_running_loop().run_in_executor(None, relay.sweep_if_due)

    @app.timer(interval=2.0)
    async def delete_relayed() -> None:
        # When no batch arrives, nothing deletes the rows of messages already relayed, nor sweeps; do it here.
        await asyncio.get_running_loop().run_in_executor(None, relay.settle_or_defer)

    return app


def run_worker(app: faust.App, loglevel: str = "warn") -> None:
    """Run until SIGTERM/SIGINT."""
    worker = faust.Worker(app, loglevel=loglevel, quiet=True)
    worker.execute_from_commandline()
