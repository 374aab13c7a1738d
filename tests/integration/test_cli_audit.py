"""CLI actions are audited to the table and the audit topic whenever a broker is configured; a configured broker that
cannot be reached stops the action (no audit, no action); without one, the table only, with a warning."""

import json

import pytest
from kafka import KafkaConsumer
from typer.testing import CliRunner

from services.adapters.kafka_admin import client_config
from services.bootstrap import Platform
from services.entrypoints.cli import app
from services.settings import Settings

runner = CliRunner()
AUDITED = [
    ["views", "key", "entitlement_matching", "ck_" + "0" * 40 + ".1", "--actor", "op-1"],
    ["show", "ck_" + "0" * 40, "--actor", "op-1", "--role", "school", "--purpose", "enrolment", "--area", "330106"],
    ["tokens", "list", "--actor", "op-1"],
    ["tokens", "issue", "teacher-li", "school", "--area", "330106", "--actor", "op-1"],
    ["tokens", "revoke", "--principal", "teacher-li", "--actor", "op-1"],
    ["audit", "query", "--actor", "op-1", "--denials"],
    ["audit", "verify", "--actor", "op-1"],
    ["care", "tasks", "--actor", "op-1"],
    ["care", "stats", "--actor", "op-1"],
    ["care", "report", "--actor", "op-1"],
]
IDS = [" ".join(c[:2]) for c in AUDITED]


@pytest.fixture
def env(tmp_path, monkeypatch):
    for name in ("KAFKA_BOOTSTRAP_SERVERS", "CHILDCARE_KAFKA", "CHILDCARE_NAMESPACE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CHILDCARE_DATABASE_URL", f"sqlite:///{tmp_path}/store.db")
    monkeypatch.setenv("CHILDCARE_KEYRING_DIR", str(tmp_path / "keys"))
    return monkeypatch


def trail():
    p = Platform(Settings())
    try:
        return [r.event for r in p.audit_sink(False).records()]
    finally:
        p.close()


@pytest.mark.parametrize("command", AUDITED, ids=IDS)
def test_an_unreachable_configured_broker_stops_the_action(env, command):
    env.setenv("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1")
    result = runner.invoke(app, command)
    assert result.exit_code == 3 and "no audit, no action" in result.output
    assert "cct_" not in result.output and "BROKEN" not in result.output and "ok:" not in result.output
    assert trail() == []


@pytest.mark.parametrize("command", AUDITED, ids=IDS)
def test_without_a_broker_the_table_is_audited_with_a_warning(env, command):
    result = runner.invoke(app, command)
    assert "audited to the audit table only" in result.output
    assert [e.actor for e in trail()] == ["op-1"]


@pytest.mark.kafka
def test_with_a_broker_cli_actions_reach_the_audit_topic(env, kafka_bootstrap, unique_name):
    env.setenv("KAFKA_BOOTSTRAP_SERVERS", kafka_bootstrap)
    env.setenv("CHILDCARE_NAMESPACE", f"{unique_name}.")
    p = Platform(Settings())
    p.ensure_topics()
    key_id, _ = p.keyring.data_key("ck_" + "0" * 40)  # a child the platform has sealed something for
    p.close()
    for command in (["views", "key", "entitlement_matching", key_id, "--actor", "op-1"],
                    ["tokens", "issue", "teacher-li", "school", "--area", "330106", "--actor", "op-2"],
                    ["care", "tasks", "--actor", "op-3"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0 and "audit table only" not in result.output, result.output
    consumer = KafkaConsumer(f"{unique_name}.audit", **client_config(kafka_bootstrap, "audit"),
                             auto_offset_reset="earliest", consumer_timeout_ms=3000, group_id=None)
    on_topic = [json.loads(m.value) for m in consumer]
    consumer.close()
    assert sorted((r["actor"], r["action"]) for r in on_topic) == [
        ("op-1", "key_use"), ("op-2", "token_issue"), ("op-3", "read")]
    assert all(r["checkpoint"]["seq"] == r["seq"] for r in on_topic)
    verified = runner.invoke(app, ["audit", "verify", "--actor", "auditor"])
    assert verified.exit_code == 0 and "3 on the audit topic" in verified.output
