"""drop indexes that a unique constraint already provides

Revision ID: 0006_redundant_indexes
Revises: 0005_number_sequences
Create Date: 2026-11-30 19:00:00

Each of these indexes is the leading column of a unique constraint's index on the same table,
which answers the same lookups; keeping both cost an index entry per row written (ten per
registered declaration for its items).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_redundant_indexes"
down_revision: str | Sequence[str] | None = "0005_number_sequences"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# index name, table, column; covered by uq (number, version), uq (declaration_id, line_no)
# and uq (declaration_id, document_id)
REDUNDANT = (
    ("ix_declarations_number", "declarations", "number"),
    ("ix_declaration_items_declaration_id", "declaration_items", "declaration_id"),
    ("ix_declaration_documents_declaration_id", "declaration_documents", "declaration_id"),
)


def upgrade() -> None:
    for name, table, _column in REDUNDANT:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, column in REDUNDANT:
        op.create_index(name, table, [column])
