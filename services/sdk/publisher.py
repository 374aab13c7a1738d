"""Publisher SDK for department systems: validated events onto Kafka, keyed by child so each child stays in order."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from events.envelope import Envelope, EventDecodeError, encode, parse
from services.adapters.kafka_admin import idempotent_producer
from services.adapters.messaging import Producer
from services.adapters.topics import Topics

# Edge protection applied before bytes leave the department (e.g. sealing personal fields).
EdgeStep = Callable[[Envelope], Envelope]


class Publisher:
    """`publish(envelope)` with an idempotent producer; the topic is the source department's."""

    def __init__(self, bootstrap_servers: str, namespace: str = "", edge: EdgeStep | None = None,
                 producer: Producer | None = None, producer_for: Callable[[str], Producer] | None = None) -> None:
        self.topics = Topics(namespace)
        self.edge = edge
        # Each department publishes as its own Kafka principal (dept-<department>), which may write only its topic;
        # `producer` (one for all) is for callers that bring their own.
        self._fixed = producer
        self._producer_for = producer_for or (lambda d: idempotent_producer(bootstrap_servers, f"dept:{d}"))
        self._producers: dict[str, Producer] = {}
        self._owns = producer_for is None  # a producer_for's producers belong to its owner (e.g. the Platform)

    def _producer(self, department: str) -> Producer:
        if self._fixed is not None:
            return self._fixed
        if department not in self._producers:
            self._producers[department] = self._producer_for(department)
        return self._producers[department]

    def publish(self, envelope: Envelope) -> Any:
        """Send one event; returns the send future (`.get()` waits for the broker's ack)."""
        if self.edge is not None:
            envelope = self.edge(envelope)
        return self._send(envelope)

    def _send(self, envelope: Envelope) -> Any:
        return self._producer(envelope.source).send(self.topics.department(envelope.source),
                                                    key=envelope.child_key.encode(), value=encode(envelope))

    def protect_many(self, envelopes: Iterable[Envelope]) -> list[Envelope]:
        """The edge step over a batch: sealers that can (EdgeSealer.many) read and create the children's keys once
        for the whole batch."""
        envelopes = list(envelopes)
        if self.edge is None:
            return envelopes
        many: Callable[[list[Envelope]], list[Envelope]] | None = getattr(self.edge, "many", None)
        return many(envelopes) if many is not None else [self.edge(e) for e in envelopes]

    def publish_many(self, envelopes: Iterable[Envelope], chunk: int = 5000) -> int:
        """Send many (sealed `chunk` at a time) and wait until the broker has them all."""
        envelopes = list(envelopes)
        futures = [self._send(e) for i in range(0, len(envelopes), chunk)
                   for e in self.protect_many(envelopes[i:i + chunk])]
        self.flush()
        for f in futures:
            f.get(timeout=60)
        return len(futures)

    def _used(self) -> list[Any]:
        return [self._fixed] if self._fixed is not None else list(self._producers.values())

    def flush(self) -> None:
        """Wait for every pending send."""
        for p in self._used():
            p.flush()

    def close(self) -> None:
        """Flush and close the producers."""
        for p in self._used():
            p.flush()
            if self._owns or p is self._fixed:
                p.close()
        self._producers.clear()


def read_event_file(path: Path) -> tuple[list[Envelope], list[str]]:
    """Parse a JSON array or JSON-lines file of events; returns valid envelopes and one error per bad entry."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        try:
            entries = list(enumerate(json.loads(text), start=1))
        except json.JSONDecodeError as exc:
            return [], [f"{path}: not valid JSON: {exc}"]
        where = "item"
    else:
        entries = []
        errors: list[str] = []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entries.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                errors.append(f"{path}:{n}: not valid JSON: {exc}")
        where = "line"
        if errors:
            return [], errors
    envelopes, problems = [], []
    for n, data in entries:
        try:
            envelopes.append(parse(data))
        except EventDecodeError as exc:
            problems.append(f"{path} {where} {n}: {exc.reason}")
    return envelopes, problems
