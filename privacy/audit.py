"""Audit records you can verify: each holds the hash of the one before it and an HMAC; verify() names the first break.

A chain alone cannot show that its tail was cut, so its head is anchored outside the table: a checkpoint (last sequence
number and hash) signed with a key of its own, kept by an `AnchorStore` (a file in the keyring, in services) and carried
on the audit topic with every record, in the manner of Certificate Transparency's signed tree heads. `verify()` compares
the table with the anchor and with the topic and names what is missing, replaced or forged.
"""

from __future__ import annotations

import abc
import hashlib
import hmac
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
ACTIONS = {"read", "search", "list", "decrypt", "export", "deliver", "key_use", "erase", "deny", "audit_query",
           "statistics", "token_issue", "token_revoke", "ingest", "sign_in", "sign_out", "operations"}


@dataclass(frozen=True)
class AuditEvent:
    """Who did what, under which role and purpose, to which (pseudonymous) child and fields, with what outcome."""

    actor: str
    role: str
    purpose: str
    action: str
    outcome: str  # allowed | denied | error
    child_key: str | None = None
    fields: tuple[str, ...] = ()
    origin: str = ""
    detail: str = ""
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown audit action {self.action!r}")


@dataclass(frozen=True)
class AuditRecord:
    """An event placed in the chain."""

    seq: int
    prev_hash: str
    hash: str
    mac: str
    event: AuditEvent

    def to_row(self) -> dict[str, Any]:
        """Flat dict for tables and topics."""
        row = {"seq": self.seq, "prev_hash": self.prev_hash, "hash": self.hash, "mac": self.mac, **asdict(self.event)}
        row["fields"] = ",".join(self.event.fields)
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AuditRecord:
        """Inverse of to_row."""
        names = AuditEvent.__dataclass_fields__
        data = {k: row[k] for k in names if k in row}
        stored = row.get("fields") or ""
        data["fields"] = tuple(stored.split(",")) if stored else ()  # exactly as stored: an edit changes the hash
        return cls(row["seq"], row["prev_hash"], row["hash"], row["mac"], AuditEvent(**data))


def _digest(seq: int, prev_hash: str, event: AuditEvent) -> str:
    body = {"seq": seq, "prev_hash": prev_hash, **asdict(event), "fields": list(event.fields)}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def chain(secret: bytes, previous: AuditRecord | None, event: AuditEvent) -> AuditRecord:
    """The record that follows `previous` (or starts the chain)."""
    seq = previous.seq + 1 if previous else 1
    prev_hash = previous.hash if previous else GENESIS
    digest = _digest(seq, prev_hash, event)
    return AuditRecord(seq, prev_hash, digest, hmac.new(secret, digest.encode(), hashlib.sha256).hexdigest(), event)


@dataclass(frozen=True)
class Checkpoint:
    """A signed head of the chain: the last sequence number and its hash (seq 0 and GENESIS: an empty chain)."""

    seq: int
    hash: str
    at: str
    mac: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Checkpoint:
        """Parse; anything malformed becomes a checkpoint whose signature cannot verify."""
        try:
            return cls(int(data["seq"]), str(data["hash"]), str(data.get("at", "")), str(data["mac"]))
        except (KeyError, TypeError, ValueError):
            return cls(-1, "", "", "")


def _checkpoint_mac(key: bytes, seq: int, hash_: str, at: str) -> str:
    return hmac.new(key, f"audit-anchor:v1:{seq}:{hash_}:{at}".encode(), hashlib.sha256).hexdigest()


def sign_checkpoint(key: bytes, record: AuditRecord) -> Checkpoint:
    """The checkpoint naming `record` as the head of the chain."""
    at = datetime.now(UTC).isoformat()
    return Checkpoint(record.seq, record.hash, at, _checkpoint_mac(key, record.seq, record.hash, at))


def checkpoint_valid(key: bytes, checkpoint: Checkpoint) -> bool:
    """Whether the checkpoint was signed with `key` (and not edited since)."""
    good = _checkpoint_mac(key, checkpoint.seq, checkpoint.hash, checkpoint.at)
    return checkpoint.seq >= 0 and hmac.compare_digest(good, checkpoint.mac)


class AnchorStore(abc.ABC):
    """Where the signed head of the chain is kept, outside the audit table. Never moves backwards."""

    @abc.abstractmethod
    def load(self) -> Checkpoint | None:
        """The stored checkpoint, or None when there is none."""

    @abc.abstractmethod
    def advance(self, checkpoint: Checkpoint, fits: Callable[[Checkpoint | None], bool]) -> bool:
        """Atomically, across processes: store `checkpoint` if it is newer than the stored one and `fits(stored)`
        (the chain still holds the stored head). Returns whether it was stored."""


