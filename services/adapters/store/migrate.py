"""Schema migrations with Alembic, run programmatically (no alembic.ini needed)."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, text

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at our migrations and the given database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@contextlib.contextmanager
def _sqlite_file_lock(url: str) -> Iterator[None]:
    """SQLite has no advisory lock, and its DDL commits as it goes: serialise first migrations with a file lock."""
    path = url.removeprefix("sqlite:///")
    if not url.startswith("sqlite:///") or path.startswith(":memory:"):
        yield
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(f"{path}.migrate.lock", os.O_WRONLY | os.O_CREAT, 0o600), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def upgrade(url: str, engine: Engine | None = None, revision: str = "head") -> None:
    """Bring the database schema to `revision` (creates the SQLite file's folder if needed). Safe when several
    workers start together on a fresh store: one migrates, the others wait and find the schema current."""
    from services.adapters.store.sql import private_sqlite_file

    private_sqlite_file(url)  # creates the folder and a 0600 file
    cfg = alembic_config(url)
    owned = engine is None
    engine = engine or create_engine(url)
    try:
        with _sqlite_file_lock(url), engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(7311)"))  # held until this transaction ends
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        if owned:
            engine.dispose()
