"""`mpp purge` (retention) and `mpp audit-log verify` (the hash chain): jobs an operator or cron runs.

Both open the database of MPP_DATABASE_URL and nothing else; `mpp purge`
also reads the catalog (each service's ``standard.retention``) and deletes
documents from the configured storage (MPP_S3_* or the uploads folder): those
of the purged applications, and those nothing refers to any more.
"""

from __future__ import annotations

from datetime import datetime

import click


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be purged; change nothing.")
@click.option("--now", "now_text", metavar="ISO-TIME", help="Pretend it is this moment (aware ISO 8601).")
def purge_command(dry_run: bool, now_text: str | None) -> None:
    """Remove personal data of closed applications past their service's retention; keep anonymous statistics."""
    from framework.cli.db import _session
    from framework.core import settings
    from framework.definition import load_catalog
    from framework.services.retention import purge, summary_lines
    from framework.storage import configured_storage

    now = datetime.fromisoformat(now_text) if now_text else None
    if now is not None and now.tzinfo is None:
        raise click.UsageError("--now needs a time zone, e.g. 2031-01-01T00:00+07:00")
    catalog = load_catalog(settings.definitions_dir(), cache_dir=settings.cache_dir())
    storage = configured_storage(settings.instance_dir() / "uploads")
    engine, session = _session()
    try:
        result = purge(session, catalog.specs.values(), storage, now=now, dry_run=dry_run)
    finally:
        session.close()
        engine.dispose()
    for line in summary_lines(result, dry_run):
        click.echo(line)


@click.group("audit-log")
def audit_log_group() -> None:
    """The append-only audit trail."""


@audit_log_group.command("verify")
def audit_log_verify_command() -> None:
    """Recompute the hash chain; exit 1 naming the first edited or missing event."""
    from framework.cli.db import _session
    from framework.services.audit_trail import verify

    engine, session = _session()
    try:
        result = verify(session)
    finally:
        session.close()
        engine.dispose()
    if result.ok:
        click.echo(f"audit trail intact: {result.checked} events, chain unbroken")
        return
    for found in result.breaks[:20]:
        click.echo(f"event {found.event_id}: {found.reason}", err=True)
    raise click.ClickException(f"audit trail broken at {len(result.breaks)} place(s) of {result.checked} events")
