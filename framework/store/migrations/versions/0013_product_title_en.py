"""The issued product's title in English, for the English verification page.

Products issued before this revision keep only their Indonesian title; the
verification page shows it in both languages (it is the title on the paper).

Revision ID: 0013_product_title_en
Revises: 0012_performance
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_product_title_en"
down_revision = "0012_performance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("issued_products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title_en", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("issued_products", schema=None) as batch_op:
        batch_op.drop_column("title_en")
