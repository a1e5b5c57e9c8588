"""`mpp db upgrade`, `mpp user add|disable`, `mpp token issue|revoke`, `mpp sla run`.

Each opens the database of MPP_DATABASE_URL (default: the SQLite file under
instance/) and closes it again; nothing here imports Flask.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

import click

from framework.core import settings
from framework.workflow.roles import ADMIN_ROLE, MINISTRY_ROLE

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from framework.services.officers import Catalog


def database_url() -> str:
    return os.environ.get("MPP_DATABASE_URL") or f"sqlite:///{settings.instance_dir() / 'mpp.sqlite3'}"


def _session() -> tuple[Engine, Session]:
    from framework.store import make_engine, session_factory

    engine = make_engine(database_url())
    return engine, session_factory(engine)()


@contextmanager
def database_session() -> Iterator[Session]:
    """A session on MPP_DATABASE_URL for one command; the engine is disposed afterwards."""
    engine, session = _session()
    try:
        yield session
    finally:
        session.close()
        engine.dispose()


@click.group("db")
def db_group() -> None:
    """The database: migrations."""


@db_group.command("upgrade")
def upgrade_command() -> None:
    """Bring the database schema to the newest migration."""
    from framework.store import upgrade

    upgrade(database_url())
    click.echo("database is up to date")


@click.group("user")
def user_group() -> None:
    """Officer and administrator accounts."""


@user_group.command("add")
@click.argument("username")
@click.option(
    "--role",
    required=True,
    help="A role the services offered in the region use (as steps name it, e.g. operator_dukcapil), "
    f"or {ADMIN_ROLE} / {MINISTRY_ROLE}.",
)
@click.option(
    "--region",
    help="Kemendagri code the officer acts in: a kabupaten/kota (73.12), kecamatan (73.12.01) or desa (73.12.01.2001); "
    "a province code covers its regencies.",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (at least 12 characters, not easy to guess).",
)
def user_add_command(username: str, role: str, region: str | None, password_stdin: bool) -> None:
    """Add an officer or administrator, after the checks the regional admin's screen applies."""
    from framework.services.officers import OfficerError, create_officer

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    if password_stdin and not password:
        raise click.UsageError("--password-stdin: standard input gave an empty password")
    engine, session = _session()
    try:
        create_officer(session, _officer_catalog(session), username, role, region, password)
    except OfficerError as exc:
        raise click.UsageError(_problems(exc)) from None
    finally:
        session.close()
        engine.dispose()
    click.echo(f"user {username} added (role {role}{', region ' + region if region else ''})")


def _problems(exc: Exception) -> str:
    """Each refused input on its own line, in English (MPP_LANG=id: Indonesian)."""
    errors = getattr(exc, "errors", [])
    language = "id" if os.environ.get("MPP_LANG") == "id" else "en"
    return "\n".join(f"--{error.field.replace('_', '-')}: {error.message.get(language)}" for error in errors)


def _officer_catalog(session: Session) -> Catalog:
    """The offered services of the catalog (the roles a region may give), the reference data and the loci."""
    from framework.definition import load_catalog
    from framework.services.loci import current_loci
    from framework.services.officers import Catalog

    catalog = load_catalog(settings.definitions_dir(), cache_dir=settings.cache_dir())
    if not catalog.ok:
        raise click.ClickException("the service definitions have errors; run `mpp validate`")
    return Catalog.of(catalog.offered(), settings.definitions_dir(), current_loci(session, settings.definitions_dir()))


@user_group.command("disable")
@click.argument("username")
def user_disable_command(username: str) -> None:
    """Disable an account: it can no longer sign in, its tokens are revoked and its open sessions stop working."""
    from framework.services.officers import set_active

    engine, session = _session()
    try:
        set_active(session, username, False, by=None)
    except LookupError:
        raise click.UsageError(f"no user `{username}`") from None
    finally:
        session.close()
        engine.dispose()
    click.echo(f"user {username} disabled; its tokens are revoked")


@click.group("token")
def token_group() -> None:
    """Bearer tokens for the JSON API."""


@token_group.command("issue")
@click.option(
    "--citizen",
    "nik",
    metavar="NIK",
    help="A citizen token (development only: production signs citizens in through IKD).",
)
@click.option("--user", "username", metavar="USERNAME", help="A token for an existing user.")
def token_issue_command(nik: str | None, username: str | None) -> None:
    """Print a new bearer token on standard output."""
    from framework.services.accounts import AccountError, issue_token

    if nik and settings.is_production():
        raise click.UsageError("citizen tokens are refused when MPP_ENV=production: citizens sign in through IKD")
    engine, session = _session()
    try:
        click.echo(issue_token(session, citizen=nik, user=username))
    except AccountError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        session.close()
        engine.dispose()


@token_group.command("revoke")
@click.option("--token", "token", metavar="TOKEN", help="The token to revoke (as `mpp token issue` printed it).")
@click.option("--user", "username", metavar="USERNAME", help="Revoke every token of this user.")
def token_revoke_command(token: str | None, username: str | None) -> None:
    """Revoke one bearer token, or all tokens of a user."""
    from framework.services.officers import OfficerError, revoke_tokens

    engine, session = _session()
    try:
        count = revoke_tokens(session, token=token, user=username)
    except OfficerError:
        raise click.UsageError("give exactly one of --token TOKEN or --user USERNAME") from None
    finally:
        session.close()
        engine.dispose()
    if token is not None and count == 0:
        raise click.ClickException("no live token matches; it was never issued or is already revoked")
    click.echo(f"{count} token(s) revoked")


@click.group("sla")
def sla_group() -> None:
    """Service-level deadlines."""


@sla_group.command("run")
@click.option(
    "--now", "now_text", metavar="ISO-TIME", help="Pretend it is this moment (aware ISO 8601), for back-filling."
)
def sla_run_command(now_text: str | None) -> None:
    """Flag overdue applications and run `on_deadline` actions (cron or the worker calls this)."""
    from framework.services.deadlines import apply_deadlines
    from framework.store.types import utcnow

    now = datetime.fromisoformat(now_text) if now_text else utcnow()
    if now.tzinfo is None:
        raise click.UsageError("--now needs a time zone, e.g. 2026-08-18T10:00+07:00")
    engine, session = _session()
    try:
        run = apply_deadlines(session, now)
    finally:
        session.close()
        engine.dispose()
    click.echo(f"overdue flagged: {len(run.flagged)}; auto-actions: {len(run.acted)}; failed: {len(run.failed)}")
    for number, action in sorted(run.acted.items()):
        click.echo(f"  {number} {action}")
