"""risk reassessment: late facts (a manifest linked, an ACDD matched after registration)

Revision ID: 0028_risk_reassessment
Revises: 0029_transport_document_index
Create Date: 2026-12-05 00:00:00

Facts that reach risk after its decision re-score the declaration: a stricter channel is
raised (not yet released), released goods are flagged for post-clearance audit. One row per
declaration, source and set of facts makes the reassessment idempotent.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db

revision: str = "0028_risk_reassessment"
down_revision: str | Sequence[str] | None = "0029_transport_document_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "risk_reassessments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "declaration_id",
            sa.Integer(),
            sa.ForeignKey("declarations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("enterprise_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("reference", sa.String(60), nullable=True),
        sa.Column("discrepancies", sa.JSON(), nullable=False),
        sa.Column("facts_key", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("channel_before", sa.String(6), nullable=False),
        sa.Column("channel_after", sa.String(6), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("at", smartcustoms.db.UtcDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("declaration_id", "source", "facts_key", name="uq_risk_reassessment"),
    )
    op.create_index(
        "ix_risk_reassessments_declaration_id", "risk_reassessments", ["declaration_id"]
    )
    op.create_index(
        "ix_risk_reassessments_office_outcome", "risk_reassessments", ["office_code", "outcome"]
    )


def downgrade() -> None:
    op.drop_index("ix_risk_reassessments_office_outcome", table_name="risk_reassessments")
    op.drop_index("ix_risk_reassessments_declaration_id", table_name="risk_reassessments")
    op.drop_table("risk_reassessments")
