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
from framework.cli.inputs import KnownValue, field_problems, language_option
from framework.core import settings
from framework.core.text import Text, current_language, did_you_mean, msg

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from framework.services.publication import Proposal
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


def _report(session: Session, actor: Actor, version_id: int) -> Proposal:
    """A stored version checked against today's live catalog, as the admin's review page shows it.

    Read through ``readable_version``: a regional admin sees only their
    region's versions, and an unknown id is *not found* either way.
    """
    from framework.services import definition_history, publication

    definition_history.readable_version(session, actor, version_id)
    return publication.examine_version(
        session,
        version_id,
        definitions=settings.definitions_dir(),
        published_dir=settings.instance_dir() / "published",
    )


def report_lines(report: Proposal, language: str) -> list[str]:
    """The version, its problems, its changes in words and its audit: the admin's review page as text.

    Why here and not a second diff: the changes are ``change_lines`` of the
    same ``Proposal`` (its diff against the live version, or against the
    national service a new variant adapts), the words and verdicts the
    admin's change table shows.
    """
    from framework.generate.changes import change_lines, change_text, count_text

    version = report.version
    assert version is not None
    region = version.region or msg("nasional", "national").get(language)
    who = version.proposed_by
    lines = [f"#{version.id} {version.service_id} v{version.version} · {region} · {version.status} · {who}"]
    lines += [problem.format(language) for problem in (*report.errors, *report.warnings)]
    if report.spec is None:
        return lines
    if report.live_version:
        heading = msg(
            f"Perubahan dibanding versi yang berlaku (v{report.live_version})",
            f"Changes against the live version (v{report.live_version})",
        )
    elif report.template:
        title = report.template.title.get(language)
        heading = msg(
            f"Yang diubah dari layanan nasional {title}", f"What it changes from the national service {title}"
        )
    else:
        heading = msg("Perubahan dibanding versi yang berlaku", "Changes against the live version")
    lines.append(heading.get(language) + ":")
    changes = change_lines(report.diff.changes, report.base, report.spec, language) if report.diff else []
    if not changes:
        empty = (
            msg("Tidak ada perubahan makna.", "No change in meaning.")
            if report.live_version
            else msg("Layanan baru: belum ada versi yang berlaku.", "A new service: there is no live version yet.")
        )
        lines.append("  " + empty.get(language))
    else:
        lines.append("  " + count_text(changes, language))
        lines += ["  " + change_text(change, language) for change in changes]
    if report.audit and report.audit.findings:
        lines.append(
            msg("Audit standar pelayanan dan minimisasi data", "Service-standard and data-minimisation audit").get(
                language
            )
            + ":"
        )
        lines += [f"  {f.code} [{f.where}] {f.message.get(language)}" for f in report.audit.findings]
    return lines


@definitions_group.command("show")
@click.argument("version_id", type=int)
@click.option("--user", "username", required=True, help="The reading user (the ministry, or the region's admin).")
@language_option
def show_command(version_id: int, username: str, language: str | None) -> None:
    """What stored version VERSION_ID changes against the version it would replace, each change judged.

    The same changes, words and verdicts (tightens / neutral / loosens) as the
    admin's review page, with the version's problems and its audit.
    """
    from framework.workflow.errors import ApplicationError

    language = language or current_language()
    with database_session() as session:
        try:
            report = _report(session, _actor(session, username), version_id)
        except ApplicationError as refused:
            raise click.ClickException(_message(refused)) from None
        for line in report_lines(report, language):
            click.echo(line)


@definitions_group.command("review")
@click.argument("version_id", type=int)
@click.option("--approve", "decision", flag_value="approve", help="Publish the version now.")
@click.option("--return", "decision", flag_value="return", help="Send it back to the proposer with a comment.")
@click.option("--comment", default=None, help="Why (required when returning).")
@click.option("--user", "username", required=True, help="The reviewing ministry user.")
def review_command(version_id: int, decision: str | None, comment: str | None, username: str) -> None:
    """Approve (publish) or return a proposed version; its changes are printed first (as `show` prints them)."""
    from framework.services import publication
    from framework.workflow.errors import ApplicationError

    if decision is None:
        raise click.UsageError("choose --approve or --return (see the changes first: mpp definitions show ID)")
    with database_session() as session:
        try:
            reviewer = _actor(session, username)
            for line in report_lines(_report(session, reviewer, version_id), current_language()):
                click.echo(line)
            version = publication.review(
                session,
                reviewer,
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


@definitions_group.command("restore")
@click.argument("service_id")
@click.option("--comment", required=True, help="Why the service takes new applications again.")
@click.option("--user", "username", required=True, help="The ministry user.")
def restore_command(service_id: str, comment: str, username: str) -> None:
    """Take withdrawn SERVICE_ID back as it was withdrawn (a changed service is a new proposal)."""
    from framework.services import publication
    from framework.workflow.errors import ApplicationError

    definitions, published = settings.definitions_dir(), settings.instance_dir() / "published"
    with database_session() as session:
        live = publication.live_catalog(session, definitions, published)
        try:
            version = publication.restore(
                session,
                _actor(session, username),
                service_id,
                comment,
                live=live.catalog,
                definitions=definitions,
                published_dir=published,
            )
        except ApplicationError as exc:
            raise click.ClickException(_message(exc)) from None
        click.echo(f"{version.service_id}: {msg('dipulihkan', 'restored').get()}")


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
