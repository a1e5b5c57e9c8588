"""Steps approved by their deadline (fiktif positif), told apart from an officer's approval.

A step whose `on_deadline: approve` fired was recorded in ``step_visits`` as
``approve``, like an officer's; the ministry's figures could not show which
regions issue by default. Such visits are now ``deadline:approve`` (and
``deadline:reject``), the ones already recorded are rewritten from the
history (the system's entries), and ``performance_stats.auto_approved``
carries the count the worker ranks.

Revision ID: 0020_deadline_approvals
Revises: 0019_product_applicant
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_deadline_approvals"
down_revision = "0019_product_applicant"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("performance_stats", schema=None) as batch_op:
        batch_op.add_column(sa.Column("auto_approved", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE step_visits SET action = 'deadline:' || action "
        "WHERE action IN ('approve', 'reject') AND EXISTS ("
        "SELECT 1 FROM transitions t WHERE t.application_id = step_visits.application_id "
        "AND t.from_state = step_visits.step AND t.at = step_visits.left_at AND t.role = 'system')"
    )


def downgrade() -> None:
    op.execute("UPDATE step_visits SET action = substr(action, 10) WHERE action LIKE 'deadline:%'")
    with op.batch_alter_table("performance_stats", schema=None) as batch_op:
        batch_op.drop_column("auto_approved")
