"""search: folded search columns (lower case, no diacritics) on the tariff lines and the
reference lists, Vietnamese HS texts and country names (SAMPLE data, filled by the loads)

Revision ID: 0011_search_text
Revises: 0010_payment_notifications
Create Date: 2026-12-03 16:40:00
"""

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_search_text"
down_revision: str | Sequence[str] | None = "0010_payment_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each table with its key and the columns folded into its search text (names, not codes).
SEARCHED = {
    "tariff_lines": ("hs8", ("description_en", "description_vi")),
    "ref_hs_codes": ("code", ("description",)),
    "ref_countries": ("code", ("name",)),
    "ref_currencies": ("code", ("name",)),
    "ref_locations": ("code", ("name",)),
    "ref_units": ("code", ("name",)),
    "ref_incoterms": ("code", ("name",)),
    "ref_transport_modes": ("code", ("name_en", "name_vi")),
}
_WORD = re.compile(r"\w+")


def _search_text(*parts: str | None) -> str:
    # A frozen copy of kit.search.search_text: the next reference or tariff load rewrites it.
    text = " ".join(p for p in parts if p).lower().replace("đ", "d")
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(f" {word}" for word in _WORD.findall(folded))


def _backfill(table: str, key: str, columns: tuple[str, ...]) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text(f"SELECT {key}, {', '.join(columns)} FROM {table}")).all()
    if not rows:
        return
    update = sa.text(f"UPDATE {table} SET search_text = :text WHERE {key} = :key")
    connection.execute(update, [{"text": _search_text(*row[1:]), "key": row[0]} for row in rows])


def upgrade() -> None:
    for table in SEARCHED:
        op.add_column(table, sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    op.add_column(
        "ref_hs_codes",
        sa.Column("description_vi", sa.String(length=1000), nullable=False, server_default=""),
    )
    op.add_column(
        "ref_countries",
        sa.Column("name_vi", sa.String(length=200), nullable=False, server_default=""),
    )
    for table, (key, columns) in SEARCHED.items():
        _backfill(table, key, columns)


def downgrade() -> None:
    with op.batch_alter_table("ref_countries", schema=None) as batch_op:
        batch_op.drop_column("name_vi")
    with op.batch_alter_table("ref_hs_codes", schema=None) as batch_op:
        batch_op.drop_column("description_vi")
    for table in reversed(list(SEARCHED)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("search_text")
