"""Idempotency keys remember what was asked: a key reused with another body is refused (422).

Revision ID: 0004_idempotency_fingerprint
Revises: 0003_complaints
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_idempotency_fingerprint"
down_revision = "0003_complaints"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable: keys stored before this revision have no fingerprint and keep replaying as before
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.add_column(sa.Column("fingerprint", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.drop_column("fingerprint")
