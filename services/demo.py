"""The local demo: a real broker, a processor worker, synthetic department events, projected records, a rebuild."""

from __future__ import annotations

import json
import shutil
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from events.contracts.public_security import IdentityRecorded
from events.envelope import Envelope
from services.bootstrap import Platform
from services.processor.spawn import WorkerProcess, wait_caught_up
from services.rebuild import opened_snapshot, replay
from services.settings import Settings
from services.store import open_store
from services.synthetic import events_for, generate_children


def _say(text: str) -> None:
    print(f"[demo] {text}", flush=True)


def _broker(stack: ExitStack, workdir: Path, settings: Settings) -> str:
    import os

    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        return settings.bootstrap_servers
    from services.broker.kraft import LocalKafka

    _say("starting a single-node KRaft Kafka broker (Apache Kafka from Maven Central, Java 17)")
    broker = LocalKafka(data_dir=workdir / "kafka")
    stack.callback(broker.stop)
    broker.start()
    broker.wait_ready()
    return broker.bootstrap_servers


def run_demo(children: int = 300, workdir: Path = Path("var/demo")) -> None:
    """Run every stage and print what happened."""
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    base = Settings()
    with ExitStack() as stack:
        bootstrap = _broker(stack, workdir, base)
        settings = base.with_(bootstrap_servers=bootstrap, namespace=f"demo{int(time.time())}.",
                              database_url=f"sqlite:///{workdir}/childcare.db", keyring_dir=workdir / "keys", state_dir=workdir / "state")
        platform = Platform(settings)
        stack.callback(platform.close)
        platform.ensure_topics()
        worker = WorkerProcess(settings, workdir / "processor.log").start()
        stack.callback(worker.stop)
        _say(f"processor worker started (consumer group {settings.processor_group})")

        kids = generate_children(children, platform.pseudonym_secret)
        events = [e for c in kids for e in events_for(c)]
        publisher = platform.publisher()
        started = time.monotonic()
        publisher.publish_many(events)
        # What goes wrong in real life: a re-sent event, a department writing a field it does not own, bad bytes.
        publisher.publish_many([events[0]])
        intruder = IdentityRecorded(name=kids[1].name, id_number=kids[1].id_number, sex=kids[1].sex,
                                    birth_date=kids[1].birth_date, hukou_area=kids[1].hukou_area)
        publisher.publish_many([Envelope.new(intruder, source="education", child_key=kids[1].key,
                                             occurred_at=datetime.now(UTC))])
        platform.producer.send(platform.topics.department("health"), b'{"event_type": "health.Unknown"}').get(30)
        _say(f"published {len(events)} events for {children} synthetic children from 6 departments, "
             "plus 1 duplicate, 1 non-owner write and 1 malformed message")

        wait_caught_up(platform.store, settings, timeout=300, workers=[worker])
        elapsed = time.monotonic() - started
        store = platform.store
        _say(f"processor caught up in {elapsed:.1f}s: {store.tracking_count('applied')} applied, "
             f"{store.tracking_count('stale')} stale, {store.tracking_count('rejected')} rejected by 一数一源")
        for record in list(store.records())[:3]:
            print(json.dumps(_summary(record.to_json()), ensure_ascii=False, indent=1))

        rebuilt = open_store(f"sqlite:///{workdir}/rebuilt.db")
        n = replay(settings.bootstrap_servers, platform.topics, rebuilt,
                   handler=platform.handler(store=rebuilt, group="rebuild", emit=False))
        same = opened_snapshot(rebuilt, platform.cipher) == opened_snapshot(store, platform.cipher)
        _say(f"rebuild replayed {n} messages into a fresh store: identical to the live projection = {same}")
        rebuilt.close()
    _say(f"done; the store is in {workdir}/childcare.db")


def _summary(record: dict) -> dict:
    """One line per field: value, source department and when."""
    return {"child_key": record["child_key"], "version": record["version"],
            "fields": {k: f"{_short(v['value'])}  ← {v['source']} @ {v['occurred_at'][:10]}"
                       for k, v in record["fields"].items()}}


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 48 else text[:45] + "…"
