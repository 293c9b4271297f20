"""declaration numbers from PostgreSQL sequences

Revision ID: 0005_number_sequences
Revises: 0004_merge
Create Date: 2026-11-23 11:50:00

On PostgreSQL each direction's numbers come from a sequence, continuing where the counter
table stopped; SQLite keeps the counter table (it has one writer at a time anyway).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_number_sequences"
down_revision: str | Sequence[str] | None = "0004_merge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DIRECTIONS = ("import", "export")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for direction in DIRECTIONS:
        taken = bind.execute(
            sa.text("SELECT value FROM number_sequences WHERE name = :name"),
            {"name": f"declaration-{direction}"},
        ).scalar()
        op.execute(
            f"CREATE SEQUENCE declaration_number_{direction} AS bigint"
            f" MINVALUE 1 MAXVALUE 9999999999 START WITH {int(taken or 0) + 1}"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for direction in DIRECTIONS:
        # The counter table takes over from the last number the sequence gave.
        bind.execute(
            sa.text(
                "UPDATE number_sequences SET value = (SELECT CASE WHEN is_called"
                f" THEN last_value ELSE last_value - 1 END FROM declaration_number_{direction})"
                " WHERE name = :name"
            ),
            {"name": f"declaration-{direction}"},
        )
        op.execute(f"DROP SEQUENCE declaration_number_{direction}")
