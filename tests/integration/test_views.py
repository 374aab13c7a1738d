"""Downstream subscriptions on the real broker: a purpose's view carries only its fields, sealed, and is audited."""

import json
from datetime import UTC, date, datetime

import pytest
from kafka import KafkaConsumer

from events.contracts.civil_affairs import SubsistenceAllowanceGranted
from events.contracts.public_security import IdentityRecorded, ResidenceRegistered
from events.envelope import Envelope, encode
from privacy.access_policy import load_policy
from privacy.keyring import ChildErased as KeysGone
from services.adapters.kafka_admin import client_config
from services.bootstrap import Platform
from services.processor.handler import BatchHandler
from services.processor.messages import RawMessage
from services.processor.outbox import OutboxRelay
from services.sdk.subscriber import ViewSubscriber
from services.settings import Settings
from services.usecases.access import KNOWN_FIELDS
from services.usecases.protection import EdgeSealer, RecordProtector
from services.usecases.views import view_sealer

pytestmark = pytest.mark.kafka
PURPOSE = "entitlement_matching"


@pytest.fixture
def platform(kafka_bootstrap, unique_name, tmp_path):
    p = Platform(Settings().with_(bootstrap_servers=kafka_bootstrap, namespace=f"{unique_name}.",
                                  database_url=f"sqlite:///{tmp_path}/s.db", keyring_dir=tmp_path / "keys"))
    p.ensure_topics()
    p.ensure_view_topic(PURPOSE)
    yield p
    p.close()


def seed(platform, n=3):
    handler = BatchHandler(platform.store, platform.topics, "g", protect=RecordProtector(platform.cipher, None))
    seal, msgs, keys = EdgeSealer(platform.cipher), [], []
    for i in range(n):
        key = f"ck_{i:040d}"
        keys.append(key)
        for payload in (IdentityRecorded(name=f"周小{i}", id_number="110101201503011237", sex="M",
                                         birth_date=date(2015, 3, 1), hukou_area="110101"),
                        ResidenceRegistered(area_code="330106", address="杭州市西湖区某路1号"),
                        SubsistenceAllowanceGranted(monthly_amount_cny=500, since=date(2025, 1, 1))):
            env = seal(Envelope.new(payload, source=payload.DEPARTMENT, child_key=key,
                                    occurred_at=datetime(2025, 3, 1, tzinfo=UTC)))
            msgs.append(RawMessage(platform.topics.department(env.source), 0, len(msgs), key.encode(), encode(env)))
    handler.handle(msgs)
    OutboxRelay(platform.store, platform.producer).flush()
    return keys


def test_a_subscriber_catches_up_on_its_view_with_only_the_allowed_fields(platform):
    keys = seed(platform)
    sent = platform.view_projector(PURPOSE).run(platform.settings.bootstrap_servers, stop_after_idle_s=3)
    assert sent == len(keys)
    subscriber = ViewSubscriber(platform.settings.bootstrap_servers, PURPOSE,
                                view_sealer(platform.keyring, PURPOSE).key, platform.settings.namespace)
    updates = []
    for _ in range(10):
        updates += subscriber.poll(1000)
        if len(updates) >= len(keys):
            break
    allowed = set(load_policy().fields_for(load_policy().rule("downstream_app", PURPOSE), KNOWN_FIELDS))
    assert sorted(u.child_key for u in updates) == keys
    for u in updates:
        assert set(u.fields) <= allowed and "identity.name" not in u.fields
        assert u.fields["assistance.dibao"] is True and u.fields["residence.area_code"] == "330106"
    # resume from a stored offset: nothing older comes back
    last = {u.partition: u.offset + 1 for u in updates}
    resumed = ViewSubscriber(platform.settings.bootstrap_servers, PURPOSE,
                             view_sealer(platform.keyring, PURPOSE).key, platform.settings.namespace, last)
    assert resumed.poll(2000) == []
    subscriber.close()
    resumed.close()


def test_every_delivery_is_audited_on_the_table_and_the_audit_topic(platform):
    keys = seed(platform, 2)
    platform.view_projector(PURPOSE).run(platform.settings.bootstrap_servers, stop_after_idle_s=3)
    deliveries = [r for r in platform.audit_sink().records() if r.event.action == "deliver"]
    assert sorted(r.event.child_key for r in deliveries) == keys
    consumer = KafkaConsumer(platform.topics.audit, **client_config(platform.settings.bootstrap_servers, "audit"),
                             auto_offset_reset="earliest", consumer_timeout_ms=3000, group_id=None)
    on_topic = [json.loads(m.value) for m in consumer]
    consumer.close()
    assert sorted(r["child_key"] for r in on_topic if r["action"] == "deliver") == keys


