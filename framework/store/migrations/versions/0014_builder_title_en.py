"""A builder draft's English title, for the English list of drafts.

Drafts saved before this revision show their Indonesian title until they
are saved again.

Revision ID: 0014_builder_title_en
Revises: 0013_product_title_en
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_builder_title_en"
down_revision = "0013_product_title_en"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("builder_drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title_en", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("builder_drafts", schema=None) as batch_op:
        batch_op.drop_column("title_en")
