"""Vietnamese names for currencies, units, Incoterms and locations

Revision ID: 0019_admin
Revises: 0015_border
Create Date: 2026-12-04 17:00:00

The portal showed these lists in English only. Each gets a `name_vi` column, empty until the
next `reference load` fills it from the SAMPLE list `sample_names_vi.csv` (and rewrites the
search text with both names, so "kilogam" finds KGM).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_admin"
down_revision: str | Sequence[str] | None = "0014_permits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("ref_currencies", "ref_locations", "ref_units", "ref_incoterms")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table, sa.Column("name_vi", sa.String(length=200), nullable=False, server_default="")
        )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("name_vi")
