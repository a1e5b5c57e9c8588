"""A region's applications of one service, newest first: the index the ministry's list pages through.

The region page links each service to its applications there
(``framework.services.region_applications``); with a million rows the list
must read one page, not scan the region's filings for the service, so the
figures get an index on (region, service, filed, id) that answers both the
page (a backward range scan) and its count.

Revision ID: 0022_service_applications_index
Revises: 0021_inbox_languages
"""

from __future__ import annotations

from alembic import op

revision = "0022_service_applications_index"
down_revision = "0021_inbox_languages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_figures_service_filed",
        "application_figures",
        ["region", "service_id", "submitted_at", "application_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_figures_service_filed", table_name="application_figures")
