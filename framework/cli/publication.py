"""`mpp definitions …`: the publication workflow from the command line.

A regional administrator proposes a file; the ministry approves or returns
it; `export` writes what is live back to files for the repository. Each
command acts as an existing, active user (``--user``), whose role and region
decide what it may do, exactly as in the admin screens.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from framework.cli.database import database_session
from framework.cli.inputs import KnownValue, field_problems
from framework.core import settings
from framework.core.text import Text, current_language, did_you_mean, msg

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from framework.workflow.actors import Actor


@click.group("definitions")
def definitions_group() -> None:
    """Proposed and published definitions of the running system."""


def _actor(session: Session, username: str) -> Actor:
    from framework.services.accounts import actor_for_user

    actor = actor_for_user(session, username)
    if actor is None:
        raise click.UsageError(f"no active user `{username}`; add one with `mpp user add`")
    return actor


@definitions_group.command("propose")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "username", required=True, help="The proposing user (a regional admin or the ministry).")
def propose_command(file: Path, username: str) -> None:
    """Validate FILE against the live catalog and, when sound, submit it for the ministry's review."""
    from framework.services import publication
    from framework.workflow.errors import ApplicationError

    language = current_language()
    try:
        source = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{file}:1:1: NOT_UTF8 the file is not UTF-8 text; save it as UTF-8") from None
    with database_session() as session:
        try:
            result = publication.propose(
                session,
                _actor(session, username),
                source,
                file.name,
                definitions=settings.definitions_dir(),
                published_dir=settings.instance_dir() / "published",
            )
        except ApplicationError as refused:
            raise click.ClickException(_message(refused)) from None
        for problem in (*result.errors, *result.warnings):
            click.echo(problem.format(language))
        if not result.accepted:
            click.echo("usulan ditolak: perbaiki masalah di atas / proposal refused: fix the problems above", err=True)
            sys.exit(1)
        version = result.version
        assert version is not None
        click.echo(f"usulan / proposal #{version.id}: {version.service_id} v{version.version} ({version.status})")
        click.echo(result.diff.as_text() if result.diff else "layanan baru / a new service")
        for finding in result.audit.findings if result.audit else ():
            click.echo(f"  {finding.code} [{finding.where}] {finding.message.get(language)}")


@definitions_group.command("review")
@click.argument("version_id", type=int)
@click.option("--approve", "decision", flag_value="approve", help="Publish the version now.")
@click.option("--return", "decision", flag_value="return", help="Send it back to the proposer with a comment.")
@click.option("--comment", default=None, help="Why (required when returning).")
@click.option("--user", "username", required=True, help="The reviewing ministry user.")
def review_command(version_id: int, decision: str | None, comment: str | None, username: str) -> None:
    """Approve (publish) or return a proposed version."""
    from framework.services import publication
    from framework.workflow.errors import ApplicationError

    if decision is None:
        raise click.UsageError("choose --approve or --return")
    with database_session() as session:
        try:
            version = publication.review(
                session,
                _actor(session, username),
                version_id,
                decision,
                comment,
                definitions=settings.definitions_dir(),
                published_dir=settings.instance_dir() / "published",
            )
        except ApplicationError as exc:
            raise click.ClickException(_message(exc)) from None
        click.echo(f"#{version.id} {version.service_id} v{version.version}: {version.status}")


@definitions_group.command("withdraw")
@click.argument("service_id")
@click.option("--comment", required=True, help="Why the service stops taking new applications.")
@click.option("--user", "username", required=True, help="The ministry user.")
def withdraw_command(service_id: str, comment: str, username: str) -> None:
    """Stop new applications for SERVICE_ID (those already filed continue)."""
    from framework.services import publication
    from framework.workflow.errors import ApplicationError, NotFound

    with database_session() as session:
        live = publication.live_catalog(session, settings.definitions_dir(), settings.instance_dir() / "published")
        try:
            version = publication.withdraw(session, _actor(session, username), service_id, comment, live=live.catalog)
        except NotFound as exc:
            raise click.ClickException(_unknown_service(service_id, exc.text, live.catalog.specs)) from None
        except ApplicationError as exc:
            raise click.ClickException(_message(exc)) from None
        click.echo(f"{version.service_id}: {version.status}")


# Service ids share their sector ("adminduk."), which alone makes two ids 60% alike: only a closer one is a typo.
SERVICE_ID_CLOSENESS = 0.8


def _unknown_service(service_id: str, reason: Text, live: Iterable[str]) -> str:
    """The refusal for a service the catalog does not serve, with the live id it was probably meant to be."""
    from difflib import get_close_matches

    close = get_close_matches(service_id, sorted(live), n=1, cutoff=SERVICE_ID_CLOSENESS)
    if close:
        reason = Text(reason.id.rstrip("."), reason.get("en").rstrip(".")) + did_you_mean(close[0])
    return f"SERVICE_ID `{service_id}`: {reason.get()}"


def _statuses() -> tuple[str, ...]:
    """The statuses a stored version can have, as the store names them (read when `--status` is checked)."""
    from framework.store.definitions import PROPOSED, PUBLISHED, RETURNED, SUPERSEDED, WITHDRAWN

    return PROPOSED, RETURNED, PUBLISHED, SUPERSEDED, WITHDRAWN


@definitions_group.command("list")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=KnownValue(_statuses, msg("status versi", "version status")),
    help="Only versions with this status (repeatable).",
)
def list_command(statuses: tuple[str, ...]) -> None:
    """Every version the database holds, newest first."""
    from framework.services import publication

    with database_session() as session:
        for version in publication.versions(session, statuses=statuses):
            region = version.region or "nasional"
            click.echo(
                f"#{version.id}\t{version.service_id}\tv{version.version}\t{region}\t{version.status}\t{version.proposed_by}"
            )


@definitions_group.command("export")
@click.argument("target", required=False, type=click.Path(file_okay=False, path_type=Path))
def export_command(target: Path | None) -> None:
    """Write the live catalog to TARGET (default: the definitions folder itself), published versions included."""
    from framework.services import publication

    source = settings.definitions_dir()
    with database_session() as session:
        written = publication.export(session, source, target or source)
    for path in written:
        click.echo(f"ditulis / written: {path}")
    click.echo(f"{len(written)} versi terbit diekspor / published versions exported to {target or source}")


def _message(exc: Exception) -> str:
    """The refusal in the language of MPP_LANG; an ``Invalid``'s field errors each on a line, named by parameter.

    Why: an ``Invalid`` says only "the data is not valid"; its ``errors``
    say which input and why (a withdrawal without a reason printed nothing
    else).
    """
    errors = getattr(exc, "errors", None)
    if errors:
        return field_problems(errors)
    text = getattr(exc, "message", None)
    return text(current_language()) if callable(text) else str(exc)
