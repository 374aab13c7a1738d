"""The register of children's directors (issue 20, item 7): area, since, social-work qualification, left on.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "children_directors",
        sa.Column("director_id", sa.String(40), primary_key=True),
        sa.Column("area", sa.String(12), nullable=False, index=True),
        sa.Column("since", sa.Date, nullable=False),
        sa.Column("qualification", sa.String(32), nullable=False),
        sa.Column("left_on", sa.Date),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("children_directors")
