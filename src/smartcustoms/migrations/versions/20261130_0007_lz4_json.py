"""compress large JSON columns with LZ4 on PostgreSQL

Revision ID: 0007_lz4_json
Revises: 0006_redundant_indexes
Create Date: 2026-11-30 19:20:00

A registration's tax assessment keeps every item's quote with its explanations (about 20 kB
of JSON for ten items), and its risk decision the facts it saw. PostgreSQL compresses such
values when it stores them, by default with pglz, which took about a millisecond of server
CPU per assessment: more than the rest of the registration's rows together. LZ4 compresses
several times faster (PostgreSQL 14 and later, built with LZ4 as Debian's and most are).
Values already stored keep their compression until they are written again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_lz4_json"
down_revision: str | Sequence[str] | None = "0006_redundant_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("tax_assessments", "items"),
    ("risk_decisions", "facts"),
    ("risk_decisions", "explanation"),
)


def _lz4_available(bind: sa.engine.Connection) -> bool:
    if bind.dialect.name != "postgresql":
        return False
    # A server built without LZ4 (or older than 14) does not offer it for this setting.
    offered = bind.execute(
        sa.text("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
    ).scalar()
    return "lz4" in (offered or [])


def _set_compression(method: str) -> None:
    bind = op.get_bind()
    if not _lz4_available(bind):
        return
    for table, column in COLUMNS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method}")


def upgrade() -> None:
    _set_compression("lz4")


def downgrade() -> None:
    _set_compression("pglz")
