"""border: gates, cargo reports (manifests), bills and containers, declarations' links,
gate events and passes, slot bookings

Revision ID: 0015_border
Revises: 0013_login_failures
Create Date: 2026-12-04 16:47:56

A bill of lading or air waybill number is unique across all manifests (a reused one is
refused); open containers are found by number among those not gated out yet.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db

revision: str = "0015_border"
down_revision: str | Sequence[str] | None = "0018_audit_signatures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "border_gates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=4), nullable=False),
        sa.Column("lanes", sa.Integer(), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("machine_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["machine_user_id"], ["users.id"], name=op.f("fk_border_gates_machine_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_border_gates")),
        sa.UniqueConstraint("code", name=op.f("uq_border_gates_code")),
    )
    op.create_table(
        "border_manifests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carrier_id", sa.Integer(), nullable=False),
        sa.Column("filed_by_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=4), nullable=False),
        sa.Column("transport_id", sa.String(length=50), nullable=False),
        sa.Column("transport_key", sa.String(length=50), nullable=False),
        sa.Column("voyage", sa.String(length=35), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("port_of_loading", sa.String(length=5), nullable=True),
        sa.Column("port_of_discharge", sa.String(length=5), nullable=True),
        sa.Column("departure_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("arrival_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("filed_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=6), nullable=False),
        sa.Column("arrived_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["carrier_id"],
            ["organisations.id"],
            name=op.f("fk_border_manifests_carrier_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["filed_by_id"], ["users.id"], name=op.f("fk_border_manifests_filed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_border_manifests")),
    )
    with op.batch_alter_table("border_manifests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_border_manifests_carrier_id"), ["carrier_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_border_manifests_office_code"), ["office_code"], unique=False
        )
        batch_op.create_index(
            "ix_border_manifests_transport_open", ["transport_key", "closed_at"], unique=False
        )

    op.create_table(
        "border_gate_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gate_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("container_number", sa.String(length=11), nullable=True),
        sa.Column("plate", sa.String(length=12), nullable=True),
        sa.Column("at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=False),
        sa.Column("arrival", sa.String(length=8), nullable=True),
        sa.Column("pass_code", sa.String(length=24), nullable=True),
        sa.ForeignKeyConstraint(
            ["gate_id"],
            ["border_gates.id"],
            name=op.f("fk_border_gate_events_gate_id_border_gates"),
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"],
            ["users.id"],
            name=op.f("fk_border_gate_events_reported_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_border_gate_events")),
        sa.UniqueConstraint("pass_code", name=op.f("uq_border_gate_events_pass_code")),
    )
    with op.batch_alter_table("border_gate_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_border_gate_events_container_number"), ["container_number"], unique=False
        )
        batch_op.create_index("ix_border_gate_events_gate_at", ["gate_id", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_border_gate_events_plate"), ["plate"], unique=False)

    op.create_table(
        "border_manifest_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manifest_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("document_number", sa.String(length=35), nullable=False),
        sa.Column("consignee_name", sa.String(length=200), nullable=False),
        sa.Column("consignee_tax_code", sa.String(length=14), nullable=True),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("hs_code", sa.String(length=8), nullable=True),
        sa.Column("origin_country", sa.String(length=2), nullable=True),
        sa.Column("packages", sa.Integer(), nullable=False),
        sa.Column(
            "gross_weight",
            smartcustoms.db.types.ExactDecimal(precision=18, scale=3),
            nullable=False,
        ),
        sa.Column("risk_channel", sa.String(length=6), nullable=True),
        sa.Column("risk_score", sa.Double(), nullable=True),
        sa.Column("risk_reasons", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["manifest_id"],
            ["border_manifests.id"],
            name=op.f("fk_border_manifest_lines_manifest_id_border_manifests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_border_manifest_lines")),
        sa.UniqueConstraint(
            "document_number", name=op.f("uq_border_manifest_lines_document_number")
        ),
    )
    with op.batch_alter_table("border_manifest_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_border_manifest_lines_manifest_id"), ["manifest_id"], unique=False
        )

    op.create_table(
        "border_slot_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gate_id", sa.Integer(), nullable=False),
        sa.Column("lane", sa.Integer(), nullable=False),
        sa.Column("slot_start", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("plate", sa.String(length=12), nullable=False),
        sa.Column("carrier_id", sa.Integer(), nullable=False),
        sa.Column("booked_by_id", sa.Integer(), nullable=False),
        sa.Column("booked_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("arrived_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["booked_by_id"], ["users.id"], name=op.f("fk_border_slot_bookings_booked_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["carrier_id"],
            ["organisations.id"],
            name=op.f("fk_border_slot_bookings_carrier_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["gate_id"],
            ["border_gates.id"],
            name=op.f("fk_border_slot_bookings_gate_id_border_gates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_border_slot_bookings")),
        sa.UniqueConstraint(
            "gate_id", "slot_start", "plate", name=op.f("uq_border_slot_bookings_gate_id")
        ),
    )
    with op.batch_alter_table("border_slot_bookings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_border_slot_bookings_slot", ["gate_id", "slot_start", "lane"], unique=False
        )

    op.create_table(
        "border_containers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("container_number", sa.String(length=11), nullable=False),
        sa.Column("seal_number", sa.String(length=35), nullable=True),
        sa.Column("gated_in_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("gated_out_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["border_manifest_lines.id"],
            name=op.f("fk_border_containers_line_id_border_manifest_lines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_border_containers")),
    )
    with op.batch_alter_table("border_containers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_border_containers_line_id"), ["line_id"], unique=False)
        batch_op.create_index(
            "ix_border_containers_number_open", ["container_number", "gated_out_at"], unique=False
        )

    op.create_table(
        "border_declaration_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("discrepancies", sa.JSON(), nullable=False),
        sa.Column("linked_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_border_declaration_links_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["border_manifest_lines.id"],
            name=op.f("fk_border_declaration_links_line_id_border_manifest_lines"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_border_declaration_links")),
        sa.UniqueConstraint(
            "line_id", "declaration_id", name=op.f("uq_border_declaration_links_line_id")
        ),
    )
    with op.batch_alter_table("border_declaration_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_border_declaration_links_declaration_id"),
            ["declaration_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("border_declaration_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_border_declaration_links_declaration_id"))

    op.drop_table("border_declaration_links")
    with op.batch_alter_table("border_containers", schema=None) as batch_op:
        batch_op.drop_index("ix_border_containers_number_open")
        batch_op.drop_index(batch_op.f("ix_border_containers_line_id"))

    op.drop_table("border_containers")
    with op.batch_alter_table("border_slot_bookings", schema=None) as batch_op:
        batch_op.drop_index("ix_border_slot_bookings_slot")

    op.drop_table("border_slot_bookings")
    with op.batch_alter_table("border_manifest_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_border_manifest_lines_manifest_id"))

    op.drop_table("border_manifest_lines")
    with op.batch_alter_table("border_gate_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_border_gate_events_plate"))
        batch_op.drop_index("ix_border_gate_events_gate_at")
        batch_op.drop_index(batch_op.f("ix_border_gate_events_container_number"))

    op.drop_table("border_gate_events")
    with op.batch_alter_table("border_manifests", schema=None) as batch_op:
        batch_op.drop_index("ix_border_manifests_transport_open")
        batch_op.drop_index(batch_op.f("ix_border_manifests_office_code"))
        batch_op.drop_index(batch_op.f("ix_border_manifests_carrier_id"))

    op.drop_table("border_manifests")
    op.drop_table("border_gates")
