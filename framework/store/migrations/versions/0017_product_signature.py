"""The issued product's electronic signature (TTE): its state, who signed and when.

Products issued before this revision were never signed electronically: they
get ``none``, and their PDF, which claimed no signature it had, stays as it
was issued.

Revision ID: 0017_product_signature
Revises: 0016_applications_pinned
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_product_signature"
down_revision = "0016_applications_pinned"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("issued_products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signature", sa.String(length=16), nullable=False, server_default="none"))
        batch_op.add_column(sa.Column("signed_by", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("signed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("issued_products", schema=None) as batch_op:
        batch_op.drop_column("signed_at")
        batch_op.drop_column("signed_by")
        batch_op.drop_column("signature")