class InMemoryAnchorStore(AnchorStore):
    """A variable behind a lock (tests)."""

    def __init__(self) -> None:
        self.checkpoint: Checkpoint | None = None
        self._lock = threading.Lock()

    def load(self) -> Checkpoint | None:
        return self.checkpoint

    def advance(self, checkpoint: Checkpoint, fits: Callable[[Checkpoint | None], bool]) -> bool:
        with self._lock:
            if self.checkpoint is not None and self.checkpoint.seq >= checkpoint.seq:
                return False
            if not fits(self.checkpoint):
                return False
            self.checkpoint = checkpoint
            return True


def anchor_record(store: AnchorStore, key: bytes, record: AuditRecord,
                  hash_at: Callable[[int], str | None]) -> Checkpoint | None:
    """Move the anchor to `record` if the chain still holds the anchored head (`hash_at(seq)` reads the hash stored at
    seq). A table that lost its anchored head (tail cut, older copy restored) leaves the anchor where it is, so that
    verify() keeps naming the problem. Returns the new checkpoint, or None when the anchor did not move."""
    checkpoint = sign_checkpoint(key, record)

    def fits(current: Checkpoint | None) -> bool:
        return current is None or current.seq == 0 or hash_at(current.seq) == current.hash

    return checkpoint if store.advance(checkpoint, fits) else None


@dataclass(frozen=True)
class VerifyResult:
    """ok, or the first record that does not fit and why; `problems` lists every finding (table, anchor, topic)."""

    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    problems: tuple[str, ...] = ()
    anchor_seq: int | None = None
    topic_checked: int | None = None


def _walk(secret: bytes, records: Iterable[AuditRecord]) -> tuple[list[AuditRecord], int | None, str]:
    """The records in order, and the first broken seq with its reason (None, "" when the chain holds)."""
    prev_hash, expected_seq, seen = GENESIS, 1, []
    for record in records:
        seen.append(record)
        if record.seq != expected_seq:
            return seen, record.seq, (f"expected record {expected_seq} here, found {record.seq}"
                                      " (a record was deleted, inserted or moved)")
        if record.prev_hash != prev_hash:
            return seen, record.seq, "does not follow the record before it"
        if _digest(record.seq, record.prev_hash, record.event) != record.hash:
            return seen, record.seq, "content does not match its hash (edited)"
        if not record_mac_valid(secret, record):
            return seen, record.seq, "HMAC does not match (rewritten without the audit key)"
        prev_hash, expected_seq = record.hash, expected_seq + 1
    return seen, None, ""


def record_mac_valid(secret: bytes, record: AuditRecord) -> bool:
    """Whether the record's hash matches its content and its HMAC was made with the audit key."""
    good_mac = hmac.new(secret, record.hash.encode(), hashlib.sha256).hexdigest()
    return (_digest(record.seq, record.prev_hash, record.event) == record.hash
            and hmac.compare_digest(good_mac, record.mac))


def _ranges(seqs: Iterable[int]) -> str:
    out: list[tuple[int, int]] = []
    for s in sorted(set(seqs)):
        if out and out[-1][1] == s - 1:
            out[-1] = (out[-1][0], s)
        else:
            out.append((s, s))
    return ", ".join(f"{a}" if a == b else f"{a}..{b}" for a, b in out)


