"""Projection store: children, applied events (tracking), positions, outbox.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "children",
        sa.Column("child_key", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("erased", sa.Boolean, nullable=False),
        sa.Column("area_code", sa.String(12)),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("ix_children_area_code", "children", ["area_code"])
    op.create_table(
        "applied_events",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("partition", sa.Integer, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("child_key", sa.String(64)),
        sa.Column("outcome", sa.String(16), nullable=False),
    )
    op.create_index("ix_applied_events_child_key", "applied_events", ["child_key"])
    op.create_table(
        "positions",
        sa.Column("consumer_group", sa.String(200), primary_key=True),
        sa.Column("topic", sa.String(200), primary_key=True),
        sa.Column("partition", sa.Integer, primary_key=True),
        sa.Column("next_offset", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("key", sa.LargeBinary),
        sa.Column("value", sa.LargeBinary, nullable=False),
        sa.Column("headers", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    for table in ("outbox", "positions", "applied_events", "children"):
        op.drop_table(table)
