"""Subscriber SDK for downstream apps: follow a per-purpose view from a given offset, or catch up from the start.

Each message is sealed under a key of its child (derived from the child's data key): the app asks the platform for
it through a key source, and after an erasure no key comes back, so the child's old messages cannot be read.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from privacy.keyring import ChildErased, KeyMissing
from privacy.per_child import KeySource
from services.adapters.kafka_admin import kafka_consumer
from services.adapters.messaging import TopicPartition
from services.adapters.topics import Topics
from services.usecases.views import open_view


@dataclass(frozen=True)
class ViewUpdate:
    """The newest allowed fields of one child, as delivered to this app (erased: the child is gone, no fields)."""

    child_key: str
    version: int | None
    erased: bool
    fields: dict[str, Any]
    partition: int
    offset: int


class ApiViewKeys:
    """A key source over the platform's API: GET /views/{purpose}/keys/{key id} with the app's token (audited)."""

    def __init__(self, base_url: str, token: str, purpose: str, timeout: float = 10) -> None:
        self.base_url, self.token, self.purpose, self.timeout = base_url.rstrip("/"), token, purpose, timeout
        self._cache: dict[str, bytes] = {}

    def __call__(self, key_id: str) -> bytes:
        if key_id not in self._cache:
            request = urllib.request.Request(f"{self.base_url}/views/{self.purpose}/keys/{key_id}",
                                             headers={"Authorization": f"Bearer {self.token}",
                                                      "X-Purpose": self.purpose})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    self._cache[key_id] = base64.b64decode(json.loads(response.read())["key"])
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    raise ChildErased(f"no key for {key_id} (erased or unknown)") from None
                raise
        return self._cache[key_id]


class ViewSubscriber:
    """Reads view.<purpose> with the app's key source; resume by passing the offsets you stored."""

    def __init__(self, bootstrap_servers: str, purpose: str, keys: KeySource, namespace: str = "",
                 from_offsets: dict[int, int] | None = None) -> None:
        self.topic = Topics(namespace).view(purpose)
        self.keys = keys
        self.consumer = kafka_consumer(bootstrap_servers, f"app:{purpose}")
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

    def _update(self, child_key: str, value: bytes | None, partition: int, offset: int) -> ViewUpdate:
        if value is None:  # tombstone: the child was erased
            return ViewUpdate(child_key, None, True, {}, partition, offset)
        try:
            body = open_view(self.keys, child_key, value)
        except (ChildErased, KeyMissing):  # an older message of a child erased since: unreadable, as promised
            return ViewUpdate(child_key, None, True, {}, partition, offset)
        # Field views carry "fields"; derived views (entitlements) carry their own keys.
        fields = body["fields"] if "fields" in body else {
            k: v for k, v in body.items() if k not in ("child_key", "version", "erased")}
        return ViewUpdate(child_key, body["version"], body.get("erased", False), fields, partition, offset)

    def poll(self, timeout_ms: int = 1000) -> list[ViewUpdate]:
        """The next batch of updates (empty when none arrived within the timeout)."""
        return [self._update(r.key.decode(), r.value, r.partition, r.offset)
                for records in self.consumer.poll(timeout_ms=timeout_ms).values() for r in records]

    def __iter__(self) -> Iterator[ViewUpdate]:
        while True:
            yield from self.poll()

    def close(self) -> None:
        self.consumer.close()
