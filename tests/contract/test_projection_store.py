"""One contract suite run against every ProjectionStore implementation."""

from datetime import UTC, datetime, timedelta

import pytest

from projections.record import ChildRecord, FieldValue
from services.adapters.store import (
    AlreadyApplied,
    BatchWrite,
    InMemoryProjectionStore,
    OutboxMessage,
    Tracking,
    open_store,
)
from services.adapters.store.port import DeadLetterRecord, OutboxSummary

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def record(key, version=1, area="130102"):
    return ChildRecord(key, version, {"residence.area_code": FieldValue(area, "public_security", "e1", T0)})


class ProjectionStoreContract:
    @pytest.fixture
    def store(self):
        raise NotImplementedError

    def test_a_committed_batch_is_readable(self, store):
        store.commit(BatchWrite(records={"ck_1": record("ck_1")},
                                tracking=[Tracking("e1", "t", 0, 5, "ck_1", "applied")],
                                positions={("t", 0): 6}), "g")
        assert store.get("ck_1") == record("ck_1")
        assert store.seen(["e1", "e2"]) == {"e1"}
        assert store.positions("g") == {("t", 0): 6}
        assert store.tracking_count() == 1 and store.tracking_count("rejected") == 0

    def test_a_tracking_clash_rolls_back_the_whole_batch(self, store):
        store.commit(BatchWrite(tracking=[Tracking("e1", "t", 0, 0, "ck_1", "applied")]), "g")
        with pytest.raises(AlreadyApplied):
            store.commit(BatchWrite(records={"ck_2": record("ck_2")},
                                    tracking=[Tracking("e1", "t", 0, 1, "ck_2", "applied")],
                                    outbox=[OutboxMessage("x", None, b"v")]), "g")
        assert store.get("ck_2") is None and store.pending_outbox() == []

    def test_records_are_replaced_by_newer_versions(self, store):
        store.commit(BatchWrite(records={"ck_1": record("ck_1")}), "g")
        store.commit(BatchWrite(records={"ck_1": record("ck_1", 2, "520102")}, base_versions={"ck_1": 1}), "g")
        assert store.get("ck_1").version == 2 and [r.child_key for r in store.records()] == ["ck_1"]

    def test_a_record_changed_since_it_was_read_is_not_overwritten(self, store):
        # Two writers read version 1; the second to commit would lose the first one's change.
        store.commit(BatchWrite(records={"ck_1": record("ck_1"), "ck_2": record("ck_2")}), "g")
        store.commit(BatchWrite(records={"ck_1": record("ck_1", 2, "520102")}, base_versions={"ck_1": 1}), "g")
        with pytest.raises(AlreadyApplied):
            store.commit(BatchWrite(records={"ck_2": record("ck_2", 2, "520103"), "ck_1": record("ck_1", 2, "110101")},
                                    base_versions={"ck_1": 1, "ck_2": 1},
                                    tracking=[Tracking("e9", "t", 0, 1, "ck_1", "applied")]), "g")
        assert store.get("ck_1").value("residence.area_code") == "520102"
        assert store.get("ck_2").version == 1 and store.seen(["e9"]) == set()

    def test_a_child_created_meanwhile_by_another_writer_clashes(self, store):
        store.commit(BatchWrite(records={"ck_1": record("ck_1")}), "g")
        with pytest.raises(AlreadyApplied):
            store.commit(BatchWrite(records={"ck_1": record("ck_1", 1, "520102")}), "g")
        assert store.get("ck_1").value("residence.area_code") == "130102"

    def test_positions_never_move_backwards(self, store):
        store.commit(BatchWrite(positions={("t", 0): 10}), "g")
        store.commit(BatchWrite(positions={("t", 0): 4, ("t", 1): 3}), "g")
        assert store.positions("g") == {("t", 0): 10, ("t", 1): 3}
        assert store.positions("other") == {}

    def test_the_outbox_keeps_messages_until_published(self, store):
        store.commit(BatchWrite(outbox=[OutboxMessage("a", b"k", b"1", (("h", b"x"),)),
                                        OutboxMessage("b", None, b"2")]), "g")
        pending = store.pending_outbox()
        assert [(m.topic, m.key, m.value, m.headers) for m in pending] == [
            ("a", b"k", b"1", (("h", b"x"),)), ("b", None, b"2", ())]
        store.mark_published([pending[0].id])
        assert [m.value for m in store.pending_outbox()] == [b"2"]

    def test_a_position_moved_since_the_batch_was_planned_refuses_the_batch(self, store):
        """Two workers holding one partition during a rebalance: a batch without event ids (dead letters only) has no
        tracking row to clash on, so the position itself is the guard."""
        first = BatchWrite(positions={("t", 0): 5}, base_positions={("t", 0): None},
                           outbox=[OutboxMessage("dlq", None, b"1")])
        store.commit(first, "g")
        with pytest.raises(AlreadyApplied):
            store.commit(BatchWrite(positions={("t", 0): 5}, base_positions={("t", 0): None},
                                    outbox=[OutboxMessage("dlq", None, b"1")]), "g")
        store.commit(BatchWrite(positions={("t", 0): 9}, base_positions={("t", 0): 5}), "g")
        with pytest.raises(AlreadyApplied):
            store.commit(BatchWrite(positions={("t", 0): 9}, base_positions={("t", 0): 5},
                                    outbox=[OutboxMessage("dlq", None, b"2")]), "g")
        assert store.positions("g") == {("t", 0): 9} and len(store.pending_outbox()) == 1

    def test_digests_come_back_with_their_event_ids(self, store):
        store.commit(BatchWrite(tracking=[Tracking("e1", "t", 0, 0, "ck_1", "applied", "d" * 32),
                                          Tracking("e2", "t", 0, 1, "ck_1", "rejected")]), "g")
        assert store.digests(["e1", "e2", "e3"]) == {"e1": "d" * 32, "e2": None}
        assert store.outcome_counts() == {"applied": 1, "rejected": 1}

    def test_dead_letters_are_counted_per_reason_since_a_moment(self, store):
        before = datetime.now(UTC) - timedelta(seconds=5)
        store.commit(BatchWrite(dead_letters=[DeadLetterRecord("t", 0, 1, "not_json"),
                                              DeadLetterRecord("t", 0, 2, "not_json"),
                                              DeadLetterRecord("t", 1, 7, "too_large")]), "g")
        assert store.dead_letter_counts(before) == {"not_json": 2, "too_large": 1}
        assert store.dead_letter_counts(datetime.now(UTC) + timedelta(minutes=1)) == {}

    def test_the_outbox_summary_names_its_oldest_row_and_age(self, store):
        assert store.outbox_summary() == OutboxSummary()
        store.commit(BatchWrite(outbox=[OutboxMessage("a", None, b"1"), OutboxMessage("b", None, b"2")]), "g")
        summary = store.outbox_summary()
        assert summary.rows == 2 and summary.oldest_id == store.pending_outbox()[0].id
        assert summary.oldest_age_s is not None and 0 <= summary.oldest_age_s < 60

    def test_many_children_load_in_one_call(self, store):
        records = {f"ck_{i:04d}": record(f"ck_{i:04d}") for i in range(1200)}
        store.commit(BatchWrite(records=records), "g")
        assert len(store.load(records)) == 1200


class TestInMemoryStore(ProjectionStoreContract):
    @pytest.fixture
    def store(self):
        return InMemoryProjectionStore()


class TestSqliteStore(ProjectionStoreContract):
    @pytest.fixture
    def store(self, tmp_path):
        s = open_store(f"sqlite:///{tmp_path}/store.db")
        yield s
        s.close()


@pytest.mark.postgres
class TestPostgresStore(ProjectionStoreContract):
    @pytest.fixture
    def store(self, fresh_postgres_url):
        s = open_store(fresh_postgres_url)
        yield s
        s.close()
