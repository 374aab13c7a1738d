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


# --- the head of the chain anchored outside the table ---------------------------------------------------------------

from privacy.audit import (  # noqa: E402
    Checkpoint,
    InMemoryAnchorStore,
    checkpoint_valid,
    sign_checkpoint,
)

ANCHOR_KEY = b"a" * 32


def anchored(n=30):
    anchor = InMemoryAnchorStore()
    sink = InMemoryAuditSink(SECRET, anchor, ANCHOR_KEY)
    for i in range(n):
        sink.append(AuditEvent(f"user{i}", "school", "enrolment", "read", "allowed", f"ck_{i}", ("identity.name",)))
    return sink, anchor


def check(records, anchor, **kw):
    return verify(SECRET, records, anchor_key=ANCHOR_KEY, anchor=anchor.load(), **kw)


def test_an_anchored_trail_verifies_and_the_anchor_follows_the_head():
    sink, anchor = anchored()
    result = check(sink.records(), anchor)
    assert result.ok and result.anchor_seq == 30 and anchor.load().hash == sink.records()[-1].hash


def test_without_the_anchor_a_cut_tail_looks_fine():
    sink, _ = anchored()
    assert verify(SECRET, sink.records()[:-1]).ok  # why the anchor is needed


@pytest.mark.parametrize("keep", [29, 10, 1])
def test_a_cut_tail_is_named_with_the_missing_records(keep):
    sink, anchor = anchored()
    result = check(sink.records()[:keep], anchor)
    assert not result.ok and result.first_broken_seq == keep + 1
    assert result.reason == f"tail cut: records {keep + 1}..30 missing (anchor at 30)"


def test_an_emptied_table_is_named():
    sink, anchor = anchored()
    result = check([], anchor)
    assert not result.ok and result.reason == "table empty but anchor at 30"


def test_an_older_copy_that_grew_again_past_the_anchor_is_named():
    sink, anchor = anchored()
    sink._records = sink._records[:20]  # an older copy of the table restored
    for i in range(15):  # the platform keeps appending; the anchor must not follow the replaced chain
        sink.append(AuditEvent(f"late{i}", "school", "enrolment", "read", "allowed"))
    assert anchor.load().seq == 30
    result = check(sink.records(), anchor)
    assert not result.ok and result.first_broken_seq == 30
    assert "record 30 hash differs from the anchor" in result.reason


def test_a_forged_anchor_is_named():
    sink, anchor = anchored()
    head = anchor.load()
    forged = Checkpoint(10, sink.records()[9].hash, head.at, head.mac)  # moved back to hide a cut tail
    result = verify(SECRET, sink.records()[:10], anchor_key=ANCHOR_KEY, anchor=forged)
    assert not result.ok and "anchor forged" in result.reason
    assert not checkpoint_valid(ANCHOR_KEY, forged)
    assert not checkpoint_valid(b"b" * 32, head) and checkpoint_valid(ANCHOR_KEY, head)


def test_a_missing_anchor_for_a_non_empty_table_is_named():
    sink, _ = anchored(3)
    result = verify(SECRET, sink.records(), anchor_key=ANCHOR_KEY, anchor=None)
    assert not result.ok and "no anchor" in result.reason


def test_the_anchor_never_moves_back():
    sink, anchor = anchored(5)
    old = sign_checkpoint(ANCHOR_KEY, sink.records()[1])
    assert not anchor.advance(old, lambda _: True) and anchor.load().seq == 5


def test_records_on_the_topic_missing_from_or_differing_in_the_table_are_named():
    sink, anchor = anchored(10)
    topic = list(sink.records())
    cut = check(sink.records()[:7], anchor, topic=topic)
    assert "records 8..10 are on the audit topic but missing from the table" in cut.problems
    edited = list(sink.records())
    other = InMemoryAuditSink(SECRET)
    for r in edited[:4]:
        other.append(r.event)
    other.append(AuditEvent("someone", "school", "enrolment", "read", "allowed"))
    result = verify(SECRET, other.records(), topic=topic)
    assert not result.ok and "records 5 differ from the audit topic" in result.problems
    assert result.topic_checked == 10


def test_a_forged_record_on_the_topic_is_named():
    sink, anchor = anchored(3)
    topic = list(sink.records()) + [AuditRecord(4, sink.records()[-1].hash, "0" * 64, "0" * 64,
                                                sink.records()[0].event)]
    result = check(sink.records(), anchor, topic=topic)
    assert not result.ok and "forged on the topic" in result.reason


def test_an_anchor_older_than_the_topics_checkpoint_is_named():
    sink, anchor = anchored(10)
    old = sign_checkpoint(ANCHOR_KEY, sink.records()[6])  # an older, genuinely signed anchor file copied back
    newest = sign_checkpoint(ANCHOR_KEY, sink.records()[9])
    result = verify(SECRET, sink.records()[:7], anchor_key=ANCHOR_KEY, anchor=old, topic=sink.records(),
                    topic_checkpoints=[newest])
    assert not result.ok and any("older than the audit topic's checkpoint at 10" in p for p in result.problems)
    assert result.first_broken_seq == 8


def test_a_sink_verifies_its_own_trail_against_its_anchor():
    sink, anchor = anchored(5)
    assert sink.verify_trail().ok
    sink._records = sink._records[:3]
    assert sink.verify_trail().reason == "tail cut: records 4..5 missing (anchor at 5)"
    assert InMemoryAuditSink(SECRET).verify_trail().ok  # no anchor: the chain alone


def test_an_append_racing_with_verify_is_not_taken_for_a_cut_tail():
    sink, anchor = anchored(3)
    read = sink.records

    def records_then_another_writer_appends():
        snapshot = read()
        sink.append(AuditEvent("other", "school", "enrolment", "read", "allowed"))  # moves the anchor to 4
        return snapshot

    sink.records = records_then_another_writer_appends
    assert sink.verify_trail().ok  # the anchor is read first, so it is never ahead of the records read
