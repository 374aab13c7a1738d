"""Producer and consumer ports: what the platform asks of a Kafka client, and one in-memory broker behind both for
unit tests. kafka-python's KafkaProducer and KafkaConsumer are the production implementations; they are built in one
place each, services/adapters/kafka_admin.py (`idempotent_producer`, `kafka_consumer`)."""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kafka import TopicPartition  # a namedtuple (topic, partition); kafka-python's consumer accepts no other type

__all__ = ["TopicPartition", "Message", "SendFuture", "Producer", "Consumer", "InMemoryBroker", "InMemoryProducer",
           "InMemoryConsumer", "StoredMessage"]


class Message(Protocol):
    """A consumed message (kafka-python's ConsumerRecord is one)."""

    @property
    def topic(self) -> str: ...
    @property
    def partition(self) -> int: ...
    @property
    def offset(self) -> int: ...
    @property
    def key(self) -> bytes | None: ...
    @property
    def value(self) -> bytes | None: ...
    @property
    def headers(self) -> Sequence[tuple[str, bytes]]: ...


class SendFuture(Protocol):
    """What a send returns: `get` waits for the broker's acknowledgement and raises what it refused with."""

    def get(self, timeout: float | None = None) -> Any: ...


class Producer(Protocol):
    """The producer port: the relay, the audit sink, views, care jobs and the department SDK send through it."""

    def send(self, topic: str, value: bytes | None = None, key: bytes | None = None,
             headers: list[tuple[str, bytes]] | None = None, partition: int | None = None) -> SendFuture: ...

    def partitions_for(self, topic: str) -> set[int]: ...

    def flush(self, timeout: float | None = None) -> None: ...

    def close(self, timeout: float | None = None) -> None: ...


class Consumer(Protocol):
    """The consumer port: assigned partitions read from chosen offsets (rebuild, audit topic, views, health), or a
    consumer group's subscription (the direct engine, following projection changes)."""

    def partitions_for_topic(self, topic: str) -> set[int] | None: ...

    def assign(self, partitions: list[Any]) -> None: ...

    def subscribe(self, topics: Sequence[str], listener: Any = None) -> None: ...

    def seek(self, partition: Any, offset: int) -> None: ...

    def seek_to_beginning(self, *partitions: Any) -> None: ...

    def position(self, partition: Any) -> int: ...

    def end_offsets(self, partitions: list[Any]) -> dict[Any, int]: ...

    def poll(self, timeout_ms: int = 0, max_records: int | None = None) -> dict[Any, list[Any]]: ...

    def commit(self) -> None: ...

    def close(self) -> None: ...

    def __iter__(self) -> Iterator[Any]: ...


# An in-memory broker -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredMessage:
    """A message as the in-memory broker keeps it."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...] = ()


class _Done:
    """An acknowledged send (or one that failed with `error`)."""

    def __init__(self, message: StoredMessage | None = None, error: Exception | None = None) -> None:
        self.message, self.error = message, error

    def get(self, timeout: float | None = None) -> StoredMessage | None:
        if self.error is not None:
            raise self.error
        return self.message


@dataclass
class InMemoryBroker:
    """Topics as lists per partition, for unit tests: producers append, consumers read; `down` makes every send fail
    the way an unreachable broker does, `refuse(predicate)` makes the broker refuse matching messages for good."""

    partitions: int = 3
    down: bool = False
    _log: dict[TopicPartition, list[StoredMessage]] = field(default_factory=dict)
    _committed: dict[tuple[str, TopicPartition], int] = field(default_factory=dict)
    _refusals: list[tuple[Any, Exception]] = field(default_factory=list)
    _order: list[StoredMessage] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def producer(self) -> InMemoryProducer:
        return InMemoryProducer(self)

    def consumer(self, *topics: str, group_id: str | None = None, **_: Any) -> InMemoryConsumer:
        consumer = InMemoryConsumer(self, group_id)
        if topics:
            consumer.subscribe(topics)
        return consumer

    def refuse(self, predicate: Any, error: Exception) -> None:
        """Refuse, with `error` from the send's future, every message for which predicate(message) is true."""
        self._refusals.append((predicate, error))

    def messages(self, topic: str | None = None) -> list[StoredMessage]:
        """Every message (of one topic), in the order they were sent."""
        with self._lock:
            return [m for m in self._order if topic is None or m.topic == topic]

    def sent(self) -> list[tuple[str, bytes | None]]:
        """(topic, value) of every message, in the order they were sent."""
        return [(m.topic, m.value) for m in self.messages()]

    def _append(self, topic: str, key: bytes | None, value: bytes | None, headers: Iterable[tuple[str, bytes]],
                partition: int | None) -> _Done:
        if self.down:
            raise ConnectionError("broker down")
        if partition is None:
            partition = zlib.crc32(key) % self.partitions if key is not None else len(self._order) % self.partitions
        with self._lock:
            log = self._log.setdefault(TopicPartition(topic, partition), [])
            message = StoredMessage(topic, partition, len(log), key, value, tuple(headers))
            for predicate, error in self._refusals:
                if predicate(message):
                    return _Done(error=error)
            log.append(message)
            self._order.append(message)
        return _Done(message)


