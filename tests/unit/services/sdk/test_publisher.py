import json
from datetime import UTC, date, datetime

from events.contracts.education import Enrolled
from events.envelope import Envelope, encode
from services.adapters.messaging import InMemoryBroker
from services.sdk.publisher import Publisher, read_event_file

KEY = "ck_" + "e" * 40


def event():
    return Envelope.new(Enrolled(school_code="S", school_name="小学", stage="primary", enrolled_on=date(2025, 9, 1)),
                        source="education", child_key=KEY, occurred_at=datetime(2025, 9, 1, tzinfo=UTC))


def test_a_jsonl_file_is_read_and_bad_lines_are_named(tmp_path):
    path = tmp_path / "events.jsonl"
    bad = json.loads(encode(event()))
    bad["payload"]["stage"] = "university"
    path.write_text(encode(event()).decode() + "\n\n" + json.dumps(bad, ensure_ascii=False) + "\n", encoding="utf-8")
    envelopes, errors = read_event_file(path)
    assert len(envelopes) == 1 and len(errors) == 1 and "line 3: payload.stage" in errors[0]


def test_a_json_array_file_is_read(tmp_path):
    path = tmp_path / "events.json"
    path.write_text(json.dumps([json.loads(encode(event())), json.loads(encode(event()))]), encoding="utf-8")
    envelopes, errors = read_event_file(path)
    assert len(envelopes) == 2 and errors == []


def test_an_event_is_keyed_by_child_on_its_departments_topic():
    producer = InMemoryBroker().producer()
    Publisher("unused", "ns.", producer=producer).publish(event())
    assert producer.messages[0].topic == "ns.dept.education" and producer.messages[0].key == KEY.encode()


def test_publish_many_seals_each_chunk_in_one_batch_and_in_order():
    from privacy.cipher import FieldCipher
    from privacy.keyring import in_memory_keyring
    from services.usecases.protection import EdgeSealer

    keyring = in_memory_keyring()
    edge = EdgeSealer(FieldCipher(keyring))
    batches: list[int] = []
    real = edge.many
    edge.many = lambda envs: batches.append(len(envs)) or real(envs)  # type: ignore[method-assign]
    broker = InMemoryBroker()
    events = [event() for _ in range(5)]
    assert Publisher("unused", "ns.", edge=edge, producer=broker.producer()).publish_many(events, chunk=2) == 5
    assert batches == [2, 2, 1]
    assert [json.loads(m.value)["event_id"] for m in broker.messages()] == [e.event_id for e in events]
    assert keyring.data_key(KEY, create=False)[0] == KEY + ".1"  # created once, for the whole chunk
