"""audit chain (records and head), signing certificates and declaration signatures

Revision ID: 0018_audit_signatures
Revises: 0013_login_failures
Create Date: 2026-12-04 17:00:00

Every state change is appended to `audit_records`, a SHA-256 hash chain whose last number
and hash the single `audit_chain_head` row keeps (appenders lock it). Status history written
before this revision is chained here once, oldest first, so `smartcustoms audit verify`
vouches for it from now on.
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db
from smartcustoms.audit.rules import GENESIS, Entry, chain, instant, witness

revision: str = "0018_audit_signatures"
down_revision: str | Sequence[str] | None = "0017_identity_federation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_records",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("at", smartcustoms.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("on_behalf_of", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=80), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_records")),
    )
    with op.batch_alter_table("audit_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_records_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_records_at"), ["at"], unique=False)
    head = op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    _chain_existing_history(head)
    with op.batch_alter_table("tax_debts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("settled_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_tax_debts_settled_by_id_users"), "users", ["settled_by_id"], ["id"]
        )
    op.create_table(
        "signing_certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("tax_code", sa.String(length=14), nullable=False),
        sa.Column("not_before", smartcustoms.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("not_after", smartcustoms.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("pem", sa.Text(), nullable=False),
        sa.Column("registered_by_id", sa.Integer(), nullable=False),
        sa.Column("registered_at", smartcustoms.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", smartcustoms.db.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_signing_certificates_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["registered_by_id"],
            ["users.id"],
            name=op.f("fk_signing_certificates_registered_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_certificates")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_signing_certificates_fingerprint")),
    )
    with op.batch_alter_table("signing_certificates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signing_certificates_organisation_id"), ["organisation_id"], unique=False
        )
    op.create_table(
        "declaration_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("signed_at", smartcustoms.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("signer_id", sa.Integer(), nullable=False),
        sa.Column("accepted_at", smartcustoms.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["signing_certificates.id"],
            name=op.f("fk_declaration_signatures_certificate_id_signing_certificates"),
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_declaration_signatures_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["signer_id"], ["users.id"], name=op.f("fk_declaration_signatures_signer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaration_signatures")),
    )
    with op.batch_alter_table("declaration_signatures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_declaration_signatures_declaration_id"), ["declaration_id"], unique=False
        )


def _chain_existing_history(head: sa.Table) -> None:
    bind = op.get_bind()
    history = sa.table(
        "declaration_status_changes",
        sa.column("id", sa.Integer()),
        sa.column("declaration_id", sa.Integer()),
        sa.column("from_status", sa.String()),
        sa.column("to_status", sa.String()),
        sa.column("actor_id", sa.Integer()),
        sa.column("at", smartcustoms.db.UtcDateTime()),
        sa.column("note", sa.String()),
    )
    rows = bind.execute(sa.select(history).order_by(history.c.id)).all()
    entries = [
        Entry(
            action=f"declaration.{r.to_status}",
            object_type="declaration",
            object_id=str(r.declaration_id),
            at=r.at,
            actor_id=r.actor_id,
            details={
                **witness(
                    "declaration_status_changes",
                    r.id,
                    {
                        "declaration_id": r.declaration_id,
                        "from_status": r.from_status,
                        "to_status": r.to_status,
                        "actor_id": r.actor_id,
                        "at": instant(r.at),
                        "note": r.note,
                    },
                ),
                "chained_later": True,
            },
        )
        for r in rows
    ]
    links = chain(GENESIS, 1, entries)
    if links:
        records = sa.table(
            "audit_records",
            *(
                sa.column(name)
                for name in (
                    "seq",
                    "prev_hash",
                    "hash",
                    "actor_id",
                    "on_behalf_of",
                    "action",
                    "object_type",
                    "object_id",
                    "details",
                )
            ),
            sa.column("at", smartcustoms.db.UtcDateTime()),
        )
        op.bulk_insert(
            records,
            [
                {
                    "seq": link.seq,
                    "prev_hash": link.prev_hash,
                    "hash": link.hash,
                    "at": link.entry.at,
                    "actor_id": link.entry.actor_id,
                    "on_behalf_of": None,
                    "action": link.entry.action,
                    "object_type": link.entry.object_type,
                    "object_id": link.entry.object_id,
                    "details": json.dumps(
                        dict(link.entry.details),
                        sort_keys=True,
                        separators=(",", ":"),
                        ensure_ascii=False,
                    ),
                }
                for link in links
            ],
        )
    last = links[-1] if links else None
    op.bulk_insert(
        head,
        [
            {
                "id": 1,
                "last_seq": last.seq if last else 0,
                "last_hash": last.hash if last else GENESIS,
            }
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("declaration_signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declaration_signatures_declaration_id"))
    op.drop_table("declaration_signatures")
    with op.batch_alter_table("signing_certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signing_certificates_organisation_id"))
    op.drop_table("signing_certificates")
    with op.batch_alter_table("tax_debts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_tax_debts_settled_by_id_users"), type_="foreignkey")
        batch_op.drop_column("settled_by_id")
    op.drop_table("audit_chain_head")
    with op.batch_alter_table("audit_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_records_at"))
        batch_op.drop_index(batch_op.f("ix_audit_records_actor_id"))
    op.drop_table("audit_records")
