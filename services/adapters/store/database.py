"""The database port: what code outside the store needs of the SQL database (the audit table, API tokens, compliance
queries), and how the composition root opens it. Nothing outside services/adapters/store/ reaches into a store's
engine."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy import Connection, Engine


class Database(Protocol):
    """A migrated SQL database: a connection to read with, or a transaction to write in. A SQLAlchemy Engine is one;
    the port leaves out what only the store's adapter may do (dialect tricks, disposing of the pool)."""

    def connect(self) -> Connection:
        """A connection (a context manager): `with database.connect() as conn: ...`."""
        ...

    def begin(self) -> AbstractContextManager[Connection]:
        """A transaction, committed when the block ends without an exception."""
        ...


def open_database(url: str) -> Engine:
    """Migrate the database at `url` to the newest schema and return an engine on it (with the settings each backend
    needs for concurrent writers); the store, the audit sink and the token registry share it."""
    from services.adapters.store.migrate import upgrade
    from services.adapters.store.sql import make_engine

    engine = make_engine(url)
    upgrade(url, engine)
    return engine
