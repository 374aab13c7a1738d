"""The relay publishes a batch's messages from memory and the next batch deletes their rows; after a failure it reads
the outbox back until nothing is left behind."""

from datetime import timedelta

from services.adapters.messaging import InMemoryBroker
from services.adapters.store import InMemoryProjectionStore
from services.processor.cycle import handle_and_relay
from services.processor.handler import BatchHandler
from services.processor.outbox import OutboxRelay
from tests.unit.services.processor.test_handler import KEY, T0, TOPICS, identity_event, raw


def Producer():  # noqa: N802 - reads like the class it stands for
    """A producer on its own in-memory broker (the shared fake of services/adapters/messaging.py)."""
    return InMemoryBroker().producer()


def setup():
    store, producer = InMemoryProjectionStore(), Producer()
    relay = OutboxRelay(store, producer)
    relay.flush()  # start-up: nothing left behind
    return store, producer, relay, BatchHandler(store, TOPICS, "g")


def test_steady_state_publishes_from_memory_and_the_next_batch_deletes_the_rows():
    store, producer, relay, handler = setup()
    event = identity_event()
    handle_and_relay(handler, relay, [raw(event, 0)])
    assert len(producer.sent) == 1 and relay.published and len(store.pending_outbox()) == 1
    handle_and_relay(handler, relay, [raw(event, 1)])  # the same event again: nothing new to announce
    assert store.pending_outbox() == [] and relay.published == []
    assert len(producer.sent) == 1


def test_idle_settle_deletes_relayed_rows():
    store, _, relay, handler = setup()
    handle_and_relay(handler, relay, [raw(identity_event(), 0)])
    relay.settle()
    assert store.pending_outbox() == [] and relay.published == []


def test_a_failed_publish_keeps_the_rows_and_a_later_batch_catches_up():
    store, producer, relay, handler = setup()
    producer.broker.down = True
    event = identity_event()
    handle_and_relay(handler, relay, [raw(event, 0)])
    assert producer.sent == [] and len(store.pending_outbox()) == 1
    producer.broker.down = False
    handle_and_relay(handler, relay, [raw(event, 1)])
    assert [t for t, _ in producer.sent] == [TOPICS.changes]
    relay.settle()
    assert store.pending_outbox() == [] and store.get(KEY) is not None


def test_one_childs_notifications_always_go_to_the_same_partition():
    store, producer, relay, handler = setup()
    handle_and_relay(handler, relay, [raw(identity_event(), 0)])
    later = identity_event().model_copy(update={"event_id": "later-event", "occurred_at": T0 + timedelta(days=1)})
    handle_and_relay(handler, relay, [raw(later, 1)])
    changes = [m.partition for m in producer.messages if m.topic == TOPICS.changes]
    assert len(changes) == 2 and changes[0] == changes[1] and changes[0] in {0, 1, 2}


def Refusing():  # noqa: N802
    """A broker that will never take one message (too large), and takes everything else."""
    from kafka.errors import MessageSizeTooLargeError

    broker = InMemoryBroker()
    broker.refuse(lambda m: m.value and b"\x00poison" in m.value, MessageSizeTooLargeError("too large"))
    return broker.producer()


def test_a_message_the_broker_never_takes_does_not_hold_back_the_others():
    """Issue 15: one message the broker refuses for good (too large) blocked the relay for good."""
    from services.processor.messages import RawMessage

    store = InMemoryProjectionStore()
    producer = Refusing()
    relay = OutboxRelay(store, producer)
    handler = BatchHandler(store, TOPICS, "g")
    poison = RawMessage(TOPICS.department("education"), 0, 0, KEY.encode(), b"\x00poison")
    handle_and_relay(handler, relay, [poison, raw(identity_event(), 1)])
    relay.flush()
    assert store.pending_outbox() == []
    assert any(topic == TOPICS.changes for topic, _ in producer.sent)  # the valid event's notification went out
    assert (TOPICS.dead_letter, b"") in producer.sent  # the refused letter's stand-in


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_two_workers_never_send_each_others_rows_in_normal_running():
    """Issue 15: "relay duplicates only after a crash, not in normal running" (a starting worker's flush re-sent the
    rows another worker had just sent)."""
    store, clock = InMemoryProjectionStore(), Clock()
    producers = [Producer(), Producer()]
    relays = [OutboxRelay(store, p, clock=clock) for p in producers]
    handlers = [BatchHandler(store, TOPICS, "g"), BatchHandler(store, TOPICS, "g")]
    for step in range(40):
        clock.now += 1.0
        w = step % 2
        later = identity_event().model_copy(update={"event_id": f"event-{step:04d}",
                                                    "occurred_at": T0 + timedelta(days=step)})
        handle_and_relay(handlers[w], relays[w], [raw(later, step)])
        relays[1 - w].settle_or_defer()  # the other one idles meanwhile, sweeping when due
    sent = [v for p in producers for _, v in p.sent]
    assert len(sent) == 40 and len(set(sent)) == 40


