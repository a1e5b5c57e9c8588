"""Plugins area (issue 6): inbox, citizen profiles, channel deliveries, issued products.

Revision ID: 0002_plugins
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002_plugins"
down_revision = "0001"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON_DATA = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "inbox_messages",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("idempotency_key", sa.String(length=120), nullable=False),
        sa.Column("citizen_nik", sa.String(length=16), nullable=False),
        sa.Column("tracking_number", sa.String(length=16), nullable=True),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    op.create_index("ix_inbox_messages_citizen_nik", "inbox_messages", ["citizen_nik"])
    op.create_table(
        "citizen_profiles",
        sa.Column("nik", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("muted", JSON_DATA, nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("nik"),
    )
    op.create_table(
        "channel_deliveries",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("idempotency_key", sa.String(length=120), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    op.create_index("ix_channel_deliveries_outbox_id", "channel_deliveries", ["outbox_id"])
    op.create_table(
        "issued_products",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("tracking_number", sa.String(length=16), nullable=False),
        sa.Column("service_id", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("holder_name", sa.String(length=200), nullable=False),
        sa.Column("holder_nik", sa.String(length=16), nullable=False),
        sa.Column("region", sa.String(length=16), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=120), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
        sa.UniqueConstraint("tracking_number"),
    )


def downgrade() -> None:
    op.drop_table("issued_products")
    op.drop_index("ix_channel_deliveries_outbox_id", "channel_deliveries")
    op.drop_table("channel_deliveries")
    op.drop_table("citizen_profiles")
    op.drop_index("ix_inbox_messages_citizen_nik", "inbox_messages")
    op.drop_table("inbox_messages")
