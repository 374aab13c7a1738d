"""Questions compliance staff ask of the audit trail; each query is itself audited by the caller."""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import and_, func, select

from services.adapters.store.database import Database
from services.adapters.store.schema import audit_log

REBUILD_DETAIL = "rebuild:"  # how `childcare rebuild` marks its audit record
COLUMNS = ["seq", "at", "actor", "role", "purpose", "action", "outcome", "child_key", "fields", "origin", "detail"]


def _rows(database: Database, *where: Any, limit: int = 10_000) -> list[dict[str, Any]]:
    stmt = select(*[audit_log.c[c] for c in COLUMNS]).where(and_(True, *where)).order_by(audit_log.c.seq).limit(limit)
    with database.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def last_rebuild(database: Database) -> dict[str, Any] | None:
    """When the projection was last rebuilt (from the record `childcare rebuild` leaves in the trail), or None."""
    rows = _rows(database, audit_log.c.action == "operations", audit_log.c.detail.like(f"{REBUILD_DETAIL}%"))
    return rows[-1] if rows else None


def accesses_to_child(database: Database, child_key: str) -> list[dict[str, Any]]:
    """Who accessed child X, and why."""
    return _rows(database, audit_log.c.child_key == child_key)


def accesses_by_actor(database: Database, actor: str, since: str | None = None,
                      until: str | None = None) -> list[dict[str, Any]]:
    """What user Y accessed in a time window (ISO timestamps, UTC)."""
    where = [audit_log.c.actor == actor]
    if since:
        where.append(audit_log.c.at >= since)
    if until:
        where.append(audit_log.c.at < until)
    return _rows(database, *where)


def denials(database: Database) -> list[dict[str, Any]]:
    """Every refused access."""
    return _rows(database, audit_log.c.outcome == "denied")


def without_valid_purpose(database: Database) -> list[dict[str, Any]]:
    """Accesses attempted with no purpose, or a purpose the role may not declare."""
    return [r for r in _rows(database, audit_log.c.outcome == "denied")
            if not r["purpose"] or "may not act for purpose" in r["detail"]]


def bulk_anomalies(database: Database, threshold: int = 50, since: str | None = None) -> list[dict[str, Any]]:
    """Actors who read more distinct children than `threshold` (in the window)."""
    where = [audit_log.c.child_key.is_not(None), audit_log.c.outcome == "allowed"]
    if since:
        where.append(audit_log.c.at >= since)
    stmt = (select(audit_log.c.actor, audit_log.c.role,
                   func.count(func.distinct(audit_log.c.child_key)).label("children"))
            .where(and_(*where)).group_by(audit_log.c.actor, audit_log.c.role)
            .having(func.count(func.distinct(audit_log.c.child_key)) > threshold))
    with database.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV text (header first)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else COLUMNS)
    writer.writeheader()
    writer.writerows({k: _inert(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def _inert(value: Any) -> Any:
    """A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
