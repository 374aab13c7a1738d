"""Settings from the environment, with embedded defaults (SQLite file, local broker)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class Settings:
    """Everything the composition root needs; nothing is connected when this is built."""

    bootstrap_servers: str = field(
        default_factory=lambda: _env("KAFKA_BOOTSTRAP_SERVERS", _env("CHILDCARE_KAFKA", "127.0.0.1:9092")))
    database_url: str = field(default_factory=lambda: _env("CHILDCARE_DATABASE_URL", "sqlite:///var/childcare.db"))
    namespace: str = field(default_factory=lambda: _env("CHILDCARE_NAMESPACE", ""))  # topic/group prefix; tests isolate
    partitions: int = field(default_factory=lambda: int(_env("CHILDCARE_PARTITIONS", "3")))
    keyring_dir: Path = field(default_factory=lambda: Path(_env("CHILDCARE_KEYRING_DIR", "var/keys")))
    state_dir: Path = field(default_factory=lambda: Path(_env("CHILDCARE_STATE_DIR", "var/state")))  # worker scratch
    # Off only for benchmark baselines: personal data would then be stored in plaintext.
    privacy: bool = field(default_factory=lambda: _env("CHILDCARE_PRIVACY", "1") != "0")
    # faust (the stream framework) or direct (kafka-python batches, for throughput); never mix them in one group.
    engine: str = field(default_factory=lambda: _env("CHILDCARE_ENGINE", "faust"))
    batch_size: int = field(default_factory=lambda: int(_env("CHILDCARE_BATCH_SIZE", "2000")))
    batch_within_s: float = field(default_factory=lambda: float(_env("CHILDCARE_BATCH_WITHIN", "0.2")))
    # Records a worker keeps in memory after writing them (about 10 KB each), so that a child's next event needs no
    # store read; 0 turns it off. Safe with any number of workers: a record changed elsewhere makes the write clash.
    record_cache: int = field(default_factory=lambda: int(_env("CHILDCARE_RECORD_CACHE", "50000")))

    @property
    def processor_group(self) -> str:
        """The one consumer group every processor worker joins (scale-out = more workers here)."""
        return f"{self.namespace}childcare-processor"

    def with_(self, **changes: object) -> Settings:
        """A copy with some settings changed."""
        return replace(self, **changes)  # type: ignore[arg-type]
