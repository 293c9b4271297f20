"""audit checkpoints: the chain's head signed with the platform's Ed25519 checkpoint key

Revision ID: 0024_audit_checkpoints
Revises: 0025_permits_amend
Create Date: 2026-12-05 20:30:00

One row per checkpoint: the sequence number and hash of the chain's head, when, the key's
fingerprint and the signature. `smartcustoms audit verify` checks the chain against each.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db

revision: str = "0024_audit_checkpoints"
down_revision: str | Sequence[str] | None = "0025_permits_amend"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INSTANT = smartcustoms.db.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "audit_checkpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("at", INSTANT, nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_checkpoints_at", "audit_checkpoints", ["at"])


def downgrade() -> None:
    op.drop_index("ix_audit_checkpoints_at", table_name="audit_checkpoints")
    op.drop_table("audit_checkpoints")
