"""Tracking rows keep a digest of the event's content, so that a second message with the same event_id but other
content is a conflict (dead-lettered), not a silent duplicate. Dead letters are counted per reason in a table of their
own (origin and reason code, never content), for the health reading and the operator.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("applied_events", sa.Column("digest", sa.String(32)))
    op.create_table(
        "dead_letters",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("partition", sa.Integer, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dead_letters")
    with op.batch_alter_table("applied_events") as batch:
        batch.drop_column("digest")
