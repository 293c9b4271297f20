"""document views: which officer opened which dossier document, and when

Revision ID: 0012_document_views
Revises: 0011_search_text
Create Date: 2026-12-03 16:15:28.590921
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db

revision: str = "0012_document_views"
down_revision: str | Sequence[str] | None = "0011_search_text"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("viewer_id", sa.Integer(), nullable=False),
        sa.Column("viewed_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_document_views_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_document_views_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["viewer_id"], ["users.id"], name=op.f("fk_document_views_viewer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_views")),
    )
    with op.batch_alter_table("document_views", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_views_declaration_id"), ["declaration_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("document_views", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_views_declaration_id"))

    op.drop_table("document_views")
