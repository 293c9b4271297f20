"""partner matching: an incoming ACDD keeps the exporter's reference (invoice number)

Revision ID: 0027_partner_matching
Revises: 0021_signing
Create Date: 2026-12-05 00:00:00

An import declaration registered after its ACDD arrived finds it at registration by
transport document (`reference`) or by invoice number (`invoice_reference`, indexed).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027_partner_matching"
down_revision: str | Sequence[str] | None = "0021_signing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "partner_messages", sa.Column("invoice_reference", sa.String(length=50), nullable=True)
    )
    op.create_index(
        op.f("ix_partner_messages_invoice_reference"), "partner_messages", ["invoice_reference"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_partner_messages_invoice_reference"), table_name="partner_messages")
    with op.batch_alter_table("partner_messages") as batch:
        batch.drop_column("invoice_reference")
