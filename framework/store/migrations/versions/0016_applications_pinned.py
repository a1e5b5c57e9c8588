"""An index to find the open applications of an older version of a service.

The officer's queue adds the versions whose steps differ from the live one
while applications filed under them are open (``framework.services.open_versions``);
this index answers "any open application of this version here?" with one seek.

Revision ID: 0016_applications_pinned
Revises: 0015_complaint_replies
"""

from __future__ import annotations

from alembic import op

revision = "0016_applications_pinned"
down_revision = "0015_complaint_replies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index("ix_applications_pinned", ["content_hash", "state", "area"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_pinned")
