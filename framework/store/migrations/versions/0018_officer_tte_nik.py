"""The NIK of an officer's own electronic certificate (TTE through BSrE).

An officer with one signs the documents of the step the issuer names as its
signatory with their own passphrase, typed at the decision; officers without
one leave the signature to the office's certificate, applied by the worker.

Revision ID: 0018_officer_tte_nik
Revises: 0017_product_signature
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_officer_tte_nik"
down_revision = "0017_product_signature"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tte_nik", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("tte_nik")
