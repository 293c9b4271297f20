"""the single window: agencies, procedures, the control registry, applications

Revision ID: 0014_permits
Revises: 0015_border
Create Date: 2026-12-04 16:46:41

Agencies (each an identity organisation), procedures loaded from their YAML definitions, the
control registry loaded from its CSV, traders' applications (a granted one is the licence,
with its quantity balance), the clock of each step, agency messages applied once, licence
draw-downs by declarations and the declarations' lines waiting for a pending result.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db

revision: str = "0014_permits"
down_revision: str | Sequence[str] | None = "0015_border"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "permit_agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("name_vi", sa.String(length=300), nullable=False),
        sa.Column("ministry", sa.String(length=300), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_permit_agencies_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_agencies")),
        sa.UniqueConstraint("code", name=op.f("uq_permit_agencies_code")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_permit_agencies_organisation_id")),
    )
    op.create_table(
        "permit_procedures",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("release_for_storage", sa.Boolean(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("loaded_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["permit_agencies.id"],
            name=op.f("fk_permit_procedures_agency_id_permit_agencies"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_permit_procedures")),
    )
    with op.batch_alter_table("permit_procedures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_permit_procedures_agency_id"), ["agency_id"], unique=False
        )

    op.create_table(
        "permit_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_code", sa.String(length=40), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("hs_code", sa.String(length=8), nullable=False),
        sa.Column("goods", sa.String(length=500), nullable=False),
        sa.Column("origin_country", sa.String(length=2), nullable=False),
        sa.Column(
            "quantity", smartcustoms.db.types.ExactDecimal(precision=18, scale=4), nullable=False
        ),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("balance_e4", sa.BigInteger(), nullable=False),
        sa.Column("document_ids", sa.JSON(), nullable=False),
        sa.Column("certificate_country", sa.String(length=2), nullable=True),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("state_since", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("sampled", sa.Boolean(), nullable=False),
        sa.Column("sampling_reason", sa.String(length=30), nullable=False),
        sa.Column(
            "sampling_rate",
            smartcustoms.db.types.ExactDecimal(precision=18, scale=4),
            nullable=False,
        ),
        sa.Column("lab_passed", sa.Boolean(), nullable=True),
        sa.Column("conditions", sa.String(length=1000), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("received_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("within_deadline", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "balance_e4 >= 0", name=op.f("ck_permit_applications_balance_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["permit_agencies.id"],
            name=op.f("fk_permit_applications_agency_id_permit_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["applicant_id"], ["users.id"], name=op.f("fk_permit_applications_applicant_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["organisations.id"],
            name=op.f("fk_permit_applications_enterprise_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["procedure_code"],
            ["permit_procedures.code"],
            name=op.f("fk_permit_applications_procedure_code_permit_procedures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_applications")),
    )
    with op.batch_alter_table("permit_applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_permit_applications_agency_id"), ["agency_id"], unique=False
        )
        batch_op.create_index(
            "ix_permit_applications_enterprise_hs", ["enterprise_id", "hs_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_permit_applications_state"), ["state"], unique=False)

    op.create_table(
        "permit_controls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("hs_prefix", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("procedure_code", sa.String(length=40), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=True),
        sa.Column("type_codes", sa.String(length=200), nullable=False),
        sa.Column("origins", sa.String(length=500), nullable=False),
        sa.Column("base_sampling_percent", sa.Integer(), nullable=False),
        sa.Column("floor_sampling_percent", sa.Integer(), nullable=False),
        sa.Column("priority_exempt", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("created_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["permit_agencies.id"],
            name=op.f("fk_permit_controls_agency_id_permit_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["procedure_code"],
            ["permit_procedures.code"],
            name=op.f("fk_permit_controls_procedure_code_permit_procedures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_controls")),
        sa.UniqueConstraint("key", name=op.f("uq_permit_controls_key")),
    )
    with op.batch_alter_table("permit_controls", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_permit_controls_hs_prefix"), ["hs_prefix"], unique=False
        )

    op.create_table(
        "permit_agency_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=100), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("state_after", sa.String(length=30), nullable=False),
        sa.Column("received_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["permit_agencies.id"],
            name=op.f("fk_permit_agency_messages_agency_id_permit_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["permit_applications.id"],
            name=op.f("fk_permit_agency_messages_application_id_permit_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_agency_messages")),
        sa.UniqueConstraint(
            "agency_id", "message_id", name=op.f("uq_permit_agency_messages_agency_id")
        ),
    )
    op.create_table(
        "permit_drawdowns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column(
            "quantity", smartcustoms.db.types.ExactDecimal(precision=18, scale=4), nullable=False
        ),
        sa.Column("at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("returned_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["permit_applications.id"],
            name=op.f("fk_permit_drawdowns_application_id_permit_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_permit_drawdowns_declaration_id_declarations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_drawdowns")),
    )
    with op.batch_alter_table("permit_drawdowns", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_permit_drawdowns_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_permit_drawdowns_declaration_id"), ["declaration_id"], unique=False
        )

    op.create_table(
        "permit_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("holder", sa.String(length=10), nullable=True),
        sa.Column("started_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["permit_applications.id"],
            name=op.f("fk_permit_steps_application_id_permit_applications"),
        ),
        sa.ForeignKeyConstraint(["by_id"], ["users.id"], name=op.f("fk_permit_steps_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_steps")),
    )
    with op.batch_alter_table("permit_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_permit_steps_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "permit_waits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column(
            "quantity", smartcustoms.db.types.ExactDecimal(precision=18, scale=4), nullable=False
        ),
        sa.Column("since", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["permit_applications.id"],
            name=op.f("fk_permit_waits_application_id_permit_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_permit_waits_declaration_id_declarations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_waits")),
    )
    with op.batch_alter_table("permit_waits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_permit_waits_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_permit_waits_declaration_id"), ["declaration_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("permit_waits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permit_waits_declaration_id"))
        batch_op.drop_index(batch_op.f("ix_permit_waits_application_id"))

    op.drop_table("permit_waits")
    with op.batch_alter_table("permit_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permit_steps_application_id"))

    op.drop_table("permit_steps")
    with op.batch_alter_table("permit_drawdowns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permit_drawdowns_declaration_id"))
        batch_op.drop_index(batch_op.f("ix_permit_drawdowns_application_id"))

    op.drop_table("permit_drawdowns")
    op.drop_table("permit_agency_messages")
    with op.batch_alter_table("permit_controls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permit_controls_hs_prefix"))

    op.drop_table("permit_controls")
    with op.batch_alter_table("permit_applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permit_applications_state"))
        batch_op.drop_index("ix_permit_applications_enterprise_hs")
        batch_op.drop_index(batch_op.f("ix_permit_applications_agency_id"))

    op.drop_table("permit_applications")
    with op.batch_alter_table("permit_procedures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permit_procedures_agency_id"))

    op.drop_table("permit_procedures")
    op.drop_table("permit_agencies")
