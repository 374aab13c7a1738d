"""Audit records you can verify: each holds the hash of the one before it and an HMAC; verify() names the first break."""

from __future__ import annotations

import abc
import hashlib
import hmac
import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
ACTIONS = {"read", "search", "list", "decrypt", "export", "deliver", "key_use", "erase", "deny", "audit_query",
           "statistics", "token_issue", "ingest"}


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
        data["fields"] = tuple(f for f in (row.get("fields") or "").split(",") if f)
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
class VerifyResult:
    """ok, or the first record that does not fit and why."""

    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def verify(secret: bytes, records: Iterable[AuditRecord]) -> VerifyResult:
    """Walk the chain in stored order: catches edits, deletions, insertions and reordering."""
    prev_hash, expected_seq, n = GENESIS, 1, 0
    for record in records:
        n += 1
        if record.seq != expected_seq:
            return VerifyResult(False, n, record.seq, f"expected record {expected_seq} here, found {record.seq}"
                                " (a record was deleted, inserted or moved)")
        if record.prev_hash != prev_hash:
            return VerifyResult(False, n, record.seq, "does not follow the record before it")
        if _digest(record.seq, record.prev_hash, record.event) != record.hash:
            return VerifyResult(False, n, record.seq, "content does not match its hash (edited)")
        good_mac = hmac.new(secret, record.hash.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(good_mac, record.mac):
            return VerifyResult(False, n, record.seq, "HMAC does not match (rewritten without the audit key)")
        prev_hash, expected_seq = record.hash, expected_seq + 1
    return VerifyResult(True, n)


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


class InMemoryAuditSink(AuditSink):
    """A list behind a lock."""

    def __init__(self, secret: bytes) -> None:
        self.secret = secret
        self._records: list[AuditRecord] = []
        self._lock = threading.Lock()

    def append(self, event: AuditEvent) -> AuditRecord:
        with self._lock:
            record = chain(self.secret, self._records[-1] if self._records else None, event)
            self._records.append(record)
            return record

    def records(self) -> Sequence[AuditRecord]:
        return list(self._records)
