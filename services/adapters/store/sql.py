"""The projection store on SQLAlchemy: SQLite file by default, PostgreSQL by URL."""

from __future__ import annotations

import base64
import functools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, delete, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError

from projections.record import ChildRecord
from services.adapters.store.port import (
    AlreadyApplied,
    BatchWrite,
    OutboxMessage,
    OutboxSummary,
    ProjectionStore,
    StoreUnavailable,
)
from services.adapters.store.schema import applied_events, children, dead_letters, outbox, positions

T = TypeVar("T")
_CHUNK = 500  # keeps IN lists and multi-row inserts under every backend's parameter limit


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL, or None (in-memory databases, other backends)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    return None if not path or path.startswith(":memory:") or path.startswith("file::memory:") else Path(path)


def private_sqlite_file(url: str) -> None:
    """Create the SQLite file (and its folder) 0600 before SQLite does, and narrow an existing one to 0600; SQLite
    creates its -wal, -shm and journal files with the mode of the database file."""
    path = sqlite_file(url)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def make_engine(url: str) -> Engine:
    """An engine with the settings each backend needs for concurrent writers."""
    if url.startswith("sqlite"):
        private_sqlite_file(url)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(conn: Any, _record: Any) -> None:
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the processor
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA cache_size=-65536")  # 64 MiB: the tracking index outgrows the 2 MiB default
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def _reachable(method: Callable[..., T]) -> Callable[..., T]:
    """Turn "cannot reach the database" into StoreUnavailable, which callers wait out."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return method(*args, **kwargs)
        except OperationalError as exc:
            raise StoreUnavailable(type(exc.orig).__name__ if exc.orig else str(exc)) from None

    return wrapper


def _chunks(items: list[T], size: int = _CHUNK) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class SqlProjectionStore(ProjectionStore):
    """Records, tracking, positions and outbox in one database; one transaction per batch."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)
        self._insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        self._mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"  # the driver's positional parameter

    @_reachable
    def load(self, child_keys: Iterable[str]) -> dict[str, ChildRecord]:
        keys = list(set(child_keys))
        out: dict[str, ChildRecord] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(keys):
                for row in conn.execute(select(children.c.record).where(children.c.child_key.in_(chunk))):
                    rec = ChildRecord.loads(row.record)
                    out[rec.child_key] = rec
        return out

    @_reachable
    def digests(self, event_ids: Iterable[str]) -> dict[str, str | None]:
        ids = list(set(event_ids))
        found: dict[str, str | None] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(ids):
                found.update(conn.execute(select(applied_events.c.event_id, applied_events.c.digest)
                                          .where(applied_events.c.event_id.in_(chunk))).tuples().all())
        return found

    @_reachable
    def commit(self, batch: BatchWrite, group: str) -> list[OutboxMessage]:
        try:
            with self.engine.begin() as conn:
                for chunk in _chunks(batch.published):
                    conn.execute(delete(outbox).where(outbox.c.id.in_(chunk)))
                if batch.tracking:
                    self._insert_many(conn, applied_events, [
                        (t.event_id, t.topic, t.partition, t.offset, t.child_key, t.outcome, t.digest)
                        for t in batch.tracking])
                if batch.dead_letters:
                    now = datetime.now(UTC)
                    conn.execute(dead_letters.insert(), [
                        {"at": now, "topic": d.topic, "partition": d.partition, "offset": d.offset, "code": d.code}
                        for d in batch.dead_letters])
                if batch.records:
                    self._write_records(conn, batch)
                self._claim_positions(conn, batch, group)
                unclaimed = {k: o for k, o in batch.positions.items() if k not in batch.base_positions}
                if unclaimed:
                    stmt = self._insert(positions)
                    stmt = stmt.on_conflict_do_update(
                        index_elements=[positions.c.consumer_group, positions.c.topic, positions.c.partition],
                        set_={"next_offset": func.max(positions.c.next_offset, stmt.excluded.next_offset)
                              if self.engine.dialect.name == "sqlite"
                              else func.greatest(positions.c.next_offset, stmt.excluded.next_offset)},
                    )
                    conn.execute(stmt, [{"consumer_group": group, "topic": t, "partition": p, "next_offset": o}
                                        for (t, p), o in unclaimed.items()])
                return self._insert_outbox(conn, batch.outbox)
        except IntegrityError as exc:
            raise AlreadyApplied(str(exc.orig)) from None

    def _claim_positions(self, conn: Any, batch: BatchWrite, group: str) -> None:
        """Move each claimed partition's position forward in one statement, only where it is still what the batch was
        planned from (AlreadyApplied otherwise): an UPDATE on the base, or an INSERT where none was stored (a row
        there already clashes on the primary key)."""
        quote = self.engine.dialect.identifier_preparer.quote
        table, m = quote(positions.name), self._mark
        where = f"{quote('consumer_group')} = {m} AND {quote('topic')} = {m} AND {quote('partition')} = {m}"
        for (topic, partition), base in batch.base_positions.items():
            offset = max(base or 0, batch.positions.get((topic, partition), base or 0))
            if base is None:
                self._insert_many(conn, positions, [(group, topic, partition, offset)])
                continue
            claimed = conn.exec_driver_sql(
                f"UPDATE {table} SET {quote('next_offset')} = {m} WHERE {where} AND {quote('next_offset')} = {m}",
                (offset, group, topic, partition, base)).rowcount
            if claimed != 1:
                raise AlreadyApplied(f"position of {topic}/{partition} moved since it was read")

    def _write_records(self, conn: Any, batch: BatchWrite) -> None:
        """New children are inserted; known ones updated only where the stored version is still the base version
        (another writer's change would otherwise be lost). Either conflict raises AlreadyApplied."""
        new, known = [], []
        for key, record in batch.records.items():
            base = batch.base_versions.get(key)
            row = _record_row(record)
            if base is None:
                new.append(row)
            else:
                known.append((*row[1:], key, base))
        if new:
            self._insert_many(conn, children, new)
        if known:
            quote = self.engine.dialect.identifier_preparer.quote
            columns = ", ".join(f"{quote(c.name)} = {self._mark}" for c in children.columns if c.name != "child_key")
            sql = (f"UPDATE {quote(children.name)} SET {columns} "
                   f"WHERE {quote('child_key')} = {self._mark} AND {quote('version')} = {self._mark}")
            updated = conn.exec_driver_sql(sql, known).rowcount
            if updated != len(known):
                raise AlreadyApplied(f"{len(known) - updated} record(s) changed since they were read")

    def _insert_outbox(self, conn: Any, messages: list[OutboxMessage]) -> list[OutboxMessage]:
        """Insert and learn the ids (RETURNING, in chunks), so that the relay can publish from memory and delete them.
        created_at is the database's CURRENT_TIMESTAMP: binding a datetime per row was a tenth of the batch's time."""
        written: list[OutboxMessage] = []
        for chunk in _chunks(messages, 250):
            rows = [(m.topic, m.key, m.value, json.dumps([[k, base64.b64encode(v).decode()] for k, v in m.headers])
                     if m.headers else "[]") for m in chunk]
            sql = self._insert_sql(outbox, ("topic", "key", "value", "headers"), len(rows),
                                   now_column=True) + " RETURNING id"
            ids = [r[0] for r in conn.exec_driver_sql(sql, tuple(v for row in rows for v in row))]
            # The relay needs the ids as a set (it deletes them once published); which message got which does not
            # matter.
            written.extend(OutboxMessage(m.topic, m.key, m.value, m.headers, i)
                           for m, i in zip(chunk, ids, strict=True))
        return written

    def _insert_many(self, conn: Any, table: Any, rows: list[tuple[Any, ...]]) -> None:
        """Multi-row insert of positional rows through the driver: SQLAlchemy's per-row parameter handling was a
        quarter of the store write. SQLite and PostgreSQL share this syntax; names are our schema's."""
        conn.exec_driver_sql(self._insert_sql(table, tuple(c.name for c in table.columns)), rows)

    def _insert_sql(self, table: Any, names: tuple[str, ...], rows: int = 1, now_column: bool = False) -> str:
        """INSERT of `rows` rows of these columns with the driver's positional parameters (names are our schema's);
        `now_column` adds created_at = CURRENT_TIMESTAMP to each row."""
        quote = self.engine.dialect.identifier_preparer.quote
        marks = [self._mark] * len(names) + (["CURRENT_TIMESTAMP"] if now_column else [])
        columns = names + (("created_at",) if now_column else ())
        row = "(" + ", ".join(marks) + ")"
        return (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in columns)}) VALUES "
                + ", ".join([row] * rows))

    @_reachable
    def positions(self, group: str) -> dict[tuple[str, int], int]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(positions).where(positions.c.consumer_group == group))
            return {(r.topic, r.partition): r.next_offset for r in rows}

    @_reachable
    def pending_outbox(self, limit: int = 10_000) -> list[OutboxMessage]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(outbox).order_by(outbox.c.id).limit(limit))
            return [OutboxMessage(r.topic, r.key, r.value,
                                  tuple((k, base64.b64decode(v)) for k, v in json.loads(r.headers)), r.id)
                    for r in rows]

    @_reachable
    def mark_published(self, ids: Iterable[int]) -> None:
        id_list = list(ids)
        with self.engine.begin() as conn:
            for chunk in _chunks(id_list):
                conn.execute(delete(outbox).where(outbox.c.id.in_(chunk)))

    @_reachable
    def outbox_summary(self) -> OutboxSummary:
        with self.engine.connect() as conn:
            rows, oldest = conn.execute(select(func.count(), func.min(outbox.c.id))).one()
            if not rows:
                return OutboxSummary()
            created = conn.scalar(select(outbox.c.created_at).where(outbox.c.id == oldest))
        if created is None:  # a row written before created_at was filled
            return OutboxSummary(rows, oldest, None)
        created = created if created.tzinfo else created.replace(tzinfo=UTC)  # SQLite's CURRENT_TIMESTAMP is UTC
        return OutboxSummary(rows, oldest, max(0.0, (datetime.now(UTC) - created).total_seconds()))

    @_reachable
    def dead_letter_counts(self, since: datetime) -> dict[str, int]:
        with self.engine.connect() as conn:
            return dict(conn.execute(select(dead_letters.c.code, func.count()).where(dead_letters.c.at >= since)
                                     .group_by(dead_letters.c.code)).tuples().all())

    @_reachable
    def outcome_counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return dict(conn.execute(select(applied_events.c.outcome, func.count())
                                     .group_by(applied_events.c.outcome)).tuples().all())

    def records(self) -> Iterator[ChildRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(children.c.record).order_by(children.c.child_key)).all()
        return iter(ChildRecord.loads(r.record) for r in rows)

    def in_area(self, area_prefix: str, limit: int = 100) -> list[ChildRecord]:
        stmt = (select(children.c.record).where(children.c.area_code.like(f"{area_prefix}%"))
                .order_by(children.c.child_key).limit(limit))
        with self.engine.connect() as conn:
            return [ChildRecord.loads(r.record) for r in conn.execute(stmt)]

    def tracking_count(self, outcome: str | None = None) -> int:
        stmt = select(func.count()).select_from(applied_events)
        if outcome:
            stmt = stmt.where(applied_events.c.outcome == outcome)
        with self.engine.connect() as conn:
            return int(conn.scalar(stmt) or 0)

    def close(self) -> None:
        self.engine.dispose()


def _record_row(record: ChildRecord) -> tuple[Any, ...]:
    """The row of the children table, in its column order."""
    area = record.value("residence.area_code")
    return (record.child_key, record.version, record.erased, area if isinstance(area, str) and area.isdigit() else None,
            record.dumps().decode())
