"""Session fixtures: one real Kafka broker and one PostgreSQL server per test run, names unique per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory) -> Iterator[object | None]:
    """The session's LocalKafka, or None when KAFKA_BOOTSTRAP_SERVERS names an external broker."""
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield None
        return
    from devtools.broker import LocalKafka

    broker = LocalKafka(data_dir=tmp_path_factory.mktemp("kafka")).start().wait_ready()
    # Every client (and spawned worker) finds the broker's credentials file here and picks its role's principal.
    saved = {k: os.environ.get(k) for k in ("KAFKA_CREDENTIALS_FILE", "KAFKA_SECURITY_PROTOCOL")}
    os.environ["KAFKA_CREDENTIALS_FILE"] = str(broker.credentials_file)
    os.environ["KAFKA_SECURITY_PROTOCOL"] = "SASL_PLAINTEXT"
    yield broker
    broker.stop()
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def kafka_bootstrap(kafka_broker) -> str:
    return kafka_broker.bootstrap_servers if kafka_broker else os.environ["KAFKA_BOOTSTRAP_SERVERS"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    """A throwaway PostgreSQL server; skipped locally when PostgreSQL is absent, a failure under CI."""
    from devtools.pg_local import LocalPostgres, PostgresMissing

    try:
        server = LocalPostgres().start()
    except PostgresMissing as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {exc}")
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture
def fresh_postgres_url(postgres_server) -> str:
    """An empty database of its own for one test."""
    return postgres_server.create_database("t" + uuid.uuid4().hex[:12])


@pytest.fixture
def unique_name() -> str:
    """A short name no other test uses (topics, groups)."""
    return "t" + uuid.uuid4().hex[:8]
