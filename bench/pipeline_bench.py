"""End-to-end pipeline benchmark on the real local broker. Prints one line per figure and writes bench/results/*.json.

Figures: the broker's pass-through ceilings on this machine, measured in the same run on the same messages for three
clients (kafka-python, aiokafka, confluent-kafka/librdkafka; producer acks=all + idempotent, a consumer reading
everything back, no processing), end-to-end throughput (publish -> projection committed in the store) as a share of
aiokafka's pass-through (the headline: the client faust runs on) and of librdkafka's (the distance to the limit),
p50/p95/p99 latency from publish to projection visible, the same with field encryption + redaction on, the
processor's peak memory, and rebuild time. confluent-kafka is the optional dependency `.[bench]`.

    .venv/bin/python bench/pipeline_bench.py --events 1000000 --children 100000
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kafka import KafkaConsumer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devtools.broker import LocalKafka  # noqa: E402
from devtools.pg_local import LocalPostgres  # noqa: E402
from devtools.synthetic import events_for, generate_children  # noqa: E402
from events.envelope import encode  # noqa: E402
from services.adapters.kafka_admin import client_config, ensure_topics, idempotent_producer  # noqa: E402
from services.adapters.store import open_store  # noqa: E402
from services.bootstrap import Platform  # noqa: E402
from services.entrypoints.cli.pipeline import settle_heap  # noqa: E402
from services.processor.spawn import WorkerProcess, wait_caught_up  # noqa: E402
from services.settings import Settings  # noqa: E402
from services.usecases.protection import EdgeSealer  # noqa: E402
from services.usecases.rebuild import replay  # noqa: E402

RESULTS = Path(__file__).with_name("results")


StoreUrl = Callable[[str], str]  # a store's name in this run -> its SQLAlchemy URL


def postgres_pids() -> list[int]:
    """The processes of the local PostgreSQL server (its backends come and go with the workers' connections)."""
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if any(line.startswith("Name:\tpostgres") for line in status.read_text().splitlines()[:1]):
                pids.append(int(status.parent.name))
        except OSError:
            continue
    return pids


def say(name: str, value: object) -> None:
    print(f"{name:<44} {value}", flush=True)


def make_events(platform: Platform, n_events: int, n_children: int, seal: bool,
                seed: int = 11) -> list[tuple[str, bytes, bytes]]:
    """(topic, key, value) for at least n_events events over n_children children, cycling stories if needed."""
    kids = generate_children(n_children, platform.pseudonym_secret, seed=seed)
    edge = EdgeSealer(platform.cipher) if seal else None
    out: list[tuple[str, bytes, bytes]] = []
    round_ = 0
    while len(out) < n_events:
        for i in range(0, len(kids), 1000):  # sealed as the SDK's publish_many does: keys read per batch
            envelopes = [env for child in kids[i:i + 1000] for env in events_for(child, seed=round_)]
            for env in edge.many(envelopes) if edge else envelopes:
                out.append((platform.topics.department(env.source), env.child_key.encode(), encode(env)))
                if len(out) >= n_events:
                    return out
        round_ += 1
    return out


def ceiling(bootstrap: str, messages: list[tuple[str, bytes, bytes]], topic: str, partitions: int) -> float:
    """kafka-python pass-through with the platform's producer settings, no processing: messages/s."""
    ensure_topics(bootstrap, [topic], partitions)
    consumer = KafkaConsumer(topic, **client_config(bootstrap), group_id=None, auto_offset_reset="earliest",
                             fetch_max_bytes=64 * 1024 * 1024, max_poll_records=10000)
    consumer.poll(timeout_ms=2000)
    producer = idempotent_producer(bootstrap)
    started = time.perf_counter()
    for _, key, value in messages:
        producer.send(topic, key=key, value=value)
    producer.flush()
    seen = 0
    while seen < len(messages):
        seen += sum(len(r) for r in consumer.poll(timeout_ms=1000, max_records=10000).values())
    rate = len(messages) / (time.perf_counter() - started)
    producer.close()
    consumer.close()
    return rate


def ceiling_aiokafka(bootstrap: str, messages: list[tuple[str, bytes, bytes]], topic: str, partitions: int) -> float:
    """aiokafka pass-through (the client faust runs on): acks=all + idempotent producer, a consumer reading
    everything back concurrently; messages/s."""
    import asyncio

    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

    ensure_topics(bootstrap, [topic], partitions)
    config = client_config(bootstrap)

    async def run() -> float:
        consumer = AIOKafkaConsumer(topic, **config, group_id=None, auto_offset_reset="earliest",
                                    fetch_max_bytes=64 * 1024 * 1024, max_partition_fetch_bytes=16 * 1024 * 1024)
        producer = AIOKafkaProducer(**config, acks="all", enable_idempotence=True, linger_ms=5,
                                    max_batch_size=256 * 1024)
        await consumer.start()
        await producer.start()
        await consumer.getmany(timeout_ms=2000)
        total = len(messages)

        async def read() -> None:
            seen = 0
            while seen < total:
                polled = await consumer.getmany(timeout_ms=1000, max_records=10000)
                seen += sum(len(r) for r in polled.values())

        started = time.perf_counter()
        reader = asyncio.create_task(read())
        pending = []
        for _, key, value in messages:
            pending.append(await producer.send(topic, value=value, key=key))
            if len(pending) >= 10000:
                await asyncio.gather(*pending)
                pending = []
        await asyncio.gather(*pending)
        await reader
        rate = total / (time.perf_counter() - started)
        await producer.stop()
        await consumer.stop()
        return rate

    return asyncio.run(run())


def librdkafka_config(bootstrap: str) -> dict[str, object]:
    """confluent-kafka's names for the same connection settings (SASL as the admin principal)."""
    config = client_config(bootstrap)
    out: dict[str, object] = {"bootstrap.servers": config["bootstrap_servers"]}
    if "security_protocol" in config:
        out["security.protocol"] = config["security_protocol"]
    if "sasl_mechanism" in config:
        out.update({"sasl.mechanism": config["sasl_mechanism"], "sasl.username": config["sasl_plain_username"],
                    "sasl.password": config["sasl_plain_password"]})
    return out


def ceiling_librdkafka(bootstrap: str, messages: list[tuple[str, bytes, bytes]], topic: str,
                       partitions: int) -> float | None:
    """confluent-kafka (librdkafka, C) pass-through, the fastest client: the distance to the limit. None when the
    bench's optional dependency is not installed (pip install -e '.[bench]')."""
    try:
        from confluent_kafka import Consumer as RdConsumer
        from confluent_kafka import Producer as RdProducer
        from confluent_kafka import TopicPartition as RdPartition
    except ImportError:
        return None
    ensure_topics(bootstrap, [topic], partitions)
    base = librdkafka_config(bootstrap)
    consumer = RdConsumer({**base, "group.id": f"ceiling-{topic}", "enable.auto.commit": False,
                           "fetch.max.bytes": 64 * 1024 * 1024, "max.partition.fetch.bytes": 16 * 1024 * 1024})
    consumer.assign([RdPartition(topic, p, -2) for p in range(partitions)])  # -2: OFFSET_BEGINNING
    producer = RdProducer({**base, "acks": "all", "enable.idempotence": True, "linger.ms": 5,
                           "batch.size": 256 * 1024, "queue.buffering.max.messages": 1_000_000})
    consumer.consume(num_messages=1, timeout=2)
    total, seen, failed = len(messages), 0, []

    def delivered(err: object, _msg: object) -> None:
        if err is not None:
            failed.append(err)

    started = time.perf_counter()
    for i, (_, key, value) in enumerate(messages):
        while True:
            try:
                producer.produce(topic, value=value, key=key, on_delivery=delivered)
                break
            except BufferError:
                producer.poll(0.05)
        if i % 1000 == 999:
            producer.poll(0)
            if seen < total:
                seen += len(consumer.consume(num_messages=10000, timeout=0))
    producer.flush()
    while seen < total:
        seen += len(consumer.consume(num_messages=10000, timeout=1))
    rate = total / (time.perf_counter() - started)
    consumer.close()
    if failed:
        raise RuntimeError(f"librdkafka ceiling: {len(failed)} message(s) not delivered: {failed[0]}")
    return rate


CEILINGS = {"kafka-python": ceiling, "aiokafka": ceiling_aiokafka, "librdkafka": ceiling_librdkafka}


def ceilings(bootstrap: str, messages: list[tuple[str, bytes, bytes]], namespace: str, partitions: int,
             broker_pid: int | None) -> dict:
    """Every client's pass-through of the same messages on the same broker, one after the other, each on a topic of
    its own: messages/s and the CPU seconds of this process and the broker."""
    out: dict = {}
    for client, measure in CEILINGS.items():
        gc.collect()
        meter = CpuMeter({"client": [os.getpid()], "broker": [broker_pid]})
        rate = measure(bootstrap, messages, f"{namespace}ceiling-{client}", partitions)
        out[client] = {"msgs_per_s": round(rate) if rate else None, "cpu": meter.stop()}
    return out


def share(e2e: float, ceiling_figures: dict, client: str) -> float | None:
    rate = ceiling_figures.get(client, {}).get("msgs_per_s")
    return round(e2e / rate, 3) if rate else None


def latencies(bootstrap: str, platform: Platform, only: set[str]) -> list[float]:
    """Publish -> projection visible, per event: the projection.changed record (sent after the store commit) vs the
    ingest record's timestamp, both stamped on this machine."""
    published: dict[str, int] = {}
    consumer = KafkaConsumer(*platform.topics.departments, **client_config(bootstrap), group_id=None,
                             auto_offset_reset="earliest", consumer_timeout_ms=5000, max_poll_records=10000,
                             fetch_max_bytes=64 * 1024 * 1024)
    for r in consumer:
        event_id = json.loads(r.value)["event_id"]
        if event_id in only:
            published[event_id] = r.timestamp
    consumer.close()
    consumer = KafkaConsumer(platform.topics.changes, **client_config(bootstrap), group_id=None,
                             auto_offset_reset="earliest", consumer_timeout_ms=5000, max_poll_records=10000)
    out = []
    for r in consumer:
        body = json.loads(r.value)
        for event_id in body.get("event_ids", [body["event_id"]]):  # one notification may cover several events
            sent_at = published.get(event_id)
            if sent_at is not None:
                out.append((r.timestamp - sent_at) / 1000)
    consumer.close()
    return out


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) >= 2 else float("nan")


