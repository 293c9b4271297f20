"""declarations: an index on the transport document as the border's late link compares it

Revision ID: 0029_transport_document_index
Revises: 0024_audit_checkpoints
Create Date: 2026-12-05 00:00:00

Every manifest filing looks up the declarations stating its bills, comparing
`upper(replace(transport_document, ' ', ''))` (declarations/repository/reads.py,
`registered_by_transport_documents`); without an index on that very expression each filing
scanned the declarations table. SQLite and PostgreSQL both index expressions, and use the
index only when the query writes the same expression, constants included.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029_transport_document_index"
down_revision: str | Sequence[str] | None = "0024_audit_checkpoints"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_declarations_transport_document_key"


def upgrade() -> None:
    op.create_index(INDEX, "declarations", [sa.text("upper(replace(transport_document, ' ', ''))")])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="declarations")
