"""The audit chain's signed head kept as a file in the keyring directory, and the audit topic read back for verify.

The file is replaced atomically (write a 0600 temporary file, fsync, rename) under an exclusive `flock`, and only by a
newer checkpoint, so several processes appending at once never move it backwards.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from privacy.audit import AnchorStore, AuditRecord, Checkpoint

ANCHOR_FILE = "audit-anchor.json"


def _private_file(path: Path) -> int:
    """Open (creating 0600) for writing; an existing file is narrowed to 0600 too."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.fchmod(fd, 0o600)
    return fd


class FileAnchorStore(AnchorStore):
    """`audit-anchor.json` (and its lock file) in a directory, both 0600."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)
        self.path = self.directory / ANCHOR_FILE

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = _private_file(self.directory / f"{ANCHOR_FILE}.lock")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def load(self) -> Checkpoint | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            data = json.loads(text)
        except ValueError:
            data = {}
        return Checkpoint.from_dict(data if isinstance(data, dict) else {})

    def advance(self, checkpoint: Checkpoint, fits: Callable[[Checkpoint | None], bool]) -> bool:
        with self._locked():
            current = self.load()
            if current is not None and current.seq >= checkpoint.seq:
                return False
            if not fits(current):
                return False
            tmp = self.directory / f".{ANCHOR_FILE}.{os.getpid()}.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                os.fchmod(fh.fileno(), 0o600)
                json.dump(checkpoint.to_dict(), fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
            return True


def read_audit_topic(bootstrap_servers: str, topic: str, timeout_s: float = 30,
                     settings: Any = None) -> tuple[list[AuditRecord], list[Checkpoint]]:
    """Every record (and checkpoint) on the audit topic, from the beginning to the end each partition had when this
    started. Read it before the anchor and the table: every record on the topic was in the table and the anchor
    first."""
    from services.adapters.kafka_admin import kafka_consumer
    from services.adapters.messaging import TopicPartition

    consumer = kafka_consumer(bootstrap_servers, "audit", settings=settings, request_timeout_ms=15000)
    records: list[AuditRecord] = []
    checkpoints: list[Checkpoint] = []
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        if not tps:
            return records, checkpoints
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        deadline = time.monotonic() + timeout_s
        while any(consumer.position(tp) < end[tp] for tp in tps):
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read the audit topic {topic} to its end")
            for messages in consumer.poll(1000).values():
                for message in messages:
                    if message.offset >= end[TopicPartition(message.topic, message.partition)]:
                        continue  # appended while reading: the table read after this may not have it yet
                    row: dict[str, Any] = json.loads(message.value)
                    if isinstance(row.get("checkpoint"), dict):
                        checkpoints.append(Checkpoint.from_dict(row.pop("checkpoint")))
                    records.append(AuditRecord.from_row(row))
    finally:
        consumer.close()
    return records, checkpoints
