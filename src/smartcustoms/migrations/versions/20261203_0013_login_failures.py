"""failed sign-ins, for the lockout of accounts and client addresses

Revision ID: 0013_login_failures
Revises: 0012_document_views
Create Date: 2026-12-03 17:30:00

Every failed sign-in (API token or portal) is kept for the lockout window with the account
name tried and the client address; too many within the window, per name or per address,
answer 429 until the oldest counted one leaves it. In the database, so every process sees
the same count.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db

revision: str = "0013_login_failures"
down_revision: str | Sequence[str] | None = "0012_document_views"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=False),
        sa.Column("failed_at", smartcustoms.db.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index(
            "ix_login_failures_client_address_failed_at",
            ["client_address", "failed_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_login_failures_failed_at"), ["failed_at"], unique=False
        )
        batch_op.create_index(
            "ix_login_failures_username_failed_at", ["username", "failed_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failures_username_failed_at")
        batch_op.drop_index(batch_op.f("ix_login_failures_failed_at"))
        batch_op.drop_index("ix_login_failures_client_address_failed_at")
    op.drop_table("login_failures")
