import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.postgres


def test_a_throwaway_postgres_accepts_connections(fresh_postgres_url):
    engine = create_engine(fresh_postgres_url)
    with engine.connect() as conn:
        assert conn.scalar(text("select 1")) == 1
    engine.dispose()