class InMemoryProducer:
    """The producer port over an InMemoryBroker; `messages` are those this producer had acknowledged."""

    def __init__(self, broker: InMemoryBroker) -> None:
        self.broker = broker
        self.messages: list[StoredMessage] = []
        self.closed = False

    @property
    def sent(self) -> list[tuple[str, bytes | None]]:
        """(topic, value) of each message this producer had acknowledged, in order."""
        return [(m.topic, m.value) for m in self.messages]

    def send(self, topic: str, value: bytes | None = None, key: bytes | None = None,
             headers: list[tuple[str, bytes]] | None = None, partition: int | None = None) -> _Done:
        done = self.broker._append(topic, key, value, headers or (), partition)
        if done.message is not None:
            self.messages.append(done.message)
        return done

    def partitions_for(self, topic: str) -> set[int]:
        return set(range(self.broker.partitions))

    def flush(self, timeout: float | None = None) -> None:
        return None

    def close(self, timeout: float | None = None) -> None:
        self.closed = True


class InMemoryConsumer:
    """The consumer port over an InMemoryBroker. A subscription reads every partition from the group's committed
    offsets (one member per group: no rebalancing)."""

    def __init__(self, broker: InMemoryBroker, group_id: str | None = None) -> None:
        self.broker, self.group_id = broker, group_id
        self._positions: dict[TopicPartition, int] = {}
        self.closed = False

    def partitions_for_topic(self, topic: str) -> set[int] | None:
        return set(range(self.broker.partitions))

    def assign(self, partitions: list[Any]) -> None:
        self._positions = {TopicPartition(*tp): 0 for tp in partitions}

    def subscribe(self, topics: Sequence[str], listener: Any = None) -> None:
        group = self.group_id or ""
        self._positions = {tp: self.broker._committed.get((group, tp), 0)
                           for t in topics for tp in (TopicPartition(t, p) for p in range(self.broker.partitions))}
        if listener is not None:
            listener.on_partitions_assigned(list(self._positions))

    def seek(self, partition: Any, offset: int) -> None:
        self._positions[TopicPartition(*partition)] = offset

    def seek_to_beginning(self, *partitions: Any) -> None:
        for tp in partitions or tuple(self._positions):
            self._positions[TopicPartition(*tp)] = 0

    def position(self, partition: Any) -> int:
        return self._positions[TopicPartition(*partition)]

    def end_offsets(self, partitions: list[Any]) -> dict[Any, int]:
        with self.broker._lock:
            return {tp: len(self.broker._log.get(TopicPartition(*tp), [])) for tp in partitions}

    def poll(self, timeout_ms: int = 0, max_records: int | None = None) -> dict[Any, list[Any]]:
        out: dict[Any, list[Any]] = {}
        left = max_records if max_records is not None else 1 << 30
        with self.broker._lock:
            for tp, position in self._positions.items():
                batch = self.broker._log.get(tp, [])[position:position + left]
                if batch:
                    out[tp] = list(batch)
                    self._positions[tp] = position + len(batch)
                    left -= len(batch)
        return out

    def commit(self) -> None:
        for tp, position in self._positions.items():
            self.broker._committed[(self.group_id or "", tp)] = position

    def close(self) -> None:
        self.closed = True

    def __iter__(self) -> Iterator[StoredMessage]:
        while polled := self.poll():
            for messages in polled.values():
                yield from messages
