"""Proof of privacy: after the demo pipeline, no synthetic child's ID number, name or phone number is anywhere in
plaintext — not in any topic past the ingest topics, not in any table of the store, not in the store's file."""

import pytest
from kafka import KafkaConsumer, TopicPartition
from sqlalchemy import create_engine, inspect, text

from devtools.demo import run_demo
from services.adapters.kafka_admin import client_config

pytestmark = pytest.mark.kafka


@pytest.fixture(scope="module")
def demo(kafka_bootstrap, tmp_path_factory):
    return run_demo(children=40, workdir=tmp_path_factory.mktemp("demo"), bootstrap=kafka_bootstrap, quiet=True)


def needles(demo):
    out = set()
    for c in demo.children:
        out |= {c.id_number, c.name, c.guardian_name, c.guardian_phone, c.address}
    return {n.encode() for n in out if len(n) >= 2}


def topic_bytes(bootstrap, namespace):
    consumer = KafkaConsumer(**client_config(bootstrap), group_id=None)  # admin: the scan reads every topic
    try:
        names = [t for t in consumer.topics() if t.startswith(namespace) and ".dept." not in f".{t[len(namespace):]}"]
        parts = [TopicPartition(t, p) for t in names for p in consumer.partitions_for_topic(t) or ()]
        consumer.assign(parts)
        consumer.seek_to_beginning(*parts)
        end = consumer.end_offsets(parts)
        data = {t: bytearray() for t in names}
        while any(consumer.position(tp) < o for tp, o in end.items()):
            for tp, records in consumer.poll(timeout_ms=1000).items():
                for r in records:
                    for part in (r.key or b"", r.value or b"", *(v for _, v in r.headers or [])):
                        data[tp.topic] += part + b"\n"
        return data
    finally:
        consumer.close()


def test_the_demo_covers_every_topic_kind(demo):
    data = topic_bytes(demo.settings.bootstrap_servers, demo.settings.namespace)
    for suffix in ("deadletter", "projection.changed", "audit", "view.entitlement_matching"):
        assert data.get(demo.settings.namespace + suffix), f"{suffix} is empty: the scan would prove nothing"


def test_no_topic_past_ingest_holds_plaintext_personal_data(demo):
    found = {}
    for topic, blob in topic_bytes(demo.settings.bootstrap_servers, demo.settings.namespace).items():
        hits = [n.decode() for n in needles(demo) if n in blob]
        if hits:
            found[topic] = len(hits)
    assert found == {}


def test_no_table_holds_plaintext_personal_data(demo):
    engine = create_engine(demo.settings.database_url)
    found = {}
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        for table in inspect(engine).get_table_names():
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
            blob = "\n".join(str(v) for row in rows for v in row).encode()
            hits = [n for n in needles(demo) if n in blob]
            if hits:
                found[table] = len(hits)
    engine.dispose()
    assert found == {}


def test_the_store_file_itself_holds_no_plaintext(demo):
    path = demo.settings.database_url.removeprefix("sqlite:///")
    with open(path, "rb") as f:
        blob = f.read()
    assert [n for n in needles(demo) if n in blob] == []


def test_the_erased_child_is_a_tombstone_and_the_rebuild_matches(demo):
    from services.adapters.audit_log import SqlAuditSink
    from services.adapters.store import open_database, open_store

    store = open_store(demo.settings.database_url)
    record = store.get(demo.erased)
    assert record.erased and record.fields == {} and demo.rebuild_equal
    erasures = [r.event for r in SqlAuditSink(open_database(demo.settings.database_url), b"").records()
                if r.event.action == "erase"]
    assert [(e.child_key, e.outcome) for e in erasures] == [(demo.erased, "allowed")]


def test_every_personal_or_sensitive_value_in_the_store_is_sealed(demo):
    """Beyond the known needles: each field the ownership table classes personal or sensitive (judicial orders,
    counselling, grants, health ...) rests as a sealed token, whatever its value looks like."""
    from privacy.cipher import is_sealed
    from projections.fields import FIELDS
    from services.adapters.store import open_store

    store = open_store(demo.settings.database_url)
    seen, plain = set(), []
    for record in store.records():
        for name, fv in record.fields.items():
            if FIELDS[name].encrypted and fv.value is not None:
                seen.add(name)
                if not is_sealed(fv.value):
                    plain.append((record.child_key, name))
    store.close()
    assert plain == [] and len(seen) >= 40, sorted(seen)