def verify(secret: bytes, records: Iterable[AuditRecord], *, anchor_key: bytes | None = None,
           anchor: Checkpoint | None = None, topic: Iterable[AuditRecord] | None = None,
           topic_checkpoints: Iterable[Checkpoint] = ()) -> VerifyResult:
    """Walk the chain in stored order: catches edits, deletions, insertions and reordering. With `anchor_key`, also
    compare the table's head with the signed `anchor` (a cut tail, an empty table, an older copy, a forged anchor);
    with `topic`, compare with the records (and their checkpoints) on the audit topic."""
    seen, broken_seq, broken_reason = _walk(secret, records)
    problems: list[str] = []
    first: int | None = broken_seq
    if broken_seq is not None:
        problems.append(f"record {broken_seq}: {broken_reason}")
    table = {r.seq: r for r in seen}
    last = seen[-1].seq if seen and broken_seq is None else None

    def flag(seq: int | None, text: str) -> None:
        nonlocal first
        problems.append(text)
        if seq is not None and (first is None or seq < first):
            first = seq

    anchor_seq = None
    if anchor_key is not None:
        if anchor is not None and not checkpoint_valid(anchor_key, anchor):
            flag(None, "anchor forged or corrupt: its signature does not verify with the anchor key")
            anchor = None
        if anchor is None:
            if seen and not problems:
                flag(None, f"no anchor for a table of {len(seen)} record(s) (anchor file deleted?)")
        elif broken_seq is None:
            anchor_seq = anchor.seq
            n = last or 0
            if anchor.seq > 0 and n == 0:
                flag(1, f"table empty but anchor at {anchor.seq}")
            elif n < anchor.seq:
                flag(n + 1, f"tail cut: records {n + 1}..{anchor.seq} missing (anchor at {anchor.seq})")
            elif anchor.seq > 0 and table[anchor.seq].hash != anchor.hash:
                flag(anchor.seq, f"table replaced by an older copy or rewritten: record {anchor.seq} hash differs "
                                 "from the anchor")
    topic_checked = None
    if topic is not None:
        on_topic: dict[int, AuditRecord] = {}
        forged: list[int] = []
        for record in topic:
            if not record_mac_valid(secret, record):
                forged.append(record.seq)
            else:
                on_topic.setdefault(record.seq, record)
        topic_checked = len(on_topic)
        if forged:
            flag(None, f"records {_ranges(forged)} on the audit topic fail their hash or HMAC (forged on the topic)")
        missing = [s for s in on_topic if s not in table]
        if broken_seq is not None:
            missing = [s for s in missing if s < broken_seq]  # past a break the table is not read
        if missing:
            flag(min(missing), f"records {_ranges(missing)} are on the audit topic but missing from the table")
        differing = [s for s, r in on_topic.items() if s in table and table[s].hash != r.hash]
        if differing:
            flag(min(differing), f"records {_ranges(differing)} differ from the audit topic")
        if anchor_key is not None:
            heads = [c.seq for c in topic_checkpoints if checkpoint_valid(anchor_key, c)]
            if heads and anchor is not None and max(heads) > anchor.seq:
                flag(None, f"anchor at {anchor.seq} is older than the audit topic's checkpoint at {max(heads)} "
                           "(anchor file replaced by an older copy?)")
    if not problems:
        return VerifyResult(True, len(seen), anchor_seq=anchor_seq, topic_checked=topic_checked)
    reason = broken_reason or problems[0]  # a broken chain keeps its plain reason, as before anchoring
    return VerifyResult(False, len(seen), first, reason, tuple(problems), anchor_seq, topic_checked)


class AuditFailed(RuntimeError):
    """The audit record could not be written, so the access it describes must not happen."""


class AuditSink(abc.ABC):
    """Appends audit events; implementations: in memory (tests), SQL table + Kafka topic (services)."""

    @abc.abstractmethod
    def append(self, event: AuditEvent) -> AuditRecord:
        """Chain and store one event; raises AuditFailed if it cannot."""

    @abc.abstractmethod
    def records(self) -> Sequence[AuditRecord]:
        """Every record in chain order."""

    secret: bytes
    anchor: AnchorStore | None = None
    anchor_key: bytes | None = None

    def verify_trail(self, topic: Iterable[AuditRecord] | None = None,
                     topic_checkpoints: Iterable[Checkpoint] = ()) -> VerifyResult:
        """verify() of this sink's records against its anchor (when it has one) and the given topic records, which
        must have been read before this call (a record reaches the topic only after its table row and anchor)."""
        anchored = self.anchor is not None and self.anchor_key is not None
        # The anchor before the records: an append between the two reads then only adds records past the anchor,
        # never an anchor past the records read (which would look like a cut tail).
        anchor = self.anchor.load() if anchored else None  # type: ignore[union-attr]
        return verify(self.secret, self.records(), anchor_key=self.anchor_key if anchored else None, anchor=anchor,
                      topic=topic, topic_checkpoints=topic_checkpoints)


class InMemoryAuditSink(AuditSink):
    """A list behind a lock."""

    def __init__(self, secret: bytes, anchor: AnchorStore | None = None, anchor_key: bytes | None = None) -> None:
        self.secret, self.anchor, self.anchor_key = secret, anchor, anchor_key
        self._records: list[AuditRecord] = []
        self._lock = threading.Lock()

    def append(self, event: AuditEvent) -> AuditRecord:
        with self._lock:
            record = chain(self.secret, self._records[-1] if self._records else None, event)
            self._records.append(record)
            if self.anchor is not None and self.anchor_key is not None:
                anchor_record(self.anchor, self.anchor_key, record, self._hash_at)
            return record

    def _hash_at(self, seq: int) -> str | None:
        record = self._records[seq - 1] if 0 < seq <= len(self._records) else None
        return record.hash if record is not None and record.seq == seq else None

    def records(self) -> Sequence[AuditRecord]:
        return list(self._records)
