"""Definitions held by the running system: versions, their review events, the catalog generation.

Revision ID: 0006_definition_versions
Revises: 0005_drafts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_definition_versions"
down_revision = "0005_drafts"
branch_labels = None
depends_on = None

EVENT_TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER definition_events_no_update BEFORE UPDATE ON definition_events "
        "BEGIN SELECT RAISE(ABORT, 'definition_events is append-only'); END",
        "CREATE TRIGGER definition_events_no_delete BEFORE DELETE ON definition_events "
        "BEGIN SELECT RAISE(ABORT, 'definition_events is append-only'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION definition_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'definition_events is append-only'; END $$",
        "CREATE TRIGGER definition_events_append_only BEFORE UPDATE OR DELETE ON definition_events "
        "FOR EACH ROW EXECUTE FUNCTION definition_events_append_only()",
    ],
}


def upgrade() -> None:
    big_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "definition_versions",
        sa.Column("id", big_id, autoincrement=True, nullable=False),
        sa.Column("service_id", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=16), nullable=True),
        sa.Column("extends", sa.String(length=120), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_hash", sa.String(length=80), nullable=True),
        sa.Column("proposed_by", sa.String(length=120), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_definition_versions_service", "definition_versions", ["service_id", "status"])
    op.create_table(
        "definition_events",
        sa.Column("id", big_id, autoincrement=True, nullable=False),
        sa.Column("version_id", big_id, sa.ForeignKey("definition_versions.id"), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=64), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_definition_events_version_id", "definition_events", ["version_id"])
    op.create_table(
        "catalog_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO catalog_state (id, generation, changed_at) VALUES (1, 0, CURRENT_TIMESTAMP)")
    for statement in EVENT_TRIGGERS.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS definition_events_append_only ON definition_events")
        op.execute("DROP FUNCTION IF EXISTS definition_events_append_only()")
    op.drop_table("catalog_state")
    op.drop_index("ix_definition_events_version_id", table_name="definition_events")
    op.drop_table("definition_events")
    op.drop_index("ix_definition_versions_service", table_name="definition_versions")
    op.drop_table("definition_versions")
