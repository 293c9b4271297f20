"""single sign-on, second factor, rotating refresh tokens, delegations and API keys

Revision ID: 0017_identity_federation
Revises: 0013_login_failures
Create Date: 2026-12-04 16:49:41

Users get a national ID number (for sign-in with the national e-identity) and a TOTP
secret; recovery codes, refresh-token families and their tokens, delegations (an
enterprise's standing authority for a broker enterprise, scoped, dated, revocable) and API
keys get tables. A broker user's mandates become delegations from each enterprise to the
broker's own enterprise (every scope, open-ended), and broker_mandates goes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db

revision: str = "0017_identity_federation"
down_revision: str | Sequence[str] | None = "0016_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=24), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.String(length=100), nullable=False),
        sa.Column("created_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_api_keys_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_api_keys_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("key_id", name=op.f("uq_api_keys_key_id")),
    )
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_api_keys_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "delegations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("scopes", sa.String(length=100), nullable=False),
        sa.Column("valid_from", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("valid_until", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.Column("granted_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["organisations.id"], name=op.f("fk_delegations_agent_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["organisations.id"],
            name=op.f("fk_delegations_enterprise_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["granted_by"], ["users.id"], name=op.f("fk_delegations_granted_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by"], ["users.id"], name=op.f("fk_delegations_revoked_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegations")),
    )
    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_delegations_agent_id_enterprise_id", ["agent_id", "enterprise_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_delegations_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_recovery_codes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
    )
    with op.batch_alter_table("recovery_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recovery_codes_user_id"), ["user_id"], unique=False)

    op.create_table(
        "token_families",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_token_families_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_token_families")),
    )
    with op.batch_alter_table("token_families", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_token_families_user_id"), ["user_id"], unique=False)

    op.create_table(
        "refresh_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("family_id", sa.String(length=32), nullable=False),
        sa.Column("issued_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("used_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["token_families.id"],
            name=op.f("fk_refresh_tokens_family_id_token_families"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_refresh_tokens")),
    )
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_refresh_tokens_family_id"), ["family_id"], unique=False
        )

    # A mandate was one broker user's; a delegation is to the broker's enterprise.
    op.execute(
        "INSERT INTO delegations (enterprise_id, agent_id, scopes, valid_from, granted_at) "
        "SELECT DISTINCT m.enterprise_id, u.organisation_id, 'declare pay view', "
        "m.created_at, m.created_at FROM broker_mandates m JOIN users u ON u.id = m.user_id "
        "WHERE u.organisation_id IS NOT NULL AND u.organisation_id <> m.enterprise_id"
    )
    with op.batch_alter_table("broker_mandates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_broker_mandates_user_id"))

    op.drop_table("broker_mandates")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("national_id", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=300), nullable=True))
        batch_op.add_column(
            sa.Column(
                "totp_enabled_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_users_national_id"), ["national_id"])


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_national_id"), type_="unique")
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_enabled_at")
        batch_op.drop_column("totp_secret")
        batch_op.drop_column("national_id")

    op.create_table(
        "broker_mandates",
        sa.Column("id", sa.INTEGER(), nullable=False),
        sa.Column("user_id", sa.INTEGER(), nullable=False),
        sa.Column("enterprise_id", sa.INTEGER(), nullable=False),
        sa.Column("created_at", smartcustoms.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["organisations.id"],
            name=op.f("fk_broker_mandates_enterprise_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_broker_mandates_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broker_mandates")),
        sa.UniqueConstraint("user_id", "enterprise_id", name=op.f("uq_broker_mandates_user_id")),
    )
    with op.batch_alter_table("broker_mandates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_broker_mandates_user_id"), ["user_id"], unique=False)
    op.execute(
        "INSERT INTO broker_mandates (user_id, enterprise_id, created_at) "
        "SELECT DISTINCT u.id, d.enterprise_id, MIN(d.granted_at) FROM delegations d "
        "JOIN users u ON u.organisation_id = d.agent_id AND u.role = 'broker' "
        "WHERE d.revoked_at IS NULL GROUP BY u.id, d.enterprise_id"
    )

    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_family_id"))

    op.drop_table("refresh_tokens")
    with op.batch_alter_table("token_families", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_token_families_user_id"))

    op.drop_table("token_families")
    with op.batch_alter_table("recovery_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recovery_codes_user_id"))

    op.drop_table("recovery_codes")
    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegations_enterprise_id"))
        batch_op.drop_index("ix_delegations_agent_id_enterprise_id")

    op.drop_table("delegations")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_keys_organisation_id"))

    op.drop_table("api_keys")
