from dataclasses import replace

import pytest

from privacy.audit import AuditEvent, AuditRecord, InMemoryAuditSink, verify

SECRET = b"k" * 32


def trail(n=5):
    sink = InMemoryAuditSink(SECRET)
    for i in range(n):
        sink.append(AuditEvent(f"user{i}", "school", "enrolment", "read", "allowed", f"ck_{i}", ("identity.name",)))
    return list(sink.records())


def test_an_untouched_trail_verifies():
    assert verify(SECRET, trail()).ok


def test_an_edited_record_is_named():
    records = trail()
    records[2] = replace(records[2], event=replace(records[2].event, actor="someone_else"))
    result = verify(SECRET, records)
    assert (result.ok, result.first_broken_seq) == (False, 3) and "edited" in result.reason


def test_a_deleted_record_is_named():
    records = trail()
    del records[1]
    result = verify(SECRET, records)
    assert (result.ok, result.first_broken_seq) == (False, 3)


def test_reordered_records_are_named():
    records = trail()
    records[1], records[2] = records[2], records[1]
    assert verify(SECRET, records).first_broken_seq == 3


def test_an_inserted_record_is_named():
    records = trail()
    forged = AuditRecord(3, records[1].hash, "0" * 64, "0" * 64, records[1].event)
    records.insert(2, forged)
    assert verify(SECRET, records).first_broken_seq == 3


def test_a_chain_rebuilt_without_the_key_fails_the_hmac():
    records = trail(3)
    wrong = InMemoryAuditSink(b"x" * 32)
    for r in records:
        wrong.append(replace(r.event, actor="rewritten") if r.seq == 2 else r.event)
    result = verify(SECRET, wrong.records())
    assert result.first_broken_seq == 1 and "HMAC" in result.reason


def test_records_round_trip_through_rows():
    record = trail(1)[0]
    assert AuditRecord.from_row(record.to_row()) == record


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError):
        AuditEvent("u", "r", "p", "peek", "allowed")
