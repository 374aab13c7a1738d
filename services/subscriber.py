"""Subscriber SDK for downstream apps: follow a per-purpose view from a given offset, or catch up from the start."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kafka import KafkaConsumer, TopicPartition

from services.kafka_admin import client_config
from services.topics import Topics
from services.views import open_view


@dataclass(frozen=True)
class ViewUpdate:
    """The newest allowed fields of one child, as delivered to this app."""

    child_key: str
    version: int
    erased: bool
    fields: dict[str, Any]
    partition: int
    offset: int


class ViewSubscriber:
    """Reads view.<purpose> with the app's view key; resume by passing the offsets you stored."""

    def __init__(self, bootstrap_servers: str, purpose: str, view_key: bytes, namespace: str = "",
                 from_offsets: dict[int, int] | None = None) -> None:
        self.topic = Topics(namespace).view(purpose)
        self.key = view_key
        self.consumer = KafkaConsumer(**client_config(bootstrap_servers, f"app:{purpose}"), group_id=None,
                                      enable_auto_commit=False)
        partitions = [TopicPartition(self.topic, p) for p in sorted(self.consumer.partitions_for_topic(self.topic)
                                                                    or ())]
        self.consumer.assign(partitions)
        if from_offsets:
            for tp in partitions:
                if tp.partition in from_offsets:
                    self.consumer.seek(tp, from_offsets[tp.partition])
                else:
                    self.consumer.seek_to_beginning(tp)
        else:
            self.consumer.seek_to_beginning(*partitions)  # catch-up from the beginning

    def poll(self, timeout_ms: int = 1000) -> list[ViewUpdate]:
        """The next batch of updates (empty when none arrived within the timeout)."""
        out = []
        for records in self.consumer.poll(timeout_ms=timeout_ms).values():
            for r in records:
                child_key = r.key.decode()
                body = open_view(self.key, child_key, r.value)
                # Field views carry "fields"; derived views (entitlements) carry their own keys.
                fields = body["fields"] if "fields" in body else {
                    k: v for k, v in body.items() if k not in ("child_key", "version", "erased")}
                out.append(ViewUpdate(child_key, body["version"], body.get("erased", False), fields, r.partition,
                                      r.offset))
        return out

    def __iter__(self) -> Iterator[ViewUpdate]:
        while True:
            yield from self.poll()

    def close(self) -> None:
        self.consumer.close()
