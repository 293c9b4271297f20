"""payments: obligations and their settlements, cash and deferment accounts, guarantees,
standing authorities, bank orders, bookings, notices, statements, reconciliation exceptions

Revision ID: 0008_payments
Revises: 0007_lz4_json
Create Date: 2026-12-03 15:11:04.756418
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db

revision: str = "0008_payments"
down_revision: str | Sequence[str] | None = "0007_lz4_json"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bank_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank", sa.String(length=40), nullable=False),
        sa.Column("bank_txn_id", sa.String(length=100), nullable=False),
        sa.Column("bank_payment_id", sa.String(length=100), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("booked_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("received_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_notices")),
        sa.UniqueConstraint("bank", "bank_txn_id", "status", name=op.f("uq_bank_notices_bank")),
    )
    op.create_table(
        "bank_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank", sa.String(length=40), nullable=False),
        sa.Column("statement_ref", sa.String(length=100), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("opening_balance_vnd", sa.BigInteger(), nullable=False),
        sa.Column("closing_balance_vnd", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("imported_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_statements")),
        sa.UniqueConstraint("bank", "statement_ref", name=op.f("uq_bank_statements_bank")),
    )
    op.create_table(
        "payment_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("balance_vnd", sa.BigInteger(), nullable=False),
        sa.Column("limit_vnd", sa.BigInteger(), nullable=False),
        sa.Column("low_balance_vnd", sa.BigInteger(), nullable=True),
        sa.Column("opened_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind <> 'deferment' OR balance_vnd <= limit_vnd",
            name=op.f("ck_payment_accounts_within_limit"),
        ),
        sa.CheckConstraint(
            "balance_vnd >= 0", name=op.f("ck_payment_accounts_balance_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["organisations.id"],
            name=op.f("fk_payment_accounts_enterprise_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_accounts")),
        sa.UniqueConstraint(
            "enterprise_id", "kind", name=op.f("uq_payment_accounts_enterprise_id")
        ),
    )
    op.create_table(
        "reconciliation_exceptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("bank", sa.String(length=40), nullable=False),
        sa.Column("bank_txn_id", sa.String(length=100), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("expected_vnd", sa.BigInteger(), nullable=True),
        sa.Column("received_vnd", sa.BigInteger(), nullable=True),
        sa.Column("statement_id", sa.Integer(), nullable=True),
        sa.Column("found_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["users.id"],
            name=op.f("fk_reconciliation_exceptions_resolved_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["bank_statements.id"],
            name=op.f("fk_reconciliation_exceptions_statement_id_bank_statements"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciliation_exceptions")),
        sa.UniqueConstraint(
            "kind", "bank", "bank_txn_id", name=op.f("uq_reconciliation_exceptions_kind")
        ),
    )
    op.create_table(
        "standing_authorities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=False),
        sa.Column("granted_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["organisations.id"],
            name=op.f("fk_standing_authorities_agent_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["organisations.id"],
            name=op.f("fk_standing_authorities_enterprise_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["users.id"],
            name=op.f("fk_standing_authorities_granted_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"],
            ["users.id"],
            name=op.f("fk_standing_authorities_revoked_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standing_authorities")),
    )
    with op.batch_alter_table("standing_authorities", schema=None) as batch_op:
        batch_op.create_index(
            "ix_standing_authorities_pair", ["enterprise_id", "agent_id"], unique=False
        )

    op.create_table(
        "payment_guarantees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("reference", sa.String(length=50), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("used_vnd", sa.BigInteger(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "used_vnd >= 0 AND used_vnd <= amount_vnd",
            name=op.f("ck_payment_guarantees_within_amount"),
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_payment_guarantees_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["organisations.id"],
            name=op.f("fk_payment_guarantees_enterprise_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_payment_guarantees_recorded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_guarantees")),
        sa.UniqueConstraint("issuer", "reference", name=op.f("uq_payment_guarantees_issuer")),
    )
    with op.batch_alter_table("payment_guarantees", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_guarantees_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "payment_obligations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("chain_id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("risk_debt_id", sa.Integer(), nullable=True),
        sa.Column("created_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["declarations.id"],
            name=op.f("fk_payment_obligations_chain_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_payment_obligations_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["organisations.id"],
            name=op.f("fk_payment_obligations_enterprise_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["risk_debt_id"],
            ["tax_debts.id"],
            name=op.f("fk_payment_obligations_risk_debt_id_tax_debts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_obligations")),
        sa.UniqueConstraint(
            "declaration_id", "kind", name=op.f("uq_payment_obligations_declaration_id")
        ),
    )
    with op.batch_alter_table("payment_obligations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_obligations_chain_id"), ["chain_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_payment_obligations_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "payment_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("chain_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("bank", sa.String(length=40), nullable=False),
        sa.Column("bank_payment_id", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("ordered_by_id", sa.Integer(), nullable=False),
        sa.Column("ordered_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("booked_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["chain_id"], ["declarations.id"], name=op.f("fk_payment_orders_chain_id_declarations")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["organisations.id"],
            name=op.f("fk_payment_orders_enterprise_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["ordered_by_id"], ["users.id"], name=op.f("fk_payment_orders_ordered_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_orders")),
        sa.UniqueConstraint("reference", name=op.f("uq_payment_orders_reference")),
    )
    with op.batch_alter_table("payment_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_orders_chain_id"), ["chain_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_payment_orders_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "bank_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank", sa.String(length=40), nullable=False),
        sa.Column("bank_txn_id", sa.String(length=100), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("booked_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("via", sa.String(length=20), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["payment_orders.id"],
            name=op.f("fk_bank_bookings_order_id_payment_orders"),
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["bank_statements.id"],
            name=op.f("fk_bank_bookings_statement_id_bank_statements"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_bookings")),
        sa.UniqueConstraint("bank", "bank_txn_id", name=op.f("uq_bank_bookings_bank")),
    )
    with op.batch_alter_table("bank_bookings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_bookings_order_id"), ["order_id"], unique=False)

    op.create_table(
        "guarantee_covers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guarantee_id", sa.Integer(), nullable=False),
        sa.Column("obligation_id", sa.Integer(), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("covered_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("released_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["by_id"], ["users.id"], name=op.f("fk_guarantee_covers_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["guarantee_id"],
            ["payment_guarantees.id"],
            name=op.f("fk_guarantee_covers_guarantee_id_payment_guarantees"),
        ),
        sa.ForeignKeyConstraint(
            ["obligation_id"],
            ["payment_obligations.id"],
            name=op.f("fk_guarantee_covers_obligation_id_payment_obligations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guarantee_covers")),
    )
    with op.batch_alter_table("guarantee_covers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guarantee_covers_guarantee_id"), ["guarantee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_guarantee_covers_obligation_id"), ["obligation_id"], unique=False
        )

    op.create_table(
        "account_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("balance_after_vnd", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=True),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["payment_accounts.id"],
            name=op.f("fk_account_entries_account_id_payment_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bank_bookings.id"],
            name=op.f("fk_account_entries_booking_id_bank_bookings"),
        ),
        sa.ForeignKeyConstraint(
            ["by_id"], ["users.id"], name=op.f("fk_account_entries_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_account_entries_declaration_id_declarations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_entries")),
    )
    with op.batch_alter_table("account_entries", schema=None) as batch_op:
        batch_op.create_index("ix_account_entries_account_at", ["account_id", "at"], unique=False)

    op.create_table(
        "payment_settlements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("obligation_id", sa.Integer(), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("account_entry_id", sa.Integer(), nullable=True),
        sa.Column("at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_entry_id"],
            ["account_entries.id"],
            name=op.f("fk_payment_settlements_account_entry_id_account_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bank_bookings.id"],
            name=op.f("fk_payment_settlements_booking_id_bank_bookings"),
        ),
        sa.ForeignKeyConstraint(
            ["by_id"], ["users.id"], name=op.f("fk_payment_settlements_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["obligation_id"],
            ["payment_obligations.id"],
            name=op.f("fk_payment_settlements_obligation_id_payment_obligations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_settlements")),
    )
    with op.batch_alter_table("payment_settlements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_settlements_booking_id"), ["booking_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_payment_settlements_obligation_id"), ["obligation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("payment_settlements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_settlements_obligation_id"))
        batch_op.drop_index(batch_op.f("ix_payment_settlements_booking_id"))

    op.drop_table("payment_settlements")
    with op.batch_alter_table("account_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_account_entries_account_at")

    op.drop_table("account_entries")
    with op.batch_alter_table("guarantee_covers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guarantee_covers_obligation_id"))
        batch_op.drop_index(batch_op.f("ix_guarantee_covers_guarantee_id"))

    op.drop_table("guarantee_covers")
    with op.batch_alter_table("bank_bookings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_bookings_order_id"))

    op.drop_table("bank_bookings")
    with op.batch_alter_table("payment_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_orders_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_payment_orders_chain_id"))

    op.drop_table("payment_orders")
    with op.batch_alter_table("payment_obligations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_obligations_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_payment_obligations_chain_id"))

    op.drop_table("payment_obligations")
    with op.batch_alter_table("payment_guarantees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_guarantees_enterprise_id"))

    op.drop_table("payment_guarantees")
    with op.batch_alter_table("standing_authorities", schema=None) as batch_op:
        batch_op.drop_index("ix_standing_authorities_pair")

    op.drop_table("standing_authorities")
    op.drop_table("reconciliation_exceptions")
    op.drop_table("payment_accounts")
    op.drop_table("bank_statements")
    op.drop_table("bank_notices")
