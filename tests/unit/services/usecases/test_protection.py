from datetime import UTC, date, datetime

import pytest
from pydantic import TypeAdapter

from events.contracts.civil_affairs import DirectorVisited, SubsistenceAllowanceGranted
from events.contracts.public_security import IdentityRecorded
from events.envelope import Envelope, decode, encode
from events.registry import all_contracts
from privacy.cipher import FieldCipher, is_sealed
from privacy.keyring import in_memory_keyring
from projections.apply import apply
from projections.fields import FIELDS
from projections.updates import COPIED
from services.usecases.protection import DeadLetterSealer, EdgeSealer, RecordProtector

KEY = "ck_" + "d" * 40
T0 = datetime(2025, 3, 1, tzinfo=UTC)


@pytest.fixture
def cipher():
    return FieldCipher(in_memory_keyring())


def identity():
    return Envelope.new(IdentityRecorded(name="钱多多", id_number="110101201503011237", sex="F",
                                         birth_date=date(2015, 3, 1), hukou_area="110101"),
                        source="public_security", child_key=KEY, occurred_at=T0)


def test_the_edge_seals_personal_attributes_and_the_event_stays_valid(cipher):
    sealed = EdgeSealer(cipher)(identity())
    wire = encode(sealed)
    assert "钱多多".encode() not in wire and b"110101201503011237" not in wire
    back = decode(wire)
    assert cipher.open(KEY, "identity.name", back.payload.name) == "钱多多"
    assert back.payload.sex == "F" and back.payload.hukou_area == "110101"  # internal fields stay readable


def test_every_attribute_bound_for_an_encrypted_field_accepts_a_sealed_value():
    contracts = all_contracts()
    token = "enc:v1:ck_x.1:AAAA"
    checked = 0
    for cls, mapping in COPIED.items():
        for attr, field in mapping.items():
            if FIELDS[field].encrypted:
                assert TypeAdapter(cls.model_fields[attr].annotation).validate_python(token) == token, \
                    f"{cls.__name__}.{attr}"
                checked += 1
    assert checked > 30 and contracts


def test_the_processor_seals_implied_values_and_redacts_free_text(cipher):
    env = Envelope.new(SubsistenceAllowanceGranted(monthly_amount_cny=500, since=date(2025, 1, 1)),
                       source="civil_affairs", child_key=KEY, occurred_at=T0)
    out = apply(None, EdgeSealer(cipher)(env))
    record = RecordProtector(cipher, redact=lambda t: t.replace("钱多多", "<PERSON>"))(out.record, out.changed)
    assert all(is_sealed(fv.value) for fv in record.fields.values())
    visit = Envelope.new(DirectorVisited(director_id="d1", kind="home_visit", visited_on=date(2025, 2, 1),
                                         note="钱多多在家"), source="civil_affairs", child_key=KEY, occurred_at=T0)
    out = apply(record, EdgeSealer(cipher)(visit))
    record = RecordProtector(cipher, redact=lambda t: t.replace("钱多多", "<PERSON>"))(out.record, out.changed)
    assert cipher.open(KEY, "ledger.last_visit_note", record.value("ledger.last_visit_note")) == "<PERSON>在家"
    assert record.value("ledger.last_home_visit_on") == "2025-02-01"  # internal: plain for deadlines


def test_a_dead_letter_is_sealed_but_recoverable_by_the_platform():
    sealer = DeadLetterSealer(in_memory_keyring())
    sealed = sealer.seal("钱多多".encode(), "t/0/1")
    assert "钱多多".encode() not in sealed and sealer.open(sealed, "t/0/1") == "钱多多".encode()


