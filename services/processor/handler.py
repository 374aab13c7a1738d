"""The processor's work for one batch: decode, validate, 一数一源, apply, and one store transaction. No Kafka here."""

from __future__ import annotations

import hashlib
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

import orjson

from events.envelope import Envelope, EventDecodeError, decode_with_digest
from privacy.pseudonym import is_child_key
from projections.apply import Applied, Rejected, apply
from projections.record import ChildRecord
from services.adapters.store.port import (
    AlreadyApplied,
    BatchWrite,
    DeadLetterRecord,
    OutboxMessage,
    ProjectionStore,
    StoreUnavailable,
    Tracking,
)
from services.adapters.topics import Topics
from services.processor.messages import RawMessage, dead_letter, projection_changed
from services.processor.record_cache import RecordCache

log = logging.getLogger(__name__)

# Run on each record an event changed, before it is stored: redaction of free text and sealing of personal values.
Protect = Callable[[ChildRecord, tuple[str, ...]], ChildRecord]
# Seals the original bytes of a dead letter (origin "topic/partition/offset" is bound to the ciphertext), under a key
# of the child when the message names one (so that erasing the child reaches its dead letters too).
SealBytes = Callable[[bytes, str, str | None], bytes]
# Reads the data keys of a batch's children once for the whole batch (FieldCipher.batch) instead of one keyring query
# per sealed value and per opened one (the erasure check). A keyring that cannot be read fails the whole batch (nothing
# is committed; the batch is redone from the stored positions) rather than dead-lettering its events one by one.
KeyScope = Callable[[Iterable[str]], AbstractContextManager[object]]
# An event is a few kilobytes (a note is at most 4,000 characters); anything larger is refused before it is parsed,
# and its dead letter keeps only size and digest, so no dead letter can exceed what the broker takes.
MAX_EVENT_BYTES = 64 * 1024


def poison_reason(exc: BaseException) -> str:
    """A dead letter's reason for an exception: the type, and the message only of our own exceptions (a library's
    message may quote the input)."""
    own = type(exc).__module__.split(".")[0] in ("privacy", "projections", "events", "services")
    return f"unprocessable: {type(exc).__name__}" + (f": {str(exc)[:200]}" if own else "")


MIXED_CHILDREN = "(mixed)"


def letter_child(msg: RawMessage) -> str | None:
    """The child an undecodable message is about: the one its bytes name (when they parse that far), else its key's;
    MIXED_CHILDREN when key and bytes name different children."""
    keyed = msg.key.decode("ascii", "replace") if msg.key else None
    keyed = keyed if is_child_key(keyed) else None
    try:
        body = orjson.loads(msg.value) if msg.value else None
    except orjson.JSONDecodeError:
        body = None
    named = body.get("child_key") if isinstance(body, dict) else None
    named = named if is_child_key(named) else None
    if keyed and named and keyed != named:
        return MIXED_CHILDREN
    return named or keyed


# After a tracking clash, look up seen event ids before writing for this many batches (duplicates come in runs).
_CAREFUL_BATCHES = 100


@dataclass
class BatchResult:
    """Counts of what one batch did."""

    applied: int = 0
    stale: int = 0
    rejected: int = 0
    duplicates: int = 0
    dead_lettered: list[str] = field(default_factory=list)
    # Committed, with ids: the relay publishes these. Left out of repr: dead letters carry the original bytes.
    outbox: list[OutboxMessage] = field(default_factory=list, repr=False)


