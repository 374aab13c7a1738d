"""The pipeline end to end on the real broker, against SQLite and PostgreSQL."""

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from kafka import KafkaConsumer

from devtools.synthetic import events_for, generate_children
from events.contracts.civil_affairs import GuardianshipChanged
from events.contracts.education import Enrolled
from events.contracts.health import FamilyDoctorSigned
from events.contracts.public_security import IdentityRecorded
from events.envelope import Envelope
from services.adapters.kafka_admin import client_config
from services.adapters.store import open_store
from services.bootstrap import Platform
from services.processor.spawn import WorkerProcess, wait_caught_up
from services.settings import Settings
from services.usecases.rebuild import opened_snapshot, replay

pytestmark = pytest.mark.kafka
T0 = datetime(2025, 3, 1, 8, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def platform(request, kafka_bootstrap, unique_name, tmp_path):
    url = (f"sqlite:///{tmp_path}/store.db" if request.param == "sqlite"
           else request.getfixturevalue("fresh_postgres_url"))
    settings = Settings().with_(bootstrap_servers=kafka_bootstrap, namespace=f"{unique_name}.", database_url=url,
                                keyring_dir=tmp_path / "keys", state_dir=tmp_path / "state", batch_size=500)
    p = Platform(settings)
    p.ensure_topics()
    yield p
    p.close()


@pytest.fixture(params=["direct", "faust"])
def worker(request, platform, tmp_path):
    """A worker of each engine: direct is the default, faust stays supported, and both pass the same tests."""
    w = WorkerProcess(platform.settings.with_(engine=request.param), tmp_path / "worker.log").start()
    yield w
    w.stop()


def child_events(key):
    return [
        Envelope.new(IdentityRecorded(name="赵小燕", id_number="110101201503011237", sex="F",
                                      birth_date=date(2015, 3, 1), hukou_area="110101"),
                     source="public_security", child_key=key, occurred_at=T0),
        Envelope.new(GuardianshipChanged(status="relative", guardian_name="赵大山", guardian_phone="13800138000"),
                     source="civil_affairs", child_key=key, occurred_at=T0 + timedelta(hours=1)),
        Envelope.new(Enrolled(school_code="S9", school_name="实验小学", stage="primary", enrolled_on=date(2024, 9, 1)),
                     source="education", child_key=key, occurred_at=T0 + timedelta(hours=2)),
        Envelope.new(FamilyDoctorSigned(team="第三团队", signed_on=date(2025, 2, 1)), source="health",
                     child_key=key, occurred_at=T0 + timedelta(hours=3)),
    ]


def dead_letters(platform):
    consumer = KafkaConsumer(platform.topics.dead_letter, **client_config(platform.settings.bootstrap_servers),
                             auto_offset_reset="earliest", consumer_timeout_ms=3000, group_id=None)
    try:
        return list(consumer)
    finally:
        consumer.close()


def test_each_field_comes_from_its_owning_department(platform, worker):
    key = "ck_" + "1" * 40
    platform.publisher().publish_many(child_events(key))
    wait_caught_up(platform.store, platform.settings, workers=[worker])
    record = platform.store.get(key)
    sources = {name: fv.source for name, fv in record.fields.items()}
    assert platform.cipher.open(key, "identity.name", record.value("identity.name")) == "赵小燕"
    assert sources["identity.name"] == "public_security" and sources["guardianship.status"] == "civil_affairs"
    assert sources["education.school_name"] == "education" and sources["health.family_doctor_team"] == "health"
    assert record.version == 4


def test_a_non_owner_write_lands_in_the_dead_letter_topic_with_its_reason(platform, worker):
    key = "ck_" + "2" * 40
    forged = Envelope.new(GuardianshipChanged(status="lacking"), source="education", child_key=key, occurred_at=T0)
    platform.publisher().publish_many([forged])
    wait_caught_up(platform.store, platform.settings, workers=[worker])
    deadline = time.monotonic() + 30
    while not (letters := dead_letters(platform)) and time.monotonic() < deadline:
        time.sleep(0.5)
    (letter,) = letters
    headers = dict(letter.headers)
    assert headers["dlq.code"] == b"not_owner"
    assert "guardianship.status (owner: civil_affairs)" in headers["dlq.reason"].decode()
    assert headers["dlq.event_id"] == forged.event_id.encode()
    assert platform.store.get(key) is None


def test_a_duplicate_event_is_not_applied_twice(platform, worker):
    key = "ck_" + "3" * 40
    events = child_events(key)
    publisher = platform.publisher()
    publisher.publish_many(events)
    publisher.publish_many(events[:2])  # re-sent by a department after a timeout
    wait_caught_up(platform.store, platform.settings, workers=[worker])
    assert platform.store.get(key).version == 4
    assert platform.store.tracking_count() == 4


def _synthetic(platform, n, seed=3):
    kids = generate_children(n, platform.pseudonym_secret, seed=seed)
    return [e for c in kids for e in events_for(c, seed)]


def _rebuild(platform, tmp_path):
    rebuilt = open_store(f"sqlite:///{tmp_path}/rebuilt.db")
    replay(platform.settings.bootstrap_servers, platform.topics, rebuilt,
           handler=platform.handler(store=rebuilt, group="rebuild", emit=False))
    return opened_snapshot(rebuilt, platform.cipher)


def test_a_rebuild_from_the_topics_equals_the_live_projection(platform, worker, tmp_path):
    platform.publisher().publish_many(_synthetic(platform, 60))
    wait_caught_up(platform.store, platform.settings, workers=[worker])
    assert _rebuild(platform, tmp_path) == opened_snapshot(platform.store, platform.cipher) != []


def test_a_worker_killed_mid_stream_loses_nothing_and_applies_nothing_twice(platform, tmp_path):
    events = _synthetic(platform, 400, seed=5)
    first = WorkerProcess(platform.settings.with_(batch_size=50), tmp_path / "w1.log").start()
    publisher = platform.publisher()
    publisher.publish_many(events)
    deadline = time.monotonic() + 120
    while platform.store.tracking_count() < len(events) // 4:
        assert time.monotonic() < deadline, "worker made no progress"
        time.sleep(0.05)
    first.kill()  # SIGKILL: somewhere between a store commit and an offset commit
    done_before_crash = platform.store.tracking_count()
    assert done_before_crash < len(events), "the worker finished before it could be killed"
    second = WorkerProcess(platform.settings, tmp_path / "w2.log").start()
    try:
        wait_caught_up(platform.store, platform.settings, timeout=180, workers=[second])
    finally:
        second.stop()
    assert platform.store.tracking_count() == len(events)
    assert _rebuild(platform, tmp_path) == opened_snapshot(platform.store, platform.cipher)


def test_health_says_a_partition_with_lag_and_no_worker_is_stuck(platform, monkeypatch):
    from typer.testing import CliRunner

    from services.entrypoints.cli import app

    key = "ck_" + "5" * 40
    platform.publisher().publish_many(child_events(key))
    monkeypatch.setenv("CHILDCARE_KEYRING_DIR", str(platform.settings.keyring_dir))
    result = CliRunner().invoke(app, ["health", "--namespace", platform.settings.namespace, "--database-url",
                                      platform.settings.database_url, "--bootstrap-servers",
                                      platform.settings.bootstrap_servers, "--wait", "1"])
    assert result.exit_code == 1 and "not yet applied" in result.output and "did not move" in result.output


def test_the_rebuild_command_shows_progress_and_leaves_its_record_for_the_operator(platform, worker, tmp_path,
                                                                                    monkeypatch):
    from typer.testing import CliRunner

    from services.entrypoints.cli import app
    from services.usecases import compliance

    platform.publisher().publish_many(_synthetic(platform, 20))
    wait_caught_up(platform.store, platform.settings, workers=[worker])
    monkeypatch.setenv("CHILDCARE_KEYRING_DIR", str(platform.settings.keyring_dir))
    result = CliRunner().invoke(app, ["rebuild", "--into", f"sqlite:///{tmp_path}/cli-rebuilt.db",
                                      "--database-url", platform.settings.database_url,
                                      "--namespace", platform.settings.namespace,
                                      "--bootstrap-servers", platform.settings.bootstrap_servers])
    assert result.exit_code == 0, result.output
    assert "replaying: done" in result.output and "children" in result.output
    last = compliance.last_rebuild(platform.database)
    assert last is not None and "messages" in last["detail"]
