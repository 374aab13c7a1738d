"""The projection store: a port, an in-memory and a SQL implementation, and migrations."""

from services.store.memory import InMemoryProjectionStore
from services.store.port import (AlreadyApplied, BatchWrite, OutboxMessage, ProjectionStore, StoreUnavailable,
                                 Tracking)
from services.store.sql import SqlProjectionStore, make_engine

__all__ = ["ProjectionStore", "InMemoryProjectionStore", "SqlProjectionStore", "BatchWrite", "Tracking",
           "OutboxMessage", "AlreadyApplied", "StoreUnavailable", "make_engine", "open_store"]


def open_store(url: str) -> ProjectionStore:
    """Migrate the database to the newest schema and return a store on it."""
    from services.store.migrate import upgrade

    store = SqlProjectionStore(url)
    upgrade(url, store.engine)
    return store
