"""The projection store: a port, an in-memory and a SQL implementation, and migrations."""

from services.adapters.store.database import Database, open_database
from services.adapters.store.memory import InMemoryProjectionStore
from services.adapters.store.port import (
    AlreadyApplied,
    BatchWrite,
    OutboxMessage,
    ProjectionStore,
    StoreUnavailable,
    Tracking,
)
from services.adapters.store.sql import SqlProjectionStore, make_engine

__all__ = ["ProjectionStore", "InMemoryProjectionStore", "SqlProjectionStore", "BatchWrite", "Tracking",
           "OutboxMessage", "AlreadyApplied", "StoreUnavailable", "make_engine", "open_store", "Database",
           "open_database"]


def open_store(url: str) -> ProjectionStore:
    """Migrate the database to the newest schema and return a store on it."""
    return SqlProjectionStore(url, open_database(url))
