"""Start processor workers as child processes (demo, tests, benchmarks) and watch them catch up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from services.adapters.kafka_admin import group_members, kafka_consumer
from services.adapters.messaging import TopicPartition
from services.adapters.store.port import ProjectionStore
from services.adapters.topics import Topics
from services.settings import Settings


def worker_env(settings: Settings) -> dict[str, str]:
    """The environment of a worker process: every setting (Settings.to_env). CHILDCARE_KAFKA, an older name of the
    bootstrap servers that KAFKA_BOOTSTRAP_SERVERS overrides, is set too so that it cannot disagree."""
    env = settings.to_env()
    env["CHILDCARE_KAFKA"] = settings.bootstrap_servers
    return env


class WorkerProcess:
    """One `childcare process` worker in its own process, so it can be killed like a real crash."""

    def __init__(self, settings: Settings, log_path: Path | None = None) -> None:
        self.settings = settings
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.start_env: dict[str, str] = {}  # extra environment, e.g. a fault-injection point

    def start(self) -> WorkerProcess:
        # Every setting, so the worker runs with exactly the settings it was given (not the parent's environment).
        env = {**os.environ, **worker_env(self.settings), **self.start_env}
        cmd = [sys.executable, "-m", "services.entrypoints.cli", "process"]
        if self.log_path is None:
            self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            return self
        env.setdefault("CHILDCARE_LOG_REBALANCES", "1")  # its log then says what the group was doing, should it stall
        with open(self.log_path, "ab") as out:  # the worker keeps its own copy of the descriptor
            self.proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no final commit (a crash at an arbitrary instruction)."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM and wait; SIGKILL if it does not stop in time."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self, lines: int = 40) -> str:
        """The end of the worker's output, for error messages."""
        if not self.log_path or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


def end_offsets(bootstrap_servers: str, topics: list[str]) -> dict[tuple[str, int], int]:
    """The current end offset of every partition of these topics."""
    consumer = kafka_consumer(bootstrap_servers, "processor")
    try:
        tps = [TopicPartition(t, p) for t in topics for p in sorted(consumer.partitions_for_topic(t) or ())]
        return {(tp.topic, tp.partition): o for tp, o in consumer.end_offsets(tps).items()}
    finally:
        consumer.close()


def wait_group_formed(settings: Settings, workers: list[WorkerProcess], timeout: float = 120) -> None:
    """Block until the processor group is stable with one member per worker, each holding partitions.

    A worker takes seconds to start (measured 3-14 s on a quiet 2-core host, up to 50 s with other work running): a
    fixed pause let a test publish, and kill a worker, before the other had joined."""
    deadline = time.monotonic() + timeout
    while True:
        state, held = group_members(settings.bootstrap_servers, settings.processor_group, settings)
        if state == "Stable" and len(held) == len(workers) and all(held):
            return
        dead = [w for w in workers if not w.alive]
        if dead:
            tails = "\n".join(w.log_tail() for w in dead)
            raise RuntimeError(f"a processor worker exited before the group formed:\n{tails}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"the processor group did not form with {len(workers)} members in {timeout}s: "
                               f"{state}, partitions per member {held}")
        time.sleep(0.5)


def wait_caught_up(store: ProjectionStore, settings: Settings, timeout: float = 120,
                   workers: list[WorkerProcess] | None = None) -> None:
    """Block until the store's positions reach the end of every ingest partition (as it was when called).

    A timeout says how long ago the lag last shrank (a worker that stalls, not one that is slow, is what a timeout has
    meant so far: a survivor catches up in seconds) and ends with each worker's log."""
    topics = Topics(settings.namespace)
    target = {k: v for k, v in end_offsets(settings.bootstrap_servers, topics.departments).items() if v > 0}
    started = time.monotonic()
    deadline, least, shrank = started + timeout, sum(target.values()) + 1, started
    while True:
        done = store.positions(settings.processor_group)
        behind = {k: v - done.get(k, 0) for k, v in target.items() if done.get(k, 0) < v}
        if not behind:
            return
        if sum(behind.values()) < least:
            least, shrank = sum(behind.values()), time.monotonic()
        if workers is not None and not any(w.alive for w in workers):
            tails = "\n".join(w.log_tail() for w in workers)
            raise RuntimeError(f"every processor worker has exited:\n{tails}")
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- worker {i} ({'alive' if w.alive else 'exited'}):\n{w.log_tail()}"
                              for i, w in enumerate(workers or ()))
            raise TimeoutError(f"processor still behind after {timeout}s ({least} message(s) in {len(behind)} "
                               f"partition(s); the lag last shrank {shrank - started:.0f}s in): {behind}\n{tails}")
        time.sleep(0.2)
