"""The health reading: lag against the store's positions, and "stuck" when two readings show no movement."""

from services.adapters.store import open_store
from services.processor.handler import BatchHandler
from services.usecases.health import read_health
from tests.unit.services.processor.test_handler import TOPICS, identity_event, raw


def test_lag_is_what_the_store_has_not_applied_and_no_movement_is_stuck(tmp_path):
    store = open_store(f"sqlite:///{tmp_path}/s.db")
    topic = TOPICS.department("public_security")
    BatchHandler(store, TOPICS, "g").handle([raw(identity_event(), 0)])
    ends = {(topic, 0): 5, (topic, 1): 0}
    first = read_health(store, ends, "g")
    assert first.lag == {f"{topic}/0": 4, f"{topic}/1": 0} and first.total_lag == 4
    assert first.outbox_rows == 1 and first.outcomes == {"applied": 1}
    assert any("not yet applied" in p for p in first.problems) and not any("stuck" in p for p in first.problems)
    second = read_health(store, ends, "g", first, 5)
    assert any("did not move" in p for p in second.problems) and any("outbox" in p for p in second.problems)
    caught_up = read_health(store, {(topic, 0): 1}, "g")
    assert caught_up.total_lag == 0 and not any("not yet applied" in p for p in caught_up.problems)
    store.close()


def test_dead_letters_are_shown_per_reason_and_an_old_outbox_row_is_a_problem(tmp_path):
    """Issue 15: "a health command shows consumer lag per partition, the oldest outbox row's age and dead letters per
    reason, and says when something is stuck"."""
    from sqlalchemy import text

    store = open_store(f"sqlite:///{tmp_path}/s.db")
    topic = TOPICS.department("public_security")
    event = identity_event()
    BatchHandler(store, TOPICS, "g").handle([raw(event, 0), raw(event, 1, value=b"{oops"),
                                             raw(event, 2, value=b"null")])
    reading = read_health(store, {(topic, 0): 3}, "g")
    assert reading.dead_letters_last_day == {"not_json": 1, "not_an_object": 1}
    assert reading.oldest_outbox_age_s is not None and reading.oldest_outbox_age_s < 60 and not reading.problems
    with store.engine.begin() as conn:  # the rows were written ten minutes ago and never relayed
        conn.execute(text("UPDATE outbox SET created_at = datetime('now', '-10 minutes')"))
    old = read_health(store, {(topic, 0): 3}, "g")
    assert 590 < old.oldest_outbox_age_s < 700 and any("oldest row" in p for p in old.problems)
    store.close()
