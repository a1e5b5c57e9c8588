"""`mpp db upgrade`, `mpp user add`, `mpp token issue`, `mpp sla run`.

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

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def database_url() -> str:
    return os.environ.get("MPP_DATABASE_URL") or f"sqlite:///{settings.instance_dir() / 'mpp.sqlite3'}"


def _session():
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
@click.option("--role", required=True, help="The role as steps name it, e.g. operator_dukcapil.")
@click.option(
    "--region", help="Kemendagri code the officer acts in, e.g. 73.12 (a province code covers its regencies)."
)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def user_add_command(username: str, role: str, region: str | None, password_stdin: bool) -> None:
    """Add an officer or administrator."""
    from framework.services.accounts import AccountError, add_user

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    if password_stdin and not password:
        raise click.UsageError("--password-stdin: standard input gave an empty password")
    engine, session = _session()
    try:
        add_user(session, username, role, region, password)
    except AccountError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        session.close()
        engine.dispose()
    click.echo(f"user {username} added (role {role}{', region ' + region if region else ''})")


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
