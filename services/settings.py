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
    # direct (kafka-python batches; the default: about twice faust's throughput for the same CPU, see README Measured)
    # or faust (the stream framework, still supported and tested); never mix them in one group.
    engine: str = field(default_factory=lambda: _env("CHILDCARE_ENGINE", "direct"))
    batch_size: int = field(default_factory=lambda: int(_env("CHILDCARE_BATCH_SIZE", "2000")))
    batch_within_s: float = field(default_factory=lambda: float(_env("CHILDCARE_BATCH_WITHIN", "0.2")))
    # Records a worker keeps in memory after writing them (about 10 KB each), so that a child's next event needs no
    # store read; 0 turns it off. Safe with any number of workers: a record changed elsewhere makes the write clash.
    record_cache: int = field(default_factory=lambda: int(_env("CHILDCARE_RECORD_CACHE", "50000")))
    # ... and at most this many megabytes of them (records grow with a child's history; bytes bound the memory).
    record_cache_mb: int = field(default_factory=lambda: int(_env("CHILDCARE_RECORD_CACHE_MB", "64")))
    # Kafka authentication (see README "Broker authentication"). Either one identity for the whole process
    # (KAFKA_SASL_USERNAME/PASSWORD, how a deployment is given its principal), or the local broker's credentials file,
    # from which each client picks the principal of its role. The protocol defaults to the file's when it exists,
    # else PLAINTEXT; SASL_SSL adds TLS (KAFKA_SSL_CAFILE: the CA that signed the brokers' certificates).
    kafka_security_protocol: str = field(default_factory=lambda: _env("KAFKA_SECURITY_PROTOCOL", ""))
    kafka_sasl_mechanism: str = field(default_factory=lambda: _env("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"))
    kafka_sasl_username: str = field(default_factory=lambda: _env("KAFKA_SASL_USERNAME", ""))
    kafka_sasl_password: str = field(default_factory=lambda: _env("KAFKA_SASL_PASSWORD", ""), repr=False)
    kafka_credentials_file: Path = field(
        default_factory=lambda: Path(_env("KAFKA_CREDENTIALS_FILE", "var/kafka/credentials.json")))
    kafka_ssl_cafile: str = field(default_factory=lambda: _env("KAFKA_SSL_CAFILE", ""))

    def to_env(self) -> dict[str, str]:
        """Every setting as the environment variable it is read from, so that a child process (a spawned worker)
        builds exactly these settings: `Settings()` there equals this object."""
        values = {name: getattr(self, name) for name in ENV_NAMES}
        values["privacy"] = "1" if self.privacy else "0"
        values["kafka_credentials_file"] = self.kafka_credentials_file.absolute()
        return {ENV_NAMES[name]: str(value) for name, value in values.items()}

    @property
    def processor_group(self) -> str:
        """The one consumer group every processor worker joins (scale-out = more workers here)."""
        return f"{self.namespace}childcare-processor"

    def with_(self, **changes: object) -> Settings:
        """A copy with some settings changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


# The environment variable each setting is read from (the first one its default looks at).
ENV_NAMES = {"bootstrap_servers": "KAFKA_BOOTSTRAP_SERVERS", "database_url": "CHILDCARE_DATABASE_URL",
             "namespace": "CHILDCARE_NAMESPACE", "partitions": "CHILDCARE_PARTITIONS",
             "keyring_dir": "CHILDCARE_KEYRING_DIR", "state_dir": "CHILDCARE_STATE_DIR", "privacy": "CHILDCARE_PRIVACY",
             "engine": "CHILDCARE_ENGINE", "batch_size": "CHILDCARE_BATCH_SIZE",
             "batch_within_s": "CHILDCARE_BATCH_WITHIN", "record_cache": "CHILDCARE_RECORD_CACHE",
             "record_cache_mb": "CHILDCARE_RECORD_CACHE_MB",
             "kafka_security_protocol": "KAFKA_SECURITY_PROTOCOL", "kafka_sasl_mechanism": "KAFKA_SASL_MECHANISM",
             "kafka_sasl_username": "KAFKA_SASL_USERNAME", "kafka_sasl_password": "KAFKA_SASL_PASSWORD",
             "kafka_credentials_file": "KAFKA_CREDENTIALS_FILE", "kafka_ssl_cafile": "KAFKA_SSL_CAFILE"}
