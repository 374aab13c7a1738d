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



def test_0008_adds_the_filer_to_unrecorded_reports_and_keeps_those_kept_before_it(tmp_path):
    """A report kept before migration 0008 has no filer: it stays, listed to its area's 民政 as before."""
    from datetime import UTC, datetime

    from sqlalchemy import create_engine, inspect, text

    from privacy.access_policy import load_policy
    from privacy.keyring import in_memory_keyring
    from services.adapters.store.migrate import upgrade
    from services.adapters.tokens import Principal
    from services.usecases import unrecorded_harm as unrecorded

    url = f"sqlite:///{tmp_path}/old.db"
    upgrade(url, revision="0007")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO unrecorded_harm_reports (report_id, area, filed_at, sealed) "
                          "VALUES ('r-1', '330106001', :at, 'x')"), {"at": datetime.now(UTC)})
    upgrade(url, engine)
    assert "filer" in {c["name"] for c in inspect(engine).get_columns("unrecorded_harm_reports")}

    class Trail:
        def append(self, _event):
            pass

    who = Principal("mz-1", "caseworker", "330106")
    listed = unrecorded.listing(engine, in_memory_keyring(), load_policy(), Trail(), who, "crisis_intervention", "")
    assert [r["report_id"] for r in listed] == ["r-1"]
    engine.dispose()
