"""Cutting the tail of the audit table, emptying it or restoring an older copy is named by verify (table vs anchor vs
topic), directly and through `childcare audit verify`."""

import json
import os
import stat

import pytest
from sqlalchemy import delete, insert, select
from typer.testing import CliRunner

from privacy.audit import AuditEvent
from services.adapters.audit_anchor import ANCHOR_FILE
from services.adapters.store.schema import audit_log
from services.bootstrap import Platform
from services.entrypoints.cli import app
from services.settings import Settings

runner = CliRunner()
N = 50


@pytest.fixture
def platform(env_platform):
    return env_platform


def fill(platform, n=N, to_kafka=False):
    sink = platform.audit_sink(to_kafka)
    for i in range(n):
        sink.append(AuditEvent(f"user{i}", "school", "enrolment", "read", "allowed", f"ck_{i}", ("identity.name",)))


def run(sql):
    def tamper(platform):
        with platform.database.begin() as conn:
            conn.execute(sql)
    return tamper


def cli_verify():
    return runner.invoke(app, ["audit", "verify", "--actor", "auditor-wang"])


def test_an_untouched_trail_verifies_with_its_anchor(platform):
    fill(platform)
    result = platform.verify_audit()
    assert result.ok and result.checked == N and result.anchor_seq == N
    out = cli_verify()
    assert out.exit_code == 0 and f"ok: {N} records, anchor at {N}" in out.output
    assert "audit table only" in out.output  # no broker configured: said so
    assert platform.verify_audit().anchor_seq == N + 1  # the verify itself was audited and anchored


@pytest.mark.parametrize("tamper, reason", [
    (run(delete(audit_log).where(audit_log.c.seq == N)), f"tail cut: records {N}..{N} missing (anchor at {N})"),
    (run(delete(audit_log).where(audit_log.c.seq > N - 20)),
     f"tail cut: records {N - 19}..{N} missing (anchor at {N})"),
    (run(delete(audit_log).where(audit_log.c.seq > 7)), f"tail cut: records 8..{N} missing (anchor at {N})"),
    (run(delete(audit_log)), f"table empty but anchor at {N}"),
], ids=["newest row", "last 20 rows", "from record 8 on", "every row"])
def test_a_cut_tail_is_named_by_verify_and_the_command(platform, tamper, reason):
    fill(platform)
    tamper(platform)
    result = platform.verify_audit()
    assert not result.ok and result.reason == reason
    out = cli_verify()
    assert out.exit_code == 1 and reason in out.output
    again = cli_verify()  # the verify's own audit record does not hide the cut
    assert again.exit_code == 1 and ("missing" in again.output or "differs" in again.output)


def test_an_older_copy_of_the_table_is_named(platform):
    fill(platform, 30)
    with platform.database.connect() as conn:
        backup = [dict(r) for r in conn.execute(select(audit_log)).mappings()]
    fill(platform, 20)
    with platform.database.begin() as conn:
        conn.execute(delete(audit_log))
        conn.execute(insert(audit_log), backup)
    result = platform.verify_audit()
    assert not result.ok and result.reason == "tail cut: records 31..50 missing (anchor at 50)"
    fill(platform, 25)  # the platform keeps appending to the restored copy: the anchor does not follow it
    result = platform.verify_audit()
    assert not result.ok and result.first_broken_seq == 50
    assert result.reason == "table replaced by an older copy or rewritten: record 50 hash differs from the anchor"
    out = cli_verify()
    assert out.exit_code == 1 and "record 50 hash differs from the anchor" in out.output


def test_a_forged_anchor_file_is_named(platform, tmp_path):
    fill(platform, 10)
    path = tmp_path / "keys" / ANCHOR_FILE
    anchor = json.loads(path.read_text())
    with platform.database.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq > 4))
        head = conn.execute(select(audit_log.c.hash).where(audit_log.c.seq == 4)).scalar()
    path.write_text(json.dumps({**anchor, "seq": 4, "hash": head}))  # moved back without the anchor key
    result = platform.verify_audit()
    assert not result.ok and "anchor forged" in result.reason
    out = cli_verify()
    assert out.exit_code == 1 and "anchor forged" in out.output


def test_the_anchor_file_is_private_and_never_moves_back(platform, tmp_path):
    fill(platform, 3)
    path = tmp_path / "keys" / ANCHOR_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(f"{path}.lock").st_mode) == 0o600
    other = Platform(Settings())  # a second process's view of the same store and keyring
    try:
        fill(other, 2)
        assert platform.audit_anchor.load().seq == 5
        fill(platform, 1)
        assert other.audit_anchor.load().seq == 6 and platform.verify_audit().ok
    finally:
        other.close()


@pytest.mark.kafka
def test_the_audit_topic_is_the_third_witness(platform, kafka_bootstrap, unique_name, tmp_path, monkeypatch):
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", kafka_bootstrap)
    monkeypatch.setenv("CHILDCARE_NAMESPACE", f"{unique_name}.")
    p = Platform(Settings())
    try:
        p.ensure_topics()
        fill(p, 20, to_kafka=True)
        assert p.verify_audit(with_topic=True).ok and p.verify_audit(with_topic=True).topic_checked == 20
        # the table's tail and the anchor file both rolled back to an older copy: only the topic can tell
        old_anchor = (tmp_path / "keys" / ANCHOR_FILE).read_text()
        fill(p, 5, to_kafka=True)
        (tmp_path / "keys" / ANCHOR_FILE).write_text(old_anchor)
        with p.database.begin() as conn:
            conn.execute(delete(audit_log).where(audit_log.c.seq > 20))
        assert p.verify_audit().ok  # table and (older) anchor agree with each other
        result = p.verify_audit(with_topic=True)
        assert not result.ok and "records 21..25 are on the audit topic but missing from the table" in result.problems
        assert any("older than the audit topic's checkpoint at 25" in x for x in result.problems)
        out = cli_verify()
        assert out.exit_code == 1 and "on the audit topic but missing from the table" in out.output
    finally:
        p.close()


def test_the_sql_sink_verifies_against_its_anchor(platform):
    fill(platform, 5)
    run(delete(audit_log).where(audit_log.c.seq == 5))(platform)
    assert platform.audit_sink(False).verify_trail().reason == "tail cut: records 5..5 missing (anchor at 5)"


def test_writers_appending_at_once_leave_the_anchor_at_the_head(platform):
    from concurrent.futures import ThreadPoolExecutor

    sinks = [platform.audit_sink(False) for _ in range(3)]  # one sink each, as separate processes would have
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda s: [s.append(AuditEvent("w", "operator", "operations", "read", "allowed"))
                                 for _ in range(10)], sinks))
    result = platform.verify_audit()
    assert result.ok and result.checked == 30 and result.anchor_seq == 30


def test_an_edited_record_is_still_named_first_by_the_command(platform):
    from sqlalchemy import update

    fill(platform, 5)
    run(update(audit_log).where(audit_log.c.seq == 3).values(actor="nobody"))(platform)
    out = cli_verify()
    assert out.exit_code == 1 and "BROKEN at record 3: content does not match its hash (edited)" in out.output
