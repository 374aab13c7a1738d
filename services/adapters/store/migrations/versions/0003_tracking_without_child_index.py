"""Tracking rows lose their child_key index: nothing queries it, and keeping it up to date was a tenth of a worker's
CPU per event (one more random B-tree insert per event).

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_applied_events_child_key", table_name="applied_events")


def downgrade() -> None:
    op.create_index("ix_applied_events_child_key", "applied_events", ["child_key"])
