"""The audit trail in SQL (append-only, hash-chained) and on the Kafka audit topic; a failed write fails the access."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from privacy.audit import AnchorStore, AuditEvent, AuditFailed, AuditRecord, AuditSink, anchor_record, chain
from services.adapters.store.database import Database
from services.adapters.store.schema import audit_log

if TYPE_CHECKING:
    from services.adapters.messaging import Producer  # the type only: an offline command loads no Kafka client

log = logging.getLogger(__name__)


class SqlAuditSink(AuditSink):
    """Appends chained records in a transaction; concurrent writers retry on a sequence clash. With an anchor store,
    each append then moves the signed head (the anchor) to the new record, and the record goes to the topic with its
    signed checkpoint."""

    def __init__(self, database: Database, secret: bytes, producer: Producer | None = None, topic: str | None = None,
                 anchor: AnchorStore | None = None, anchor_key: bytes | None = None) -> None:
        self.database, self.secret, self.producer, self.topic = database, secret, producer, topic
        self.anchor, self.anchor_key = anchor, anchor_key

    def append(self, event: AuditEvent) -> AuditRecord:
        for _ in range(20):
            try:
                with self.database.begin() as conn:
                    row = conn.execute(select(audit_log).order_by(audit_log.c.seq.desc()).limit(1)).mappings().first()
                    record = chain(self.secret, AuditRecord.from_row(dict(row)) if row else None, event)
                    conn.execute(audit_log.insert(), [record.to_row()])
                break
            except IntegrityError:
                time.sleep(0.01)  # another writer took this sequence number
            except SQLAlchemyError as exc:
                raise AuditFailed(f"audit store unavailable: {type(exc).__name__}") from None
        else:
            raise AuditFailed("could not append to the audit trail (contention)")
        checkpoint = None
        if self.anchor is not None and self.anchor_key is not None:
            try:
                checkpoint = anchor_record(self.anchor, self.anchor_key, record, self._hash_at)
            except (OSError, SQLAlchemyError) as exc:
                raise AuditFailed(f"audit anchor unavailable: {type(exc).__name__}") from None
            if checkpoint is None:
                current = self.anchor.load()
                if current is not None and current.seq < record.seq:
                    log.error("audit record %s does not extend the anchored head %s: the audit table lost records "
                              "or was replaced; the anchor stays, run `childcare audit verify`",
                              record.seq, current.seq)
        if self.producer is not None and self.topic:
            message = record.to_row()
            if checkpoint is not None:
                message["checkpoint"] = checkpoint.to_dict()
            try:
                self.producer.send(self.topic, key=str(record.seq).encode(),
                                   value=json.dumps(message, ensure_ascii=False).encode()).get(timeout=10)
            except Exception as exc:  # noqa: BLE001 - any broker failure must fail the access
                raise AuditFailed(f"audit topic unavailable: {type(exc).__name__}") from None
        return record

    def _hash_at(self, seq: int) -> str | None:
        with self.database.connect() as conn:
            return conn.execute(select(audit_log.c.hash).where(audit_log.c.seq == seq)).scalar()

    def records(self) -> Sequence[AuditRecord]:
        with self.database.connect() as conn:
            rows = conn.execute(select(audit_log).order_by(audit_log.c.seq)).mappings().all()
        return [AuditRecord.from_row(dict(r)) for r in rows]
