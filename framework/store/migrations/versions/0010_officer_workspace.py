"""Officer workspace: where each audit event happened, forced password change, complaint answers.

`audit_events.region` lets a regional admin read the personal-data reads of
their region (older events have none: the table is append-only, so they are
not back-filled). `users.must_change_password` is set by an admin's reset.
`complaints.reply/replied_by/replied_at` hold the agency's answer.

Revision ID: 0010_officer_workspace
Revises: 0009_application_area
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_officer_workspace"
down_revision = "0009_application_area"
branch_labels = None
depends_on = None

AREA = sa.String(length=16).with_variant(sa.String(length=16, collation="C"), "postgresql")


def upgrade() -> None:
    # plain ALTER, not batch mode: SQLite's batch would copy the append-only table and drop its triggers
    op.add_column("audit_events", sa.Column("region", AREA, nullable=True))
    op.create_index("ix_audit_region", "audit_events", ["region", "at"], unique=False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("replied_by", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("replied_at", sa.DateTime(), nullable=True))
        batch_op.create_index("ix_complaints_region", ["region"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ix_complaints_region")
        batch_op.drop_column("replied_at")
        batch_op.drop_column("replied_by")
        batch_op.drop_column("reply")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
    op.drop_index("ix_audit_region", table_name="audit_events")
    op.drop_column("audit_events", "region")
