"""SQL tables of the projection store (the Alembic migrations create exactly these)."""

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

children = Table(
    "children",
    metadata,
    Column("child_key", String(64), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("erased", Boolean, nullable=False, default=False),
    Column("area_code", String(12), index=True),  # internal, unencrypted: lets area listings avoid decryption
    Column("record", Text, nullable=False),  # JSON of every field with its provenance; personal values are sealed
)

# 一 event, 一 row: the unique event id is what makes re-delivery harmless (exactly-once by tracking).
applied_events = Table(
    "applied_events",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("topic", String(200), nullable=False),
    Column("partition", Integer, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("child_key", String(64), index=True),
    Column("outcome", String(16), nullable=False),
)

positions = Table(
    "positions",
    metadata,
    Column("consumer_group", String(200), primary_key=True),
    Column("topic", String(200), primary_key=True),
    Column("partition", Integer, primary_key=True),
    Column("next_offset", BigInteger, nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("topic", String(200), nullable=False),
    Column("key", LargeBinary),
    Column("value", LargeBinary, nullable=False),
    Column("headers", Text, nullable=False, default="[]"),
    Column("created_at", DateTime(timezone=True)),
)
