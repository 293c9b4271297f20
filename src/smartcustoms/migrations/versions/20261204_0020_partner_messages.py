"""partner messages: signed ACDD and e-C/O exchanged with partner customs

Revision ID: 0020_partner_messages
Revises: 0019_admin
Create Date: 2026-12-04 18:00:00

One row per message sent ("out": the exchange's outbox, retried with backoff until the
partner acknowledges) or received ("in": stored once per sender and message id, a replay is
refused). Due sends are found by (state, next_attempt_at).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db

revision: str = "0020_partner_messages"
down_revision: str | Sequence[str] | None = "0019_admin"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INSTANT = smartcustoms.db.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "partner_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("message_id", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("envelope", sa.JSON(), nullable=False),
        sa.Column("signature", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", INSTANT, nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("declaration_id", sa.Integer(), nullable=True),
        sa.Column("source_event_id", sa.BigInteger(), nullable=True),
        sa.Column("reference", sa.String(length=50), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_messages")),
        sa.UniqueConstraint(
            "direction", "country", "message_id", name=op.f("uq_partner_messages_direction")
        ),
        sa.UniqueConstraint("source_event_id", name=op.f("uq_partner_messages_source_event_id")),
    )
    for column in ("country", "state", "next_attempt_at", "declaration_id", "reference"):
        op.create_index(op.f(f"ix_partner_messages_{column}"), "partner_messages", [column])
    op.create_table(
        "partner_certificate_uses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("hs_code", sa.String(length=6), nullable=False),
        sa.Column("quantity", smartcustoms.db.ExactDecimal(18, 4), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["partner_messages.id"],
            name=op.f("fk_partner_certificate_uses_certificate_id_partner_messages"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_certificate_uses")),
        sa.UniqueConstraint(
            "certificate_id",
            "declaration_id",
            "hs_code",
            name=op.f("uq_partner_certificate_uses_certificate_id"),
        ),
    )
    for column in ("certificate_id", "declaration_id"):
        op.create_index(
            op.f(f"ix_partner_certificate_uses_{column}"), "partner_certificate_uses", [column]
        )


def downgrade() -> None:
    op.drop_table("partner_certificate_uses")
    op.drop_table("partner_messages")
