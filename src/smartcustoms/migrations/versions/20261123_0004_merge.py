"""one head after the tariff and risk branches

Revision ID: 0004_merge
Revises: 0002_tariff, 0003_risk
Create Date: 2026-11-23 09:15:47.799502
"""

from collections.abc import Sequence

revision: str = "0004_merge"
down_revision: str | Sequence[str] | None = ("0002_tariff", "0003_risk")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
