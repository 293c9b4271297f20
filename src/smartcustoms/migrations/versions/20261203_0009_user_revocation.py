"""disable users and revoke their access tokens

Revision ID: 0009_user_revocation
Revises: 0008_payments
Create Date: 2026-12-03 15:00:00

An administrator disables an account with a reason (`users.disabled_at`, `disabled_reason`;
`active` becomes false); `users.token_generation` is written into every access token and
portal cookie, and raising it ends all of them. One token is withdrawn by its id
(`revoked_tokens`). Every API request reads the user's row and the token's revocation by
primary key, so both take effect at once in every process.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db

revision: str = "0009_user_revocation"
down_revision: str | Sequence[str] | None = "0008_payments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("disabled_at", smartcustoms.db.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("disabled_reason", sa.String(length=500), nullable=True))
        batch_op.add_column(
            sa.Column("token_generation", sa.Integer(), server_default="0", nullable=False)
        )
    op.create_table(
        "revoked_tokens",
        sa.Column("token_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("revoked_at", smartcustoms.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", smartcustoms.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_revoked_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("token_id", name=op.f("pk_revoked_tokens")),
    )
    with op.batch_alter_table("revoked_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revoked_tokens_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("revoked_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revoked_tokens_user_id"))
    op.drop_table("revoked_tokens")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("token_generation")
        batch_op.drop_column("disabled_reason")
        batch_op.drop_column("disabled_at")
