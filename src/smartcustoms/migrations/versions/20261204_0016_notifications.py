"""trader notifications: callback endpoints, notifications (one per outbox event), pushes

Revision ID: 0016_notifications
Revises: 0013_login_failures
Create Date: 2026-12-04 17:00:00

A notification is made once from one outbox event (`event_id` is unique), pulled from a
queue the client acknowledges, and pushed, signed, to the enterprise's callback URL: each
push a delivery row retried with backoff until answered or 14 days old (then dead, on the
operators' dead-letter list). Due pushes are found by (state, next_attempt_at).

Also the registry of partner customs administrations (issue 18, item 5): one per country,
its endpoint and the Ed25519 public key its messages are verified with.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartcustoms.db

revision: str = "0016_notifications"
down_revision: str | Sequence[str] | None = "0013_login_failures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
INSTANT = smartcustoms.db.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "partner_customs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("endpoint", sa.String(length=500), nullable=False),
        sa.Column("public_key_pem", sa.Text(), nullable=False),
        sa.Column("key_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_customs")),
        sa.UniqueConstraint("country", name=op.f("uq_partner_customs_country")),
    )
    op.create_table(
        "notification_endpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["organisations.id"],
            name=op.f("fk_notification_endpoints_enterprise_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_endpoints")),
        sa.UniqueConstraint("enterprise_id", name=op.f("uq_notification_endpoints_enterprise_id")),
    )
    op.create_table(
        "trader_notifications",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("occurred_at", INSTANT, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("acknowledged_at", INSTANT, nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["organisations.id"],
            name=op.f("fk_trader_notifications_enterprise_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trader_notifications")),
        sa.UniqueConstraint("event_id", name=op.f("uq_trader_notifications_event_id")),
    )
    with op.batch_alter_table("trader_notifications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_trader_notifications_queue",
            ["enterprise_id", "acknowledged_at", "id"],
            unique=False,
        )
    op.create_table(
        "notification_deliveries",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("notification_id", BIG_ID, nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", INSTANT, nullable=True),
        sa.Column("expires_at", INSTANT, nullable=False),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("delivered_at", INSTANT, nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["trader_notifications.id"],
            name=op.f("fk_notification_deliveries_notification_id_trader_notifications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_deliveries")),
    )
    with op.batch_alter_table("notification_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notification_deliveries_due", ["state", "next_attempt_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notification_deliveries_notification_id"),
            ["notification_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("notification_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_deliveries_notification_id"))
        batch_op.drop_index("ix_notification_deliveries_due")
    op.drop_table("notification_deliveries")
    with op.batch_alter_table("trader_notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_trader_notifications_queue")
    op.drop_table("trader_notifications")
    op.drop_table("notification_endpoints")
    op.drop_table("partner_customs")
