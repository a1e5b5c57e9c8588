"""The builder's drafts; declared issuers: their sequences per region and year, their name on each product.

Revision ID: 0011_builder_issuers
Revises: 0010_officer_workspace
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0011_builder_issuers"
down_revision = "0010_officer_workspace"
branch_labels = None
depends_on = None


def upgrade() -> None:
    big_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    op.create_table(
        "builder_drafts",
        sa.Column("id", big_id, autoincrement=True, nullable=False),
        sa.Column("region", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("service_id", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("origin", sa.String(length=200), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("checked_hash", sa.String(length=80), nullable=False),
        sa.Column("problems", json, nullable=False),
        sa.Column("proposed_version", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_builder_drafts_region", "builder_drafts", ["region", "updated_at"], unique=False)
    op.create_table(
        "issuer_sequences",
        sa.Column("issuer", sa.String(length=64), nullable=False),
        sa.Column("region", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("issuer", "region", "year"),
    )
    with op.batch_alter_table("issued_products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("issuer_name", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("issuer_name_en", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("issued_products", schema=None) as batch_op:
        batch_op.drop_column("issuer_name_en")
        batch_op.drop_column("issuer_name")
    op.drop_table("issuer_sequences")
    op.drop_index("ix_builder_drafts_region", table_name="builder_drafts")
    op.drop_table("builder_drafts")
