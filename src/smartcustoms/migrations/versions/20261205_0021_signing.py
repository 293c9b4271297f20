"""signing: licence applications' signatures

Revision ID: 0021_signing
Revises: 0020_partner_messages
Create Date: 2026-12-05 00:00:00

A licence application filed with a signature keeps it (a detached JWS over the filed
request's canonical JSON), as declarations keep theirs.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db

revision: str = "0021_signing"
down_revision: str | Sequence[str] | None = "0020_partner_messages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "application_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("signed_at", smartcustoms.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("signer_id", sa.Integer(), nullable=False),
        sa.Column("accepted_at", smartcustoms.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["permit_applications.id"],
            name=op.f("fk_application_signatures_application_id_permit_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["signing_certificates.id"],
            name=op.f("fk_application_signatures_certificate_id_signing_certificates"),
        ),
        sa.ForeignKeyConstraint(
            ["signer_id"], ["users.id"], name=op.f("fk_application_signatures_signer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_signatures")),
    )
    with op.batch_alter_table("application_signatures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_application_signatures_application_id"), ["application_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("application_signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_signatures_application_id"))
    op.drop_table("application_signatures")
