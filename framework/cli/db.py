"""`mpp db upgrade`, `mpp user add|disable`, `mpp token issue|revoke`, `mpp sla run`.

Each opens the database of MPP_DATABASE_URL (default: the SQLite file under
instance/) through ``framework.cli.database`` and closes it again; nothing
here imports Flask. Messages are in Bahasa Indonesia unless MPP_LANG=en.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING

import click

from framework.cli.database import checked_url, database_session, translated
from framework.cli.inputs import field_problems, now_option
from framework.core import settings
from framework.core.text import msg
from framework.workflow.roles import ADMIN_ROLE, MINISTRY_ROLE

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from framework.services.officers import Catalog

# The service's `password` field is what `--password-stdin` reads.
PARAMETER_OF_FIELD = {"password": "password_stdin"}  # fields named by their option (tte_nik: --tte-nik)

# What these commands refuse, said in the language of MPP_LANG (`Text.get()`).
PASSWORD_NOT_UTF8 = msg(
    "--password-stdin: masukan standar bukan teks UTF-8; kirim kata sandi sebagai teks UTF-8",
    "--password-stdin: standard input is not UTF-8 text; send the password as UTF-8 text",
)
PASSWORD_EMPTY = msg(
    "--password-stdin: masukan standar tidak berisi kata sandi",
    "--password-stdin: standard input gave an empty password",
)
DEFINITIONS_BROKEN = msg(
    "definisi layanan berisi kesalahan; jalankan `mpp validate`",
    "the service definitions have errors; run `mpp validate`",
)
CITIZEN_TOKEN_IN_PRODUCTION = msg(
    "token warga ditolak bila MPP_ENV=production: warga masuk lewat IKD",
    "citizen tokens are refused when MPP_ENV=production: citizens sign in through IKD",
)
TOKEN_OR_USER = msg(
    "sebutkan salah satu: --token TOKEN atau --user USERNAME", "give exactly one of --token TOKEN or --user USERNAME"
)
NO_LIVE_TOKEN = msg(
    "tidak ada token aktif yang cocok; token itu tidak pernah diterbitkan atau sudah dicabut",
    "no live token matches; it was never issued or is already revoked",
)


def _no_user(label: str, username: str) -> str:
    return (label + msg(f": tidak ada pengguna `{username}`", f": no user `{username}`")).get()


@click.group("db")
def db_group() -> None:
    """The database: migrations."""


@db_group.command("upgrade")
def upgrade_command() -> None:
    """Bring the database schema to the newest migration."""
    from framework.store import upgrade

    url = checked_url(create=True)  # the one command that may create the SQLite file
    with translated():
        upgrade(url)
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
@click.option(
    "--tte-nik",
    default="",
    help="The NIK of the officer's own electronic certificate (BSrE): they then sign the documents of the step "
    "their issuer names as signatory with their passphrase. Without it the office's certificate seals them.",
)
def user_add_command(username: str, role: str, region: str | None, password_stdin: bool, tte_nik: str) -> None:
    """Add an officer or administrator, after the checks the regional admin's screen applies."""
    from framework.services.officers import (
        OfficerError,
        create_officer,
        set_tte_nik,
        tte_holder_errors,
        tte_nik_errors,
    )

    if errors := tte_nik_errors(tte_nik.strip()):  # before anything is written: no account without its NIK
        raise click.UsageError(field_problems(errors, PARAMETER_OF_FIELD))
    password = _password_from_stdin() if password_stdin else None
    with database_session() as session:
        if errors := tte_holder_errors(session, tte_nik.strip(), role, username):  # before the account is written
            raise click.UsageError(field_problems(errors, PARAMETER_OF_FIELD))
        try:
            create_officer(session, _officer_catalog(session), username, role, region, password)
            if tte_nik.strip():
                set_tte_nik(session, username, tte_nik, by=None)
        except OfficerError as exc:
            raise click.UsageError(field_problems(exc.errors, PARAMETER_OF_FIELD)) from None
    click.echo(f"user {username} added (role {role}{', region ' + region if region else ''})")


def _password_from_stdin() -> str:
    """The first line of standard input, read as bytes and decoded strictly.

    Why strictly: bytes that are not UTF-8 became lone surrogates, which the
    password hash cannot encode (a traceback); such a password could not be
    typed at a sign-in page either.
    """
    try:
        password = sys.stdin.buffer.readline().rstrip(b"\r\n").decode("utf-8")
    except UnicodeDecodeError:
        raise click.UsageError(PASSWORD_NOT_UTF8.get()) from None
    if not password:
        raise click.UsageError(PASSWORD_EMPTY.get())
    return password


def _officer_catalog(session: Session) -> Catalog:
    """The offered services of the catalog (the roles a region may give), the reference data and the loci."""
    from framework.definition import load_catalog
    from framework.services.loci import current_loci
    from framework.services.officers import Catalog

    catalog = load_catalog(settings.definitions_dir(), cache_dir=settings.cache_dir())
    if not catalog.ok:
        raise click.ClickException(DEFINITIONS_BROKEN.get())
    return Catalog.of(catalog.offered(), settings.definitions_dir(), current_loci(session, settings.definitions_dir()))


@user_group.command("disable")
@click.argument("username")
def user_disable_command(username: str) -> None:
    """Disable an account: it can no longer sign in, its tokens are revoked and its open sessions stop working."""
    from framework.services.officers import set_active

    with database_session() as session:
        try:
            set_active(session, username, False, by=None)
        except LookupError:
            raise click.UsageError(_no_user("USERNAME", username)) from None
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
        raise click.UsageError(CITIZEN_TOKEN_IN_PRODUCTION.get())
    with database_session() as session:
        try:
            token = issue_token(session, citizen=nik, user=username)
        except AccountError as exc:
            raise click.UsageError(str(exc)) from None
    click.echo(token)


@token_group.command("revoke")
@click.option("--token", "token", metavar="TOKEN", help="The token to revoke (as `mpp token issue` printed it).")
@click.option("--user", "username", metavar="USERNAME", help="Revoke every token of this user.")
def token_revoke_command(token: str | None, username: str | None) -> None:
    """Revoke one bearer token, or all tokens of a user."""
    from framework.services.officers import OfficerError, revoke_tokens

    with database_session() as session:
        try:
            count = revoke_tokens(session, token=token, user=username)
        except OfficerError:
            raise click.UsageError(TOKEN_OR_USER.get()) from None
        except LookupError:
            raise click.UsageError(_no_user("--user", username or "")) from None
    if token is not None and count == 0:
        raise click.ClickException(NO_LIVE_TOKEN.get())
    click.echo(f"{count} token(s) revoked")


@click.group("sla")
def sla_group() -> None:
    """Service-level deadlines."""


@sla_group.command("run")
@now_option("Pretend it is this moment (ISO 8601 with its time zone), for back-filling.")
def sla_run_command(now: datetime | None) -> None:
    """Flag overdue applications and run `on_deadline` actions (cron or the worker calls this)."""
    from framework.services.deadlines import apply_deadlines
    from framework.store.types import utcnow

    with database_session() as session:
        run = apply_deadlines(session, now or utcnow())
    click.echo(f"overdue flagged: {len(run.flagged)}; auto-actions: {len(run.acted)}; failed: {len(run.failed)}")
    for number, action in sorted(run.acted.items()):
        click.echo(f"  {number} {action}")
