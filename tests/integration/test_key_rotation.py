"""Key rotation while the pipeline runs: nothing is lost, every sealed value still opens."""

import pytest

from devtools.synthetic import events_for, generate_children
from privacy.cipher import is_sealed
from services.bootstrap import Platform
from services.processor.spawn import WorkerProcess, wait_caught_up
from services.settings import Settings

pytestmark = pytest.mark.kafka


def test_rotating_the_kek_mid_stream_keeps_every_value_readable(kafka_bootstrap, unique_name, tmp_path):
    platform = Platform(Settings().with_(bootstrap_servers=kafka_bootstrap, namespace=f"{unique_name}.",
                                         database_url=f"sqlite:///{tmp_path}/s.db", keyring_dir=tmp_path / "keys",
                                         state_dir=tmp_path / "state"))
    platform.ensure_topics()
    worker = WorkerProcess(platform.settings, tmp_path / "w.log").start()
    try:
        kids = generate_children(80, platform.pseudonym_secret, seed=21)
        events = [e for c in kids for e in events_for(c)]
        publisher = platform.publisher()
        publisher.publish_many(events[: len(events) // 2])
        old = platform.keyring.wrapper.current_version()
        new = platform.keyring.rotate_kek()
        assert platform.keyring.rewrap_all() > 0
        publisher.publish_many(events[len(events) // 2:])
        wait_caught_up(platform.store, platform.settings, timeout=180, workers=[worker])
    finally:
        worker.stop()
    assert new == old + 1 and platform.keyring.kek_versions_in_use() == {new}
    assert platform.store.tracking_count() == len(events)
    opened = 0
    for record in platform.store.records():
        for name, fv in record.fields.items():
            if is_sealed(fv.value):
                platform.cipher.open(record.child_key, name, fv.value)
                opened += 1
    assert opened > len(kids)
    platform.close()
