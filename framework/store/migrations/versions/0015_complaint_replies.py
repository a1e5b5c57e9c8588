"""Complaints: the form's submission key and the history of the agency's answers; the notification language.

`complaints.submission_key` (unique per citizen) makes a double submit file
one complaint. `complaint_replies` keeps every answer; `complaints.reply`
stays the latest one. Answers given before this revision are copied into the
history so the citizen still sees them. `citizen_profiles.language` becomes
the citizen's choice (id, en, both); nobody could choose before and everyone
was sent both languages, so the stored `id` (the old default) becomes `both`.

Revision ID: 0015_complaint_replies
Revises: 0014_builder_title_en
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_complaint_replies"
down_revision = "0014_builder_title_en"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submission_key", sa.String(length=64), nullable=True))
        batch_op.create_index("ux_complaints_submission", ["citizen_nik", "submission_key"], unique=True)
    op.create_table(
        "complaint_replies",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("replied_by", sa.String(length=80), nullable=False),
        sa.Column("replied_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_complaint_replies_complaint_id", "complaint_replies", ["complaint_id"], unique=False)
    op.execute(
        "INSERT INTO complaint_replies (complaint_id, status, reply, replied_by, replied_at) "
        "SELECT id, status, reply, COALESCE(replied_by, ''), COALESCE(replied_at, updated_at) "
        "FROM complaints WHERE reply IS NOT NULL"
    )
    op.execute("UPDATE citizen_profiles SET language = 'both' WHERE language = 'id'")


def downgrade() -> None:
    op.execute("UPDATE citizen_profiles SET language = 'id' WHERE language = 'both'")
    op.drop_index("ix_complaint_replies_complaint_id", table_name="complaint_replies")
    op.drop_table("complaint_replies")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ux_complaints_submission")
        batch_op.drop_column("submission_key")