def test_the_view_topic_holds_no_plaintext(platform):
    seed(platform, 2)
    platform.view_projector(PURPOSE).run(platform.settings.bootstrap_servers, stop_after_idle_s=3)
    consumer = KafkaConsumer(platform.topics.view(PURPOSE),
                             **client_config(platform.settings.bootstrap_servers, f"app:{PURPOSE}"),
                             auto_offset_reset="earliest", consumer_timeout_ms=3000, group_id=None)
    blobs = b"".join(m.value for m in consumer)
    consumer.close()
    assert blobs and b"330106" not in blobs and "周小".encode() not in blobs


def test_entitlements_are_recomputed_on_change_and_published_for_subscribers(platform):
    from datetime import date

    from projections.catalogue import load_catalogue
    from services.usecases.care import run_entitlement_projector

    keys = seed(platform, 2)
    platform.ensure_view_topic("entitlements")
    sealer = view_sealer(platform.keyring, "entitlements")
    sent = run_entitlement_projector(platform.care_jobs("job:entitlements"), load_catalogue(), platform.topics,
                                     platform.settings.bootstrap_servers, platform.producer_for("projector"), sealer,
                                     as_of=date(2026, 1, 1), stop_after_idle_s=3)
    assert sent == 2
    subscriber = ViewSubscriber(platform.settings.bootstrap_servers, "entitlements", sealer.key,
                                platform.settings.namespace)
    updates = []
    for _ in range(10):
        updates += subscriber.poll(1000)
        if len(updates) >= 2:
            break
    subscriber.close()
    assert sorted(u.child_key for u in updates) == keys


def _read_all(platform, purpose, keys):
    subscriber = ViewSubscriber(platform.settings.bootstrap_servers, purpose, keys, platform.settings.namespace)
    updates = []
    for _ in range(5):
        batch = subscriber.poll(1000)
        updates += batch
        if not batch and updates:
            break
    subscriber.close()
    return updates


def test_erasure_makes_the_views_already_published_unreadable_and_tombstones_the_child(platform):
    """Issue 14: after `childcare erase`, a view message published before the erasure still opened with the view
    key (disability, birth date, guardianship, area)."""
    from services.usecases.erasure import erase_child

    keys = seed(platform, 2)
    platform.view_projector(PURPOSE).run(platform.settings.bootstrap_servers, stop_after_idle_s=3)
    sealer = view_sealer(platform.keyring, PURPOSE)
    consumer = KafkaConsumer(platform.topics.view(PURPOSE), **client_config(platform.settings.bootstrap_servers,
                                                                            f"app:{PURPOSE}"),
                             auto_offset_reset="earliest", consumer_timeout_ms=3000, group_id=None)
    before = [(m.key.decode(), m.value) for m in consumer]
    consumer.close()
    from services.usecases.views import open_view

    assert open_view(sealer.key, keys[0], next(v for k, v in before if k == keys[0]))["fields"]
    erase_child(platform.keyring, platform.publisher(seal=False), platform.audit_sink(), "officer", keys[0], "R-1",
                "PIPL art. 47")
    with pytest.raises(KeysGone):
        open_view(sealer.key, keys[0], next(v for k, v in before if k == keys[0]))  # the key is gone
    # the erasure event reaches the projection; the projector then writes a tombstone for the child
    from events.contracts.common import ChildErased

    handler = BatchHandler(platform.store, platform.topics, "g", protect=RecordProtector(platform.cipher, None))
    erase = Envelope.new(ChildErased(request_reference="R-1", legal_basis="PIPL art. 47"), source="platform",
                         child_key=keys[0], occurred_at=datetime.now(UTC))
    handler.handle([RawMessage(platform.topics.department("platform"), 0, 99, keys[0].encode(), encode(erase))])
    OutboxRelay(platform.store, platform.producer).flush()
    platform.view_projector(PURPOSE).run(platform.settings.bootstrap_servers, stop_after_idle_s=3)
    updates = _read_all(platform, PURPOSE, sealer.key)
    mine = [u for u in updates if u.child_key == keys[0]]
    assert mine and all(u.erased and u.fields == {} for u in mine)
    assert any(u.child_key == keys[1] and u.fields for u in updates)  # the other child is untouched
    consumer = KafkaConsumer(platform.topics.view(PURPOSE), **client_config(platform.settings.bootstrap_servers,
                                                                            f"app:{PURPOSE}"),
                             auto_offset_reset="earliest", consumer_timeout_ms=3000, group_id=None)
    assert [m.value for m in consumer if m.key.decode() == keys[0]][-1] is None  # the tombstone, for compaction
    consumer.close()
