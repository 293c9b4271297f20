"""border late link: a declaration linked to its bill when the manifest came after it

Revision ID: 0026_border_late_link
Revises: 0023_identity_scopes
Create Date: 2026-12-05 00:00:00

A declaration registered before its bill of lading or air waybill was reported is linked
when the manifest is filed; `late` tells those links from the ones made at registration (the
discrepancies then reached risk after its decision, and are shown to officers instead).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026_border_late_link"
down_revision: str | Sequence[str] | None = "0023_identity_scopes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("border_declaration_links") as batch:
        batch.add_column(sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("border_declaration_links") as batch:
        batch.drop_column("late")
