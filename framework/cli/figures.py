"""`mpp figures refresh` and `mpp figures rebuild`: the ministry's figures, from the command line or cron.

`mpp worker` refreshes them by itself every `--figures` seconds; these are
for a deployment that leaves that to cron, and for repair: `rebuild`
recomputes every application's working time from its history (after a bulk
import that bypassed the service functions, say) and then refreshes.
"""

from __future__ import annotations

import time

import click


@click.group("figures")
def figures_group() -> None:
    """The ministry's figures (docs/performance.md)."""


@figures_group.command("refresh")
def refresh_command() -> None:
    """Rank the period's decisions again: medians, 90th percentiles, SLA shares per region, service and step."""
    from framework.cli.database import database_session
    from framework.services.performance_stats import refresh

    started = time.monotonic()
    with database_session() as session:
        rows = refresh(session)
    click.echo(f"figures refreshed: {rows} rows in {time.monotonic() - started:.1f} s")


@figures_group.command("rebuild")
def rebuild_command() -> None:
    """Recompute every application's working time at its steps from its history, then refresh."""
    from framework.cli.database import database_session
    from framework.services.figures import rebuild
    from framework.services.performance_stats import refresh

    with database_session() as session:
        count = rebuild(session)
        session.commit()
        rows = refresh(session)
    click.echo(f"figures rebuilt for {count} applications; {rows} rows ranked")