def test_a_dead_letter_of_a_known_child_dies_with_the_child():
    """Issue 14: dead letters opened with the dead-letter key to the child's plaintext name and ID number after the
    child was erased, including a plaintext event sent by a plain Kafka client after the erasure."""
    from privacy.keyring import ChildErased

    keyring = in_memory_keyring()
    sealer = DeadLetterSealer(keyring)
    child = "ck_" + "ab" * 20
    sealed = sealer.seal("钱多多 33010620150301123X".encode(), "t/0/1", child)
    assert b"33010620150301123X" not in sealed and sealer.open(sealed, "t/0/1").startswith("钱多多".encode())
    keyring.destroy_child(child)
    with pytest.raises(ChildErased):
        sealer.open(sealed, "t/0/1")
    after = sealer.seal("钱多多 33010620150301123X".encode(), "t/0/2", child)  # sent after the erasure
    assert after == DeadLetterSealer.DROPPED and "钱多多".encode() not in after
    with pytest.raises(ChildErased):
        sealer.open(after, "t/0/2")


def test_a_dead_letter_key_that_is_not_a_child_key_falls_back_to_the_platform_key():
    sealer = DeadLetterSealer(in_memory_keyring())
    sealed = sealer.seal(b"{}", "t/0/1", "33010620150301123X")
    assert sealed.startswith(DeadLetterSealer.PREFIX) and sealer.open(sealed, "t/0/1") == b"{}"


NOTE = ("王浩宇在白果镇中心小学四年级一班读书，浩宇患有癫痫，低保证号务川低保字第2023-0456号，"
        "住白果镇大寨村第三村民小组。")
REDACTED = "<PERSON>在<SCHOOL_CLASS>读书，<PERSON>患有<MEDICAL>，低保证号<CASE_NUMBER>，住<LOCATION>。"


@pytest.mark.parametrize("field", sorted(name for name, spec in FIELDS.items() if spec.free_text))
def test_every_free_text_field_is_redacted_of_the_case_note_types(cipher, field):
    """Issue 19: diagnoses, school classes, case numbers and names by reference leave no free-text field in the
    clear."""
    from privacy.redaction import redact
    from projections.record import ChildRecord, FieldValue

    record = ChildRecord(KEY).with_values({field: FieldValue(NOTE, "civil_affairs", "e1", T0)})
    protected = RecordProtector(cipher, redact=redact)(record, (field,))
    assert cipher.open(KEY, field, protected.value(field)) == REDACTED


def test_a_batch_seals_with_keys_read_once_and_an_erased_child_is_left_to_the_per_value_path():
    from services.adapters.store import InMemoryProjectionStore
    from services.adapters.topics import Topics
    from services.processor.handler import BatchHandler
    from services.processor.messages import RawMessage

    keyring = in_memory_keyring()
    cipher, store, topics = FieldCipher(keyring), InMemoryProjectionStore(), Topics("")
    gone = "ck_" + "e" * 40
    allowance = Envelope.new(SubsistenceAllowanceGranted(monthly_amount_cny=500, since=date(2025, 1, 1)),
                             source="civil_affairs", child_key=KEY, occurred_at=T0)  # implies values it seals
    events = [identity(), allowance, identity().model_copy(update={"child_key": gone})]
    sealed = EdgeSealer(cipher).many(events)
    keyring.destroy_child(gone)  # erased after the department sealed, before the processor got there
    per_value = []
    real = keyring.data_key
    keyring.data_key = lambda *a, **k: per_value.append(a) or real(*a, **k)  # type: ignore[method-assign]
    handler = BatchHandler(store, topics, "g", protect=RecordProtector(cipher, None),
                           key_scope=lambda keys: cipher.batch(keys, create=False))
    handler.handle([RawMessage(topics.department(e.source), 0, i, e.child_key.encode(), encode(e))
                    for i, e in enumerate(sealed)])
    kept = store.load([KEY, gone])
    assert cipher.open(KEY, "identity.name", kept[KEY].value("identity.name")) == "钱多多"
    assert all(is_sealed(fv.value) for name, fv in kept[KEY].fields.items() if FIELDS[name].encrypted)
    assert (KEY,) not in per_value  # its key came with the batch, not a keyring query per value
