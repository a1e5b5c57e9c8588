"""`mpp purge` (retention) and `mpp audit-log verify` (the hash chain): jobs an operator or cron runs.

Both open the database of MPP_DATABASE_URL and nothing else; `mpp purge`
also reads the catalog (each service's ``standard.retention``) and deletes
documents from the configured storage (MPP_S3_* or the uploads folder): those
of the purged applications, and those nothing refers to any more.
"""

from __future__ import annotations

from datetime import datetime

import click

from framework.cli.database import database_session
from framework.cli.inputs import now_option


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be purged; change nothing.")
@now_option("Pretend it is this moment (ISO 8601 with its time zone).")
def purge_command(dry_run: bool, now: datetime | None) -> None:
    """Remove personal data of closed applications past their service's retention; keep anonymous statistics."""
    from framework.core import settings
    from framework.definition import load_catalog
    from framework.services.retention import purge, summary_lines
    from framework.storage import configured_storage

    with database_session() as session:  # first: a database that cannot be used is said before any other work
        catalog = load_catalog(settings.definitions_dir(), cache_dir=settings.cache_dir())
        storage = configured_storage(settings.instance_dir() / "uploads")
        result = purge(session, catalog.specs.values(), storage, now=now, dry_run=dry_run)
    for line in summary_lines(result, dry_run):
        click.echo(line)


@click.group("audit-log")
def audit_log_group() -> None:
    """The append-only audit trail."""


@audit_log_group.command("verify")
def audit_log_verify_command() -> None:
    """Recompute the hash chain; exit 1 naming the first edited or missing event."""
    from framework.services.audit_trail import verify

    with database_session() as session:
        result = verify(session)
    if result.ok:
        click.echo(f"audit trail intact: {result.checked} events, chain unbroken")
        return
    for found in result.breaks[:20]:
        click.echo(f"event {found.event_id}: {found.reason}", err=True)
    raise click.ClickException(f"audit trail broken at {len(result.breaks)} place(s) of {result.checked} events")
