"""payment notifications: low balance, duty due, duty overdue

Revision ID: 0010_payment_notifications
Revises: 0009_user_revocation
Create Date: 2026-12-03 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db

revision: str = "0010_payment_notifications"
down_revision: str | Sequence[str] | None = "0009_user_revocation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payment_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("account_kind", sa.String(length=20), nullable=True),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=True),
        sa.Column("threshold_vnd", sa.BigInteger(), nullable=True),
        sa.Column("chain_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("created_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["declarations.id"],
            name=op.f("fk_payment_notifications_chain_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["organisations.id"],
            name=op.f("fk_payment_notifications_enterprise_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_notifications")),
        sa.UniqueConstraint("key", name=op.f("uq_payment_notifications_key")),
    )
    op.create_index(
        "ix_payment_notifications_enterprise",
        "payment_notifications",
        ["enterprise_id", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_payment_notifications_enterprise", table_name="payment_notifications")
    op.drop_table("payment_notifications")
