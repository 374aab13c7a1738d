"""Harm reports on an erased child, kept sealed outside any child's record (issue 20).

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unrecorded_harm_reports",
        sa.Column("report_id", sa.String(64), primary_key=True),
        sa.Column("area", sa.String(12), nullable=False, index=True),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("sealed", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("unrecorded_harm_reports")
