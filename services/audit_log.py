"""The audit trail in SQL (append-only, hash-chained) and on the Kafka audit topic; a failed write fails the access."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from privacy.audit import AuditEvent, AuditFailed, AuditRecord, AuditSink, chain
from services.store.schema import audit_log


class SqlAuditSink(AuditSink):
    """Appends chained records in a transaction; concurrent writers retry on a sequence clash."""

    def __init__(self, engine: Engine, secret: bytes, producer: Any = None, topic: str | None = None) -> None:
        self.engine, self.secret, self.producer, self.topic = engine, secret, producer, topic

    def append(self, event: AuditEvent) -> AuditRecord:
        for _ in range(20):
            try:
                with self.engine.begin() as conn:
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
        if self.producer is not None and self.topic:
            try:
                self.producer.send(self.topic, key=str(record.seq).encode(),
                                   value=json.dumps(record.to_row(), ensure_ascii=False).encode()).get(timeout=10)
            except Exception as exc:  # noqa: BLE001 - any broker failure must fail the access
                raise AuditFailed(f"audit topic unavailable: {type(exc).__name__}") from None
        return record

    def records(self) -> Sequence[AuditRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(audit_log).order_by(audit_log.c.seq)).mappings().all()
        return [AuditRecord.from_row(dict(r)) for r in rows]
