"""Token governance: each token gets an id (to list and revoke it), an expiry, and who issued and revoked it when.

Tokens issued before this revision get a random id and no stored expiry; they count as expiring 90 days after they were
created (services.adapters.tokens).

Revision ID: 0004
Revises: 0003
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("token_id", sa.String(32)))
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("revoked_by", sa.String(200)))
        batch.add_column(sa.Column("issued_by", sa.String(200)))
    tokens = sa.table("api_tokens", sa.column("token_hash", sa.String), sa.column("token_id", sa.String))
    conn = op.get_bind()
    for (token_hash,) in conn.execute(sa.select(tokens.c.token_hash)).all():
        conn.execute(tokens.update().where(tokens.c.token_hash == token_hash)
                     .values(token_id="tok_" + secrets.token_hex(6)))
    op.create_index("ix_api_tokens_token_id", "api_tokens", ["token_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_api_tokens_token_id", table_name="api_tokens")
    with op.batch_alter_table("api_tokens") as batch:
        for name in ("issued_by", "revoked_by", "revoked_at", "expires_at", "token_id"):
            batch.drop_column(name)
