"""permits: the control registry's version number

Revision ID: 0025_permits_amend
Revises: 0026_border_late_link
Create Date: 2026-12-05 00:00:00

One row, raised by every change to the control registry (a load, an entry added): a process
keeping the registry in memory reads this number in each registration and reads the registry
again only when it moved, so a change committed by any process is used at once.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db

revision: str = "0025_permits_amend"
down_revision: str | Sequence[str] | None = "0026_border_late_link"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INSTANT = smartcustoms.db.UtcDateTime(timezone=True)


def upgrade() -> None:
    table = op.create_table(
        "permit_registry_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_registry_version")),
    )
    op.bulk_insert(table, [{"id": 1, "version": 0, "changed_at": None}])


def downgrade() -> None:
    op.drop_table("permit_registry_version")