class BatchHandler:
    """Applies a batch of raw messages to the store in one transaction, exactly once per event id."""

    def __init__(self, store: ProjectionStore, topics: Topics, group: str, protect: Protect | None = None,
                 seal_dead_letter: SealBytes | None = None, emit: bool = True, cache: RecordCache | None = None,
                 key_scope: KeyScope | None = None) -> None:
        self.store, self.topics, self.group = store, topics, group
        self.protect, self.seal_dead_letter, self.key_scope = protect, seal_dead_letter, key_scope
        self.emit = emit  # a rebuild writes the store only: it must not re-announce into live topics
        self.cache = cache if cache is not None else RecordCache(0)
        # Event ids are looked up in the tracking table only while duplicates are about: otherwise the tracking
        # insert's unique key catches the rare one (the batch clashes and is redone carefully).
        self._careful = 0
        self._protecting = 0.0  # seconds the last batch spent in protect
        self._origins: dict[str, tuple[str, int]] = {}  # child key -> ingest partition of the last batch's last event
        # seconds per phase, for the benchmark's "where the time goes"
        self.timings: defaultdict[str, float] = defaultdict(float)

    def handle(self, messages: Sequence[RawMessage], published: Sequence[int] = (),
               unavailable_timeout_s: float = 600) -> BatchResult:
        """Process and commit one batch, deleting the `published` outbox rows in the same transaction. A tracking
        clash (a rebalance race) redoes it against fresh state; an unreachable store is waited for (with backoff)
        rather than skipped, so nothing is lost."""
        clashes, waited, delay = 0, 0.0, 0.5
        while True:
            try:
                batch, result, loaded = self._plan(messages, check_seen=self._careful > 0)
                batch.published = list(published)
                started = time.perf_counter()
                result.outbox = self.store.commit(batch, self.group)
                self.timings["store write (one transaction)"] += time.perf_counter() - started
                self.cache.keep(loaded)
                self.cache.keep(batch.records)
                self._careful = max(0, self._careful - 1)
                return result
            except AlreadyApplied as exc:
                clashes += 1
                self.cache.clear()  # some record moved on elsewhere (a rebalance): read everything afresh
                self._careful = _CAREFUL_BATCHES
                log.info("batch overlapped already-applied events or changed records (%s); retrying (%d)", exc, clashes)
                if clashes >= 5:
                    raise RuntimeError("batch kept clashing with concurrent writers") from None
            except StoreUnavailable as exc:
                if waited >= unavailable_timeout_s:
                    raise
                log.warning("store unavailable (%s); retrying in %.1fs", exc, delay)
                time.sleep(delay)
                waited, delay = waited + delay, min(delay * 2, 5.0)

    def _plan(self, messages: Sequence[RawMessage],
              check_seen: bool) -> tuple[BatchWrite, BatchResult, dict[str, ChildRecord]]:
        batch, result = BatchWrite(), BatchResult()
        decoded: list[tuple[RawMessage, tuple[Envelope, str] | EventDecodeError]] = []
        clock = time.perf_counter()
        done = self.store.positions(self.group)
        for msg in messages:
            key = (msg.topic, msg.partition)
            if msg.offset < done.get(key, 0):
                # Committed to the store before a crash or rebalance, redelivered by Kafka: already handled.
                result.duplicates += 1
                continue
            batch.positions[key] = max(batch.positions.get(key, 0), msg.offset + 1)
            batch.base_positions[key] = done.get(key)
            decoded.append((msg, self._decode(msg)))
        clock = self._lap("decode + validate", clock)
        envelopes = [item[0] for _, item in decoded if not isinstance(item, EventDecodeError)]
        # event id -> content digest of what was applied under it (None: a row from before digests were kept)
        seen = self.store.digests([e.event_id for e in envelopes]) if check_seen else {}
        records, missing = self.cache.take({e.child_key for e in envelopes if e.event_id not in seen})
        loaded = self.store.load(missing)
        records.update(loaded)
        batch.base_versions = {key: record.version for key, record in records.items()}
        clock = self._lap("store reads (positions, seen ids, records)", clock)
        protecting = time.perf_counter()
        scope = self.key_scope({e.child_key for e in envelopes}) if self.key_scope else nullcontext()
        with scope:
            protecting = time.perf_counter() - protecting
            touched = self._apply_all(batch, result, decoded, records, seen)
        self.timings["redact + seal"] += protecting + self._protecting
        for child_key, (fields, event_ids) in touched.items() if self.emit else ():  # a rebuild announces nothing
            self._emit(batch, projection_changed(records[child_key], fields, event_ids, self.topics.changes,
                                                 self._origins[child_key]))
        self._lap("apply (一数一源, merge) + outbox", clock + protecting + self._protecting)
        return batch, result, loaded

    def _apply_all(self, batch: BatchWrite, result: BatchResult,
                   decoded: list[tuple[RawMessage, tuple[Envelope, str] | EventDecodeError]],
                   records: dict[str, ChildRecord],
                   seen: dict[str, str | None]) -> dict[str, tuple[set[str], list[str]]]:
        """Each message in order: apply, protect, track, or dead-letter. Returns the changed fields and event ids per
        child (one notification per changed child per batch: a consumer needs the latest version, not every step)."""
        protecting = 0.0
        touched: dict[str, tuple[set[str], list[str]]] = {}
        origins: dict[str, tuple[str, int]] = {}  # child key -> ingest partition of its last applied event
        for msg, item in decoded:
            if isinstance(item, EventDecodeError):
                self._reject(batch, result, msg, item.code, item.reason, child_key=letter_child(msg))
                continue
            env, digest = item
            if env.event_id in seen:
                earlier = seen[env.event_id]
                if earlier is not None and earlier != digest:
                    # One id, two contents: the first stays applied; the second is neither applied nor dropped.
                    self._reject(batch, result, msg, "event_id_conflict",
                                 "event_id: already used by an event with other content", env.event_id, env.child_key)
                else:
                    result.duplicates += 1
                continue
            seen[env.event_id] = digest
            try:  # the per-message boundary: a poison event costs one dead letter, never the batch
                outcome = apply(records.get(env.child_key), env)
                if isinstance(outcome, Applied) and outcome.changed:
                    started = time.perf_counter()
                    record = self.protect(outcome.record, outcome.changed) if self.protect else outcome.record
                    protecting += time.perf_counter() - started
            except Exception as exc:  # noqa: BLE001 - anything apply, redaction or sealing raises on this event
                outcome = Rejected("unprocessable", poison_reason(exc))
            if isinstance(outcome, Applied):
                state = "applied" if outcome.changed else "stale"
                if outcome.changed:
                    records[env.child_key] = batch.records[env.child_key] = record
                    fields, event_ids = touched.setdefault(env.child_key, (set(), []))
                    fields.update(outcome.changed)
                    event_ids.append(env.event_id)
                    origins[env.child_key] = (msg.topic, msg.partition)
                    result.applied += 1
                else:
                    result.stale += 1
            else:
                state = "rejected"
                self._reject(batch, result, msg, outcome.code, outcome.reason, env.event_id, env.child_key)
            batch.tracking.append(Tracking(env.event_id, msg.topic, msg.partition, msg.offset, env.child_key, state,
                                           digest))
        self._protecting, self._origins = protecting, origins
        return touched

    def _lap(self, phase: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[phase] += now - since
        return now

    def _reject(self, batch: BatchWrite, result: BatchResult, msg: RawMessage, code: str, reason: str,
                event_id: str | None = None, child_key: str | None = None) -> None:
        """One dead letter: on the topic (sealed) and counted in the store by reason code, in the batch's
        transaction."""
        self._emit(batch, self._dead_letter(msg, code, reason, event_id, child_key))
        batch.dead_letters.append(DeadLetterRecord(msg.topic, msg.partition, msg.offset, code))
        result.rejected += 1
        result.dead_lettered.append(reason)

    def _dead_letter(self, msg: RawMessage, code: str, reason: str, event_id: str | None = None,
                     child_key: str | None = None) -> OutboxMessage:
        letter = dead_letter(msg, self.topics.dead_letter, code, reason, event_id)
        if msg.value is not None and len(msg.value) > MAX_EVENT_BYTES:
            # Too large to relay once sealed: keep its size and digest, not its bytes (the sender still has them).
            digest = hashlib.sha256(msg.value).hexdigest()
            return OutboxMessage(letter.topic, letter.key, b"", letter.headers + (
                ("dlq.size", str(len(msg.value)).encode()), ("dlq.sha256", digest.encode())))
        if child_key == MIXED_CHILDREN:
            # The key names one child and the bytes another: sealed under either, the copy could outlive the
            # other's erasure, so none of the original is kept.
            return OutboxMessage(letter.topic, letter.key, b"", letter.headers + (("dlq.dropped", b"mixed children"),))
        if self.seal_dead_letter is None or msg.value is None:
            return letter
        sealed = self.seal_dead_letter(msg.value, f"{msg.topic}/{msg.partition}/{msg.offset}", child_key)
        return OutboxMessage(letter.topic, letter.key, sealed, letter.headers + (("dlq.sealed", b"v1"),))

    def _emit(self, batch: BatchWrite, message: OutboxMessage) -> None:
        if self.emit:
            batch.outbox.append(message)

    def _decode(self, msg: RawMessage) -> tuple[Envelope, str] | EventDecodeError:
        if msg.value is None:
            return EventDecodeError("empty message (tombstone) on an ingest topic", "empty")
        if len(msg.value) > MAX_EVENT_BYTES:
            return EventDecodeError(f"too_large: {len(msg.value)} bytes, over the {MAX_EVENT_BYTES} an event may have",
                                    "too_large")
        try:
            env, digest = decode_with_digest(msg.value)
            department = self.topics.department_of(msg.topic)
            if department is not None and env.source.value != department:
                # A system may only speak for its own department: its topic is its identity.
                return EventDecodeError(f"source {env.source.value!r} arrived on the topic of {department!r}",
                                        "wrong_source")
            if msg.key is not None and msg.key != env.child_key.encode():
                return EventDecodeError("message key differs from the envelope's child_key (ordering per child breaks)",
                                        "key_mismatch")
            return env, digest
        except EventDecodeError as exc:
            return exc
        except Exception as exc:  # noqa: BLE001 - whatever the bytes are, they cost one dead letter
            return EventDecodeError(poison_reason(exc), "unprocessable")
