"""The composition root: builds store, keys, producer and handler from settings. Nothing connects at import time."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from services.settings import Settings
from services.store import ProjectionStore, open_store
from services.topics import Topics


def local_secret(directory: Path, name: str) -> bytes:
    """A named 256-bit secret in a 0600 file, created on first use (never in the repo: var/ is ignored)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.secret"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
    return path.read_bytes()


@dataclass
class Platform:
    """Lazily built parts of one running service."""

    settings: Settings = field(default_factory=Settings)

    @property
    def topics(self) -> Topics:
        return Topics(self.settings.namespace)

    @cached_property
    def store(self) -> ProjectionStore:
        return open_store(self.settings.database_url)

    @cached_property
    def pseudonym_secret(self) -> bytes:
        return local_secret(self.settings.keyring_dir, "pseudonym")

    @cached_property
    def producer(self) -> Any:
        from services.kafka_admin import idempotent_producer

        return idempotent_producer(self.settings.bootstrap_servers)

    def ensure_topics(self) -> None:
        """Create every topic the pipeline uses."""
        from services.kafka_admin import ensure_topics

        t = self.topics
        ensure_topics(self.settings.bootstrap_servers, [*t.departments, t.dead_letter, t.changes, t.audit],
                      self.settings.partitions)

    def handler(self, emit: bool = True) -> Any:
        from services.processor.handler import BatchHandler

        return BatchHandler(self.store, self.topics, self.settings.processor_group, emit=emit)

    def publisher(self) -> Any:
        from services.publisher import Publisher

        return Publisher(self.settings.bootstrap_servers, self.settings.namespace, producer=self.producer)

    def close(self) -> None:
        """Release what was built."""
        if "producer" in self.__dict__:
            self.producer.close()
        if "store" in self.__dict__:
            self.store.close()
