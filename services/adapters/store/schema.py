"""SQL tables of the projection store (the Alembic migrations create exactly these)."""

from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, Integer, LargeBinary, MetaData, String, Table, Text

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
    Column("child_key", String(64)),  # not indexed: nothing looks events up by child, and the index cost a tenth
    Column("outcome", String(16), nullable=False),
    Column("digest", String(32)),  # the event's content digest: the same id with other content is a conflict
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
    Column("created_at", DateTime(timezone=True)),  # set by the database (CURRENT_TIMESTAMP): no per-row binding
)

# One row per dead letter: where it came from and why, never its content (that is sealed on the dead-letter topic).
dead_letters = Table(
    "dead_letters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("topic", String(200), nullable=False),
    Column("partition", Integer, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("code", String(64), nullable=False),
)

# Append-only audit trail; each row chains to the one before it (privacy.audit).
audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("mac", String(64), nullable=False),
    Column("at", String(40), nullable=False, index=True),
    Column("actor", String(200), nullable=False, index=True),
    Column("role", String(64), nullable=False),
    Column("purpose", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("child_key", String(64), index=True),
    Column("fields", Text, nullable=False),
    Column("origin", String(200), nullable=False),
    Column("detail", Text, nullable=False),
)

# Callers authenticate with bearer tokens; only their SHA-256 is stored.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("principal", String(200), nullable=False),
    Column("role", String(64), nullable=False),
    Column("area", String(12)),
    Column("revoked", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True)),
    Column("token_id", String(32), unique=True, index=True),  # shown in lists and used to revoke one token; not secret
    Column("expires_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    Column("revoked_by", String(200)),
    Column("issued_by", String(200)),
)

# The register of children's directors (issue 20, item 7): staff, not children. Area served, since when, and the
# social-work qualification, so that "儿童主任持社会工作者职业资格证的比例" (Zhejiang) can be reported.
children_directors = Table(
    "children_directors",
    metadata,
    Column("director_id", String(40), primary_key=True),
    Column("area", String(12), nullable=False, index=True),
    Column("since", Date, nullable=False),
    Column("qualification", String(32), nullable=False),
    Column("left_on", Date),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(200), nullable=False),
)

# Harm reports on a child whose record was erased (issue 20's attack finding): the 强制报告 is not lost and does not
# reopen the erased record. Each is sealed under a key of its own (`key_id` names it in the blob; destroying it
# shreds the report), routed by the area where it was made, for that area's 民政 crisis intervention to open.
unrecorded_harm_reports = Table(
    "unrecorded_harm_reports",
    metadata,
    Column("report_id", String(64), primary_key=True),
    Column("area", String(12), nullable=False, index=True),
    Column("filed_at", DateTime(timezone=True), nullable=False, index=True),
    Column("sealed", Text, nullable=False),
    # the filer's pseudonym for this report (privacy.pseudonym.filer_id of the report id and the staff id): the filer
    # gets no alert of it and neither lists, opens nor shreds it (migration 0008; none on reports kept before it)
    Column("filer", String(43), nullable=True),
)
