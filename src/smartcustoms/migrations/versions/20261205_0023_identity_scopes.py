"""Delegations narrowed by procedure and payment account; API keys rotated in place

Revision ID: 0023_identity_scopes
Revises: 0027_partner_matching
Create Date: 2026-12-05 21:00:00

A delegation may list the procedures (declaration type codes) and the payment accounts it
covers (empty: all, as every delegation granted before). An API key keeps the secret it had
before its last rotation, working until the end of the grace period, with its own last use.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from smartcustoms.db import UtcDateTime

revision: str = "0023_identity_scopes"
down_revision: str | Sequence[str] | None = "0027_partner_matching"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "delegations",
        sa.Column("procedures", sa.String(length=200), nullable=False, server_default=""),
    )
    op.add_column(
        "delegations",
        sa.Column("accounts", sa.String(length=100), nullable=False, server_default=""),
    )
    op.add_column("api_keys", sa.Column("rotated_at", UtcDateTime(timezone=True), nullable=True))
    op.add_column(
        "api_keys", sa.Column("previous_secret_hash", sa.String(length=64), nullable=True)
    )
    op.add_column(
        "api_keys", sa.Column("previous_valid_until", UtcDateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "api_keys", sa.Column("previous_last_used_at", UtcDateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_column("previous_last_used_at")
        batch_op.drop_column("previous_valid_until")
        batch_op.drop_column("previous_secret_hash")
        batch_op.drop_column("rotated_at")
    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.drop_column("accounts")
        batch_op.drop_column("procedures")
