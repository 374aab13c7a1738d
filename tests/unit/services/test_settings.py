"""Every setting reaches a spawned worker: the environment it is given rebuilds exactly the parent's settings."""

import dataclasses
from pathlib import Path

from services.processor.spawn import worker_env
from services.settings import ENV_NAMES, Settings


def _all_changed() -> Settings:
    """Settings in which every field differs from its default."""
    default = Settings()
    changed = {"bootstrap_servers": "broker-a:9093,broker-b:9093", "database_url": "sqlite:///elsewhere.db",
               "namespace": "t-ns.", "partitions": default.partitions + 4, "keyring_dir": Path("/tmp/k-elsewhere"),
               "state_dir": Path("/tmp/s-elsewhere"), "privacy": not default.privacy,
               "engine": "direct" if default.engine != "direct" else "faust", "batch_size": default.batch_size + 1,
               "batch_within_s": default.batch_within_s + 0.5, "record_cache": default.record_cache + 7,
               "record_cache_mb": default.record_cache_mb + 3,
               "kafka_security_protocol": "SASL_SSL", "kafka_sasl_mechanism": "SCRAM-SHA-256",
               "kafka_sasl_username": "someone", "kafka_sasl_password": "secret",
               "kafka_credentials_file": Path("/tmp/creds-elsewhere.json"), "kafka_ssl_cafile": "/tmp/ca.pem"}
    assert set(changed) == {f.name for f in dataclasses.fields(Settings)}, "a new setting needs a value here"
    settings = default.with_(**changed)
    assert all(getattr(settings, k) != getattr(default, k) for k in changed)
    return settings


def test_every_setting_has_an_environment_variable():
    assert set(ENV_NAMES) == {f.name for f in dataclasses.fields(Settings)}


def test_a_worker_environment_rebuilds_every_setting(monkeypatch):
    settings = _all_changed()
    for name in [*ENV_NAMES.values(), "CHILDCARE_KAFKA"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in worker_env(settings).items():
        monkeypatch.setenv(name, value)
    assert Settings() == settings


def test_the_worker_environment_overrides_the_parents(monkeypatch):
    monkeypatch.setenv("CHILDCARE_RECORD_CACHE", "1")
    monkeypatch.setenv("CHILDCARE_BATCH_WITHIN", "9")
    env = worker_env(Settings().with_(record_cache=5, batch_within_s=0.1))
    assert env["CHILDCARE_RECORD_CACHE"] == "5" and env["CHILDCARE_BATCH_WITHIN"] == "0.1"
