"""The audit trail chained by hash, and the purge mark of applications (issue 12, item 12).

Existing events get their hashes here, in id order, with the append-only
trigger set aside for the back-fill and put back at once.

Revision ID: 0008_audit_chain
Revises: 0007_web_sessions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_audit_chain"
down_revision = "0007_web_sessions"
branch_labels = None
depends_on = None

SQLITE_TRIGGER = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
)


def upgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("purged_at", sa.DateTime(), nullable=True))
    _backfill()


def _backfill() -> None:
    from framework.store.audit_chain import event_hash

    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, at, actor, role, action, target, ip, details FROM audit_events ORDER BY id")
    ).mappings()
    chained = []
    previous = ""
    for row in rows:
        current = event_hash(previous, dict(row))
        chained.append({"id": row["id"], "prev_hash": previous, "hash": current})
        previous = current
    if not chained:
        return
    postgres = bind.dialect.name == "postgresql"
    op.execute(
        "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"
        if postgres
        else "DROP TRIGGER audit_events_no_update"
    )
    bind.execute(sa.text("UPDATE audit_events SET prev_hash = :prev_hash, hash = :hash WHERE id = :id"), chained)
    op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only" if postgres else SQLITE_TRIGGER)


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("purged_at")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