def cpu_s(pid: int | None) -> float:
    """User + system CPU seconds a process has used so far (0 when it is gone or unknown)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


Pids = list[int | None] | Callable[[], list[int]]  # fixed processes, or those alive when asked (database backends)


class CpuMeter:
    """CPU seconds per named process over a phase, against the wall time and the cores it had."""

    def __init__(self, pids: dict[str, Pids]) -> None:
        self.pids = pids
        self.start = {name: self._used(ps) for name, ps in pids.items()}
        self.wall = time.perf_counter()

    @staticmethod
    def _used(pids: Pids) -> float:
        return sum(cpu_s(p) for p in (pids() if callable(pids) else pids))

    def stop(self) -> dict:
        wall = time.perf_counter() - self.wall
        used = {name: round(self._used(ps) - self.start[name], 1) for name, ps in self.pids.items()}
        return {"wall_s": round(wall, 1), "cores": os.cpu_count(), "cpu_s": used}


def describe_cpu(cpu: dict, events: int) -> str:
    """CPU seconds per process, and per event: on a machine this small every process shares the same two cores, so
    CPU per event is where the time goes."""
    parts = ", ".join(f"{name} {s}s ({s / events * 1e6:.0f} µs/event)" for name, s in cpu["cpu_s"].items())
    return f"{parts} of {cpu['cores']} cores x {cpu['wall_s']}s wall"


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return float("nan")  # the worker exited: its log in bench/results/logs says why
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def live_like_batches(messages: list[tuple[str, bytes, bytes]], n: int, size: int = 500) -> list[list]:
    """The first n messages cut as a consumer polls them: a few hundred at a time from one topic, topics in turn, so
    that most events meet a record already stored by an earlier batch (as they do in the pipeline)."""
    from services.processor.messages import RawMessage

    per_topic: dict[str, list[tuple[bytes, bytes]]] = {}
    for topic, key, value in messages[:n]:
        per_topic.setdefault(topic, []).append((key, value))
    cuts = {t: [[RawMessage(t, 0, i + j, k, v) for j, (k, v) in enumerate(items[i:i + size])]
                for i in range(0, len(items), size)] for t, items in per_topic.items()}
    return [cut for row in itertools.zip_longest(*cuts.values()) for cut in row if cut]


def breakdown(platform: Platform, messages: list[tuple[str, bytes, bytes]], store_url: StoreUrl, name: str) -> dict:
    """Where a worker's time goes: the same batch cycle in this process, timed per phase on a sample of the load."""
    from services.processor.cycle import handle_and_relay
    from services.processor.outbox import OutboxRelay

    class NullProducer:  # the broker's share is measured by the ceiling
        def send(self, *args: object, **kwargs: object) -> object:
            return self

        def get(self, timeout: float = 0) -> None:
            return None

        def flush(self) -> None:
            return None

        def partitions_for(self, topic: str) -> set[int]:
            return {0}

    store = open_store(store_url(f"{name}-profile"))
    settle_heap(platform)  # as a worker starts: the redactor's models loaded, the heap frozen, not timed
    handler = platform.handler(store=store, group="profile")
    relay = OutboxRelay(store, NullProducer())
    relay.flush()
    batches = live_like_batches(messages, 50_000)
    started, cpu = time.perf_counter(), time.process_time()
    for batch in batches:
        handle_and_relay(handler, relay, batch)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    events = sum(len(b) for b in batches)
    phases = {**handler.timings, "outbox relay + batch overhead": total - sum(handler.timings.values())}
    store.close()
    return {"sample_events": events, "batches": len(batches), "handler_events_per_s": round(events / total),
            "cpu_us_per_event": round(cpu / events * 1e6, 1),
            "share": {k: round(v / total, 3) for k, v in sorted(phases.items(), key=lambda kv: -kv[1])}}


