"""Workers started together migrate the same fresh store at once: every one of them must come up."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from services.adapters.store import open_store


def migrate_concurrently(url):
    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: open_store(url), range(4)))
    assert all(s.positions("g") == {} for s in stores)
    for s in stores:
        s.close()


def test_concurrent_first_migrations_of_sqlite_all_succeed(tmp_path):
    migrate_concurrently(f"sqlite:///{tmp_path}/fresh.db")


@pytest.mark.postgres
def test_concurrent_first_migrations_of_postgres_all_succeed(fresh_postgres_url):
    migrate_concurrently(fresh_postgres_url)
