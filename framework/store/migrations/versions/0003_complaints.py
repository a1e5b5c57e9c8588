"""Plugins area (issue 6): complaints forwarded to SP4N-LAPOR!.

Revision ID: 0003_complaints
Revises: 0002_plugins
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003_complaints"
down_revision = "0002_plugins"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("citizen_nik", sa.String(length=16), nullable=False),
        sa.Column("tracking_number", sa.String(length=16), nullable=True),
        sa.Column("service_id", sa.String(length=120), nullable=True),
        sa.Column("region", sa.String(length=16), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("attachments", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("external_ref", sa.String(length=120), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    op.create_index("ix_complaints_tracking", "complaints", ["tracking_number"])
    op.create_index("ix_complaints_citizen", "complaints", ["citizen_nik"])


def downgrade() -> None:
    op.drop_index("ix_complaints_citizen", "complaints")
    op.drop_index("ix_complaints_tracking", "complaints")
    op.drop_table("complaints")