def run_case(bootstrap: str, workdir: Path, name: str, n_events: int, n_children: int, privacy: bool,
             workers: int, partitions: int, batch: int, engine: str, paced_events: int,
             broker_pid: int | None = None, store_url: StoreUrl | None = None,
             store_pids: Pids | None = None) -> dict:
    store_url = store_url or (lambda n: f"sqlite:///{workdir}/{n}.db")
    settings = Settings().with_(bootstrap_servers=bootstrap, namespace=f"bench{int(time.time())}{name}.",
                                database_url=store_url(name), keyring_dir=workdir / "keys",
                                state_dir=workdir / f"state-{name}", partitions=partitions, batch_size=batch,
                                privacy=privacy, engine=engine)
    platform = Platform(settings)
    platform.ensure_topics()
    t = time.perf_counter()
    messages = make_events(platform, n_events, n_children, seal=privacy)
    gc.freeze()  # a million generated messages would otherwise be re-scanned by every collection in this process
    say(f"[{name}] generated events", f"{len(messages)} in {time.perf_counter() - t:.1f}s")
    figures: dict = {"events": len(messages), "children": n_children, "privacy": privacy, "workers": workers,
                     "engine": engine}
    figures["ceilings"] = ceilings(bootstrap, messages, settings.namespace, partitions, broker_pid)
    for client, c in figures["ceilings"].items():
        say(f"[{name}] pass-through ceiling, {client}", f"{c['msgs_per_s']} msg/s" if c["msgs_per_s"]
            else "not measured (pip install -e '.[bench]' for confluent-kafka)")
        say(f"[{name}] CPU during the {client} ceiling", describe_cpu(c["cpu"], len(messages)))
    logs = RESULTS / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    procs = [WorkerProcess(settings, logs / f"{name}-w{i}.log").start() for i in range(workers)]
    time.sleep(8)  # let the group settle so that start-up is not counted as throughput
    producer = platform.producer_for("admin")  # publishes for every department at once
    meter = CpuMeter({"publisher": [os.getpid()], "broker": [broker_pid],
                      "workers": [p.proc.pid for p in procs if p.proc],
                      **({"store": store_pids} if store_pids else {})})
    started = time.perf_counter()
    for topic, key, value in messages:
        producer.send(topic, key=key, value=value)
    producer.flush()
    figures["publish_s"] = round(time.perf_counter() - started, 2)
    wait_caught_up(platform.store, settings, timeout=3600, workers=procs)
    elapsed = time.perf_counter() - started
    figures["e2e_events_per_s"] = round(len(messages) / elapsed)
    figures["share_of_aiokafka"] = share(figures["e2e_events_per_s"], figures["ceilings"], "aiokafka")
    figures["share_of_librdkafka"] = share(figures["e2e_events_per_s"], figures["ceilings"], "librdkafka")
    figures["share_of_kafka_python"] = share(figures["e2e_events_per_s"], figures["ceilings"], "kafka-python")
    figures["e2e_cpu"] = meter.stop()
    figures["processor_peak_rss_mb"] = round(max(peak_rss_mb(p.proc.pid) for p in procs if p.proc), 1)
    figures["workers_alive_at_end"] = sum(p.alive for p in procs)
    # Latency is measured on a paced load (half the measured throughput), where it means something: under the
    # saturating load above it is mostly time spent queueing behind a million earlier events.
    rate = max(50, figures["e2e_events_per_s"] // 2)
    paced = make_events(platform, paced_events, max(1, paced_events // 6), seal=privacy, seed=12)
    t0 = time.perf_counter()
    for i, (topic, key, value) in enumerate(paced):
        delay = t0 + i / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        producer.send(topic, key=key, value=value)
    producer.flush()
    wait_caught_up(platform.store, settings, timeout=3600, workers=procs)
    time.sleep(2)  # the outbox relay publishes changes right after commit
    for p in procs:
        p.stop()
    lat = latencies(bootstrap, platform, {json.loads(v)["event_id"] for _, _, v in paced})
    figures.update(latency_rate_events_per_s=rate, latency_p50_s=round(pct(lat, 50), 3),
                   latency_p95_s=round(pct(lat, 95), 3), latency_p99_s=round(pct(lat, 99), 3),
                   latency_samples=len(lat))
    shares = ", ".join(f"{figures[k]:.0%} of {c}" for k, c in (("share_of_aiokafka", "aiokafka"),
                       ("share_of_librdkafka", "librdkafka"), ("share_of_kafka_python", "kafka-python")) if figures[k])
    say(f"[{name}] end-to-end throughput", f"{figures['e2e_events_per_s']} events/s "
        f"({shares}; publishing alone took {figures['publish_s']}s)")
    say(f"[{name}] latency publish->projection p50/p95/p99",
        f"{figures['latency_p50_s']}s / {figures['latency_p95_s']}s / {figures['latency_p99_s']}s "
        f"({len(lat)} events paced at {rate}/s)")
    say(f"[{name}] CPU during end-to-end", describe_cpu(figures["e2e_cpu"], len(messages)))
    say(f"[{name}] processor peak memory", f"{figures['processor_peak_rss_mb']} MB")
    figures["where_time_goes"] = breakdown(platform, messages, store_url, name)
    say(f"[{name}] one worker, in-process, no broker",
        f"{figures['where_time_goes']['handler_events_per_s']} events/s, "
        f"{figures['where_time_goes']['cpu_us_per_event']} µs CPU/event; "
        + ", ".join(f"{k} {v:.0%}" for k, v in figures["where_time_goes"]["share"].items()))
    rebuilt = open_store(store_url(f"{name}-rebuilt"))
    t, cpu = time.perf_counter(), time.process_time()
    rebuild_handler = platform.handler(store=rebuilt, group="rebuild", emit=False)
    replay(bootstrap, platform.topics, rebuilt, handler=rebuild_handler)
    figures["rebuild_s"] = round(time.perf_counter() - t, 1)
    figures["rebuild_cpu_s"] = round(time.process_time() - cpu, 1)  # this process only: what the rebuild itself cost
    figures["rebuild_events_per_s"] = round(len(messages) / figures["rebuild_s"])
    figures["rebuild_phases_s"] = {k: round(v, 1) for k, v in rebuild_handler.timings.items()}
    say(f"[{name}] rebuild (replay of the full log)",
        f"{figures['rebuild_s']}s ({figures['rebuild_events_per_s']} ev/s); "
        f"{figures['rebuild_cpu_s']}s CPU ({figures['rebuild_cpu_s'] / len(messages) * 1e6:.0f} µs/event)")
    rebuilt.close()
    platform.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--bootstrap", help="use this broker instead of starting one")
    parser.add_argument("--engine", default="direct", choices=["direct", "faust", "both"],
                        help="both: every case with each engine")
    parser.add_argument("--paced-events", type=int, default=10000, help="events of the paced latency run")
    parser.add_argument("--skip-plain", action="store_true", help="only the run with encryption and redaction")
    parser.add_argument("--skip-privacy", action="store_true", help="only the run without encryption and redaction")
    parser.add_argument("--store", default="sqlite", choices=["sqlite", "postgresql"],
                        help="postgresql starts a local server from Debian's packages (fsync off, as in the tests)")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        broker = None
        if not args.bootstrap:
            broker = LocalKafka(data_dir=workdir / "kafka", heap="1g").start().wait_ready()
            os.environ.update(broker.client_env())  # every client here (and the workers) authenticates
        bootstrap = args.bootstrap or broker.bootstrap_servers
        broker_pid = broker.pid if broker else None
        pg = LocalPostgres().start() if args.store == "postgresql" else None
        store_url = (lambda n: pg.create_database(n.replace("-", "_"))) if pg else None
        store_pids = postgres_pids if pg else None
        try:
            results = {}
            engines = ["direct", "faust"] if args.engine == "both" else [args.engine]
            cases = [(p, e) for e in engines for p in (False, True)
                     if not (p and args.skip_privacy) and not (not p and args.skip_plain)]
            for privacy, engine in cases:
                name = ("privacy" if privacy else "plain") + (f"-{engine}" if len(engines) > 1 else "")
                results[name] = run_case(bootstrap, workdir, name, args.events, args.children, privacy,
                                         args.workers, args.partitions, args.batch, engine,
                                         args.paced_events, broker_pid, store_url, store_pids)
        finally:
            if broker:
                broker.stop()
            if pg:
                pg.stop()
    out = RESULTS / "pipeline.json"
    out.write_text(json.dumps({"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "args": vars(args),
                               "results": results}, indent=1))
    say("written", out)


if __name__ == "__main__":
    main()
