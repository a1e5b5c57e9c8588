"""The ministry's figures: one row per application and per step visit; loci joined by onboarding.

`application_figures` and `step_visits` hold working-time durations computed
when an application moves (`framework.services.figures`); existing
applications are back-filled here from their history, by the same code
(`figures.rebuild`). `performance_stats` holds the ranked decision figures
the worker computes every few minutes (`framework.services.performance_stats`).
`onboarded_loci` lists the regions an approved `kementerian.pengajuan-lokus`
application made loci. Complaints get an index
by region and time for the complaints-per-period figure.

Revision ID: 0012_performance
Revises: 0011_builder_issuers
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_performance"
down_revision = "0011_builder_issuers"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "application_figures",
        sa.Column("application_id", BIG_ID, sa.ForeignKey("applications.id"), primary_key=True),
        sa.Column("region", sa.String(length=16), nullable=False),
        sa.Column("service_id", sa.String(length=120), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("state_since", sa.DateTime(), nullable=False),
        sa.Column("returns", sa.Integer(), nullable=False),
        sa.Column("step_minutes", sa.Integer(), nullable=False),
        sa.Column("sla_minutes", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("within_sla", sa.Boolean(), nullable=True),
    )
    op.create_index("ix_figures_filed", "application_figures", ["region", "submitted_at", "service_id"])
    op.create_index(
        "ix_figures_decided",
        "application_figures",
        ["decided_at", "region", "outcome", "step_minutes", "within_sla", "returns"],
    )
    op.create_index(
        "ix_figures_region_decided",
        "application_figures",
        ["region", "decided_at", "service_id", "outcome", "step_minutes", "within_sla", "returns"],
    )
    op.create_table(
        "step_visits",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("application_id", BIG_ID, sa.ForeignKey("applications.id"), nullable=False),
        sa.Column("region", sa.String(length=16), nullable=False),
        sa.Column("service_id", sa.String(length=120), nullable=False),
        sa.Column("step", sa.String(length=64), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("left_at", sa.DateTime(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
    )
    op.create_index("ix_step_visits_application_id", "step_visits", ["application_id"])
    op.create_index("ix_step_visits_region", "step_visits", ["region", "left_at", "service_id", "step", "minutes"])
    op.create_table(
        "performance_stats",
        sa.Column("region", sa.String(length=16), primary_key=True),
        sa.Column("service_id", sa.String(length=120), primary_key=True),
        sa.Column("step", sa.String(length=64), primary_key=True),
        sa.Column("decided", sa.Integer(), nullable=False),
        sa.Column("median_minutes", sa.Float(), nullable=True),
        sa.Column("p90_minutes", sa.Integer(), nullable=True),
        sa.Column("within_sla", sa.Integer(), nullable=False),
        sa.Column("with_sla", sa.Integer(), nullable=False),
        sa.Column("returned", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "onboarded_loci",
        sa.Column("region", sa.String(length=16), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("cohort", sa.String(length=7), nullable=False),
        sa.Column("services", JSON, nullable=False),
        sa.Column("tracking_number", sa.String(length=16), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_complaints_region_created", "complaints", ["region", "created_at"])
    _back_fill()


def _back_fill() -> None:
    """Figures of the applications filed before this migration, from their history."""
    from sqlalchemy.orm import Session

    from framework.services.figures import rebuild

    session = Session(bind=op.get_bind())
    rebuild(session)
    session.flush()


def downgrade() -> None:
    op.drop_index("ix_complaints_region_created", table_name="complaints")
    op.drop_table("onboarded_loci")
    op.drop_table("performance_stats")
    op.drop_index("ix_step_visits_region", table_name="step_visits")
    op.drop_index("ix_step_visits_application_id", table_name="step_visits")
    op.drop_table("step_visits")
    op.drop_index("ix_figures_region_decided", table_name="application_figures")
    op.drop_index("ix_figures_decided", table_name="application_figures")
    op.drop_index("ix_figures_filed", table_name="application_figures")
    op.drop_table("application_figures")
