"""The applicant of a product issued for someone else (a birth certificate is the child's).

``holder_name`` names whom the document is for; where a service's letter
names another holder (``letter.holder``), the applicant who asked for it is
kept beside it, so the verification page does not print the parent's NIK
as the child's.

Revision ID: 0019_product_applicant
Revises: 0018_officer_tte_nik
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_product_applicant"
down_revision = "0018_officer_tte_nik"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("issued_products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("applicant_name", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("issued_products", schema=None) as batch_op:
        batch_op.drop_column("applicant_name")
