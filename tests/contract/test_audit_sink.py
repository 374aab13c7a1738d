"""One contract suite run against every AuditSink implementation (and every anchor store), like the store's."""

import threading

import pytest

from privacy.audit import AuditEvent, AuditSink, InMemoryAnchorStore, InMemoryAuditSink, verify
from services.adapters.audit_anchor import FileAnchorStore
from services.adapters.audit_log import SqlAuditSink
from services.adapters.messaging import InMemoryBroker
from services.adapters.store import open_database

SECRET, ANCHOR_KEY = b"s" * 32, b"a" * 32


def event(i=0, **changes):
    fields = {"actor": f"user{i}", "role": "school", "purpose": "enrolment", "action": "read", "outcome": "allowed",
              "child_key": f"ck_{i}", "fields": ("identity.name", "residence.area_code"), "origin": "10.0.0.1",
              "detail": f"read {i}", "at": f"2026-01-01T00:00:{i % 60:02d}+00:00"}
    return AuditEvent(**{**fields, **changes})


class AuditSinkContract:
    anchored = True

    @pytest.fixture
    def sink(self) -> AuditSink:
        raise NotImplementedError

    def test_appended_events_come_back_chained_in_order(self, sink):
        appended = [sink.append(event(i)) for i in range(5)]
        records = list(sink.records())
        assert records == appended and [r.seq for r in records] == [1, 2, 3, 4, 5]
        assert [r.prev_hash for r in records[1:]] == [r.hash for r in records[:-1]]
        assert [r.event for r in records] == [event(i) for i in range(5)]

    def test_an_event_round_trips_every_field(self, sink):
        odd = event(1, child_key=None, fields=(), origin="", detail="中文 detail, with commas", outcome="denied",
                    action="deny")
        assert sink.append(odd).event == odd and sink.records()[-1].event == odd

    def test_an_untouched_trail_verifies_against_its_anchor(self, sink):
        for i in range(3):
            sink.append(event(i))
        result = sink.verify_trail()
        assert result.ok and result.checked == 3
        if self.anchored:
            assert result.anchor_seq == 3 and sink.anchor.load().hash == sink.records()[-1].hash

    def test_an_empty_trail_verifies(self, sink):
        assert sink.records() == [] and sink.verify_trail().ok

    def test_concurrent_appends_make_one_unbroken_chain(self, sink):
        threads = [threading.Thread(target=lambda i=i: [sink.append(event(i * 10 + j)) for j in range(5)])
                   for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        records = sink.records()
        assert [r.seq for r in records] == list(range(1, 21)) and sink.verify_trail().ok

    def test_the_chain_is_made_with_the_sinks_secret(self, sink):
        sink.append(event())
        assert not verify(b"another secret" * 2, sink.records()).ok


class TestInMemorySink(AuditSinkContract):
    anchored = False

    @pytest.fixture
    def sink(self):
        return InMemoryAuditSink(SECRET)


class TestInMemorySinkWithAnchor(AuditSinkContract):
    @pytest.fixture
    def sink(self):
        return InMemoryAuditSink(SECRET, InMemoryAnchorStore(), ANCHOR_KEY)


class TestSqliteSink(AuditSinkContract):
    @pytest.fixture
    def sink(self, tmp_path):
        database = open_database(f"sqlite:///{tmp_path}/audit.db")
        yield SqlAuditSink(database, SECRET, anchor=FileAnchorStore(tmp_path / "keys"), anchor_key=ANCHOR_KEY)
        database.dispose()


class TestSqliteSinkWithTopic(AuditSinkContract):
    """The table, the anchor file and the audit topic (on the in-memory broker): each record reaches the topic."""

    @pytest.fixture
    def sink(self, tmp_path):
        database = open_database(f"sqlite:///{tmp_path}/audit.db")
        self.broker = InMemoryBroker()
        yield SqlAuditSink(database, SECRET, self.broker.producer(), "audit",
                           FileAnchorStore(tmp_path / "keys"), ANCHOR_KEY)
        database.dispose()

    def test_each_record_goes_to_the_topic_with_its_checkpoint(self, sink):
        import json

        from privacy.audit import AuditRecord

        for i in range(3):
            sink.append(event(i))
        rows = [json.loads(m.value) for m in self.broker.messages("audit")]
        assert [r["checkpoint"]["seq"] for r in rows] == [1, 2, 3]
        on_topic = [AuditRecord.from_row({k: v for k, v in r.items() if k != "checkpoint"}) for r in rows]
        assert on_topic == list(sink.records()) and sink.verify_trail(on_topic).ok

    def test_an_unreachable_topic_fails_the_append(self, sink):
        from privacy.audit import AuditFailed

        self.broker.down = True
        with pytest.raises(AuditFailed):
            sink.append(event())


@pytest.mark.postgres
class TestPostgresSink(AuditSinkContract):
    @pytest.fixture
    def sink(self, fresh_postgres_url, tmp_path):
        database = open_database(fresh_postgres_url)
        yield SqlAuditSink(database, SECRET, anchor=FileAnchorStore(tmp_path / "keys"), anchor_key=ANCHOR_KEY)
        database.dispose()
