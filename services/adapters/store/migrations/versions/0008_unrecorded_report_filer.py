"""The filer's pseudonym on an unrecorded harm report: its own filer gets no alert of it and neither lists, opens nor
shreds it (a report gives its filer its acknowledgement, not the child: issue 20, day-3 attack pass).

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("unrecorded_harm_reports") as batch:
        batch.add_column(sa.Column("filer", sa.String(43), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("unrecorded_harm_reports") as batch:
        batch.drop_column("filer")