def test_rows_a_crashed_worker_left_are_relayed_by_another_after_one_sweep_interval():
    store, clock = InMemoryProjectionStore(), Clock()
    crashed = OutboxRelay(store, Producer(), clock=clock)
    crashed.producer.broker.down = True
    handle_and_relay(BatchHandler(store, TOPICS, "g"), crashed, [raw(identity_event(), 0)])  # then it dies
    assert len(store.pending_outbox()) == 1
    producer = Producer()
    survivor = OutboxRelay(store, producer, sweep_after_s=10, clock=clock)
    survivor.settle_or_defer()  # first sweep: notes the row, leaves it (its worker may be alive and about to send)
    clock.now += 5
    survivor.settle_or_defer()
    assert producer.sent == []
    clock.now += 6
    survivor.settle_or_defer()
    assert [t for t, _ in producer.sent] == [TOPICS.changes] and store.pending_outbox() == []



def Flaky():  # noqa: N802
    """A broker that does not acknowledge the second dead letter the first time (a timeout), and takes the rest."""
    from kafka.errors import KafkaTimeoutError

    broker, refused = InMemoryBroker(), []

    def once(message):
        if message.value and b"oops1" in message.value and not refused:
            refused.append(message)
            return True
        return False

    broker.refuse(once, KafkaTimeoutError("no acknowledgement in time"))
    return broker.producer()


def test_a_partial_failure_resends_only_what_was_not_acknowledged():
    """Re-sending a whole batch after one message timed out made copies of the others without any crash."""
    from services.processor.messages import RawMessage

    store, producer = InMemoryProjectionStore(), Flaky()
    relay = OutboxRelay(store, producer)
    handler = BatchHandler(store, TOPICS, "g")
    bad = [RawMessage(TOPICS.department("education"), 0, i, KEY.encode(), b"{oops%d" % i) for i in range(3)]
    handle_and_relay(handler, relay, bad)
    assert len(producer.sent) == 2  # one was not acknowledged
    relay.settle_or_defer()  # it goes again, alone
    relay.settle()
    values = [v for _, v in producer.sent]
    assert len(values) == 3 and len(set(values)) == 3 and store.pending_outbox() == []


PS = TOPICS.department("public_security")


def test_a_slow_worker_s_rows_are_never_taken_by_the_owner_of_other_partitions():
    """Issue 15, at 100k under load: a worker whose next batch took longer than two sweep intervals had the rows it had
    just relayed re-sent by the other worker (324 dead-letter and 19 notification copies without a crash)."""
    store, clock = InMemoryProjectionStore(), Clock()
    slow, other = OutboxRelay(store, Producer(), clock=clock), OutboxRelay(store, Producer(), clock=clock)
    slow.assigned([(PS, 0)])
    other.assigned([(PS, 1), (PS, 2)])
    handle_and_relay(BatchHandler(store, TOPICS, "g"), slow, [raw(identity_event(), 0)])  # partition 0
    assert len(slow.producer.sent) == 1 and len(store.pending_outbox()) == 1  # relayed; its next batch deletes it
    for _ in range(10):  # the slow worker's next batch takes 100 s
        clock.now += 10
        other.settle_or_defer()
    assert other.producer.sent == []


def test_after_a_rebalance_the_partition_s_new_owner_relays_what_the_old_one_left():
    store, clock = InMemoryProjectionStore(), Clock()
    gone = OutboxRelay(store, Producer(), clock=clock)
    gone.assigned([(PS, 0)])
    gone.producer.broker.down = True
    handle_and_relay(BatchHandler(store, TOPICS, "g"), gone, [raw(identity_event(), 0)])  # then it dies
    heir = OutboxRelay(store, Producer(), sweep_after_s=10, clock=clock)
    heir.assigned([(PS, 1)])
    for _ in range(3):
        clock.now += 11
        heir.settle_or_defer()
    assert heir.producer.sent == []  # not its partition (yet)
    heir.assigned([(PS, 0), (PS, 1)])  # the group moves partition 0 to it
    for _ in range(2):  # seen pending at two sweeps under the new assignment: left over
        clock.now += 11
        heir.settle_or_defer()
    assert [t for t, _ in heir.producer.sent] == [TOPICS.changes] and store.pending_outbox() == []


def test_a_revoked_worker_deletes_what_it_relayed_so_the_new_owner_has_nothing_to_resend():
    store, clock = InMemoryProjectionStore(), Clock()
    old = OutboxRelay(store, Producer(), clock=clock)
    old.assigned([(PS, 0)])
    handle_and_relay(BatchHandler(store, TOPICS, "g"), old, [raw(identity_event(), 0)])
    old.revoked()
    assert store.pending_outbox() == [] and old.published == []


def test_rows_name_the_ingest_partition_they_came_from():
    from services.processor.messages import RawMessage, origin_of

    store = InMemoryProjectionStore()
    handler = BatchHandler(store, TOPICS, "g")
    event = identity_event()
    handler.handle([RawMessage(PS, 2, 0, event.child_key.encode(), encode_event(event)),
                    RawMessage(PS, 1, 0, None, b"{oops")])
    assert sorted(origin_of(m) for m in store.pending_outbox()) == [(PS, 1), (PS, 2)]


def encode_event(event):
    from events.envelope import encode

    return encode(event)
