"""Opening the database of MPP_DATABASE_URL for a command, and the one line that says why it cannot be used.

Every command that reads or writes the database opens it here. A URL that
does not parse, a driver that is not installed, a SQLite file that does not
exist, a server that does not answer, a schema behind the migrations, a
read-only file: each once ended in a SQLAlchemy traceback, and a command
pointed at a missing SQLite file created an empty one on its way to failing.
Now each is one line that names the setting and what to do, exit status 1;
only `mpp db upgrade` creates a database. A write refused half-way is rolled
back with the session, so nothing is left half done.

SQLAlchemy and Alembic are imported only when a command opens the database,
so `mpp validate` never pays for them.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import click

from framework.core import settings
from framework.core.text import Text, current_language, msg

if TYPE_CHECKING:
    from sqlalchemy import URL, Connection, Engine
    from sqlalchemy.orm import Session

SETTING = "MPP_DATABASE_URL"

# What went wrong → what the operator reads: {where} is the database (a file, or the URL without its password),
# {reason} the driver's first line. Every message begins with the setting's name (see `_problem`).
MESSAGES: dict[str, Text] = {
    "unparsable": msg(
        "`{where}` bukan URL basis data; contoh: sqlite:////srv/mpp/mpp.sqlite3 atau postgresql://user:sandi@host/mpp",
        "`{where}` is not a database URL; e.g. sqlite:////srv/mpp/mpp.sqlite3 or postgresql://user:password@host/mpp",
    ),
    "unsupported": msg(
        "`{where}` bukan basis data yang didukung program ini; pakai sqlite atau postgresql",
        "`{where}` is not a database this program supports; use sqlite or postgresql",
    ),
    "no_driver": msg(
        "driver untuk `{where}` tidak terpasang ({reason}); pakai sqlite atau postgresql",
        "the driver of `{where}` is not installed ({reason}); use sqlite or postgresql",
    ),
    "unset_in_production": msg(
        "belum diisi; dengan MPP_ENV=production basis data pengembangan ({where}) tidak dipakai: "
        "isi dengan URL PostgreSQL produksi",
        "is not set; with MPP_ENV=production the development database ({where}) is not used: "
        "set it to the production PostgreSQL URL",
    ),
    "missing": msg(
        "berkas basis data {where} tidak ada; buat dengan `mpp db upgrade`",
        "the database file {where} does not exist; create it with `mpp db upgrade`",
    ),
    "not_migrated": msg(
        "basis data {where} belum dimigrasi ({reason}); jalankan `mpp db upgrade`",
        "the database {where} is not migrated ({reason}); run `mpp db upgrade`",
    ),
    "newer": msg(
        "basis data {where} sudah dimigrasi oleh versi program yang lebih baru ({reason}); perbarui program ini",
        "the database {where} was migrated by a newer version of this program ({reason}); upgrade this program",
    ),
    "unreachable": msg(
        "tidak dapat terhubung ke basis data {where} ({reason}); periksa bahwa servernya berjalan "
        "serta host, port, pengguna, kata sandi dan nama basis data di URL",
        "cannot connect to the database {where} ({reason}); check that its server runs "
        "and the URL's host, port, user, password and database name",
    ),
    "cannot_open": msg(
        "berkas basis data {where} tidak dapat dibuka ({reason}); periksa jalurnya, izin baca berkasnya dan izin "
        "tulis foldernya (SQLite menaruh berkas -wal dan -shm di sampingnya)",
        "cannot open the database file {where} ({reason}); check the path, that this process may read the file "
        "and write to its folder (SQLite keeps its -wal and -shm files beside it)",
    ),
    "not_a_database": msg(
        "{where} bukan basis data SQLite ({reason}); "
        "arahkan ke berkas yang benar atau buat baru dengan `mpp db upgrade`",
        "{where} is not a SQLite database ({reason}); point it at the right file or create one with `mpp db upgrade`",
    ),
    "read_only": msg(
        "basis data {where} hanya-baca ({reason}); beri proses ini izin menulis (SQLite: berkas dan foldernya)",
        "the database {where} is read-only ({reason}); "
        "give this process write access (SQLite: the file and its folder)",
    ),
    "busy": msg(
        "basis data {where} sedang dikunci proses lain ({reason}); coba lagi sebentar lagi",
        "the database {where} is locked by another process ({reason}); try again in a moment",
    ),
    "failed": msg(
        "basis data {where} menolak perintah ({reason}); periksa basis data dan log servernya",
        "the database {where} refused the command ({reason}); check the database and its server's log",
    ),
}

# A driver's error code → the problem: SQLite's primary result code, PostgreSQL's SQLSTATE or its class.
CODES = {
    "SQLITE_READONLY": "read_only",
    "SQLITE_CANTOPEN": "cannot_open",
    "SQLITE_NOTADB": "not_a_database",
    "SQLITE_BUSY": "busy",
    "SQLITE_LOCKED": "busy",
    "25006": "read_only",  # read_only_sql_transaction (a replica, default_transaction_read_only)
    "42P01": "not_migrated",  # undefined_table
    "42703": "not_migrated",  # undefined_column: a schema behind the code
    "3D000": "unreachable",  # the database named in the URL does not exist
    "08": "unreachable",  # connection exceptions
    "28": "unreachable",  # invalid authorisation
    "57P03": "unreachable",  # the server is starting or shutting down
    "55P03": "busy",  # lock_not_available
}
# What SQLite says without a code of its own (its "no such table" is a plain SQLITE_ERROR).
WORDS = {"no such table": "not_migrated", "no such column": "not_migrated"}


class DatabaseUnusable(click.ClickException):
    """The database of MPP_DATABASE_URL cannot serve this command: one line, exit status 1."""

    def __init__(self, kind: str, where: str, reason: Text | str = "") -> None:
        self.kind = kind
        language, why = current_language(), reason if isinstance(reason, Text) else Text(reason, reason)
        super().__init__(f"{SETTING}: " + MESSAGES[kind].get(language).format(where=where, reason=why.get(language)))


def database_url() -> str:
    """MPP_DATABASE_URL, else the SQLite file under instance/ (the embedded default) outside production.

    Why refused in production: `mpp db upgrade` created and migrated the
    development file and said it was done, and `mpp worker` told the
    operator to create that file, when what was missing was the setting.
    """
    configured = os.environ.get(SETTING)
    if configured:
        return configured
    development = f"sqlite:///{settings.instance_dir() / 'mpp.sqlite3'}"
    if settings.is_production():
        raise DatabaseUnusable("unset_in_production", development)
    return development


def checked_url(*, create: bool = False) -> str:
    """The database URL, normalised, once it parses, its driver loads and (unless ``create``) its SQLite file exists.

    Why before any engine: connecting to a missing SQLite file creates it,
    so a mistyped path would leave an empty database behind. Only `mpp db
    upgrade` passes ``create``.
    """
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from framework.store import normalise_url
    from framework.store.engine import sqlite_file

    raw = database_url()
    try:
        url = _parsed(normalise_url(raw))
    except ArgumentError:
        raise DatabaseUnusable("unparsable", _masked(raw)) from None
    try:
        url.get_dialect().import_dbapi()
    except NoSuchModuleError:
        raise DatabaseUnusable("unsupported", url.drivername) from None
    except ImportError as exc:
        raise DatabaseUnusable("no_driver", url.drivername, str(exc)) from None
    path = sqlite_file(url)
    if not create and path is not None and not path.exists():
        raise DatabaseUnusable("missing", str(path))
    return normalise_url(raw)


def open_engine() -> Engine:
    """An engine on a database that exists, answers and is at the newest migration; else DatabaseUnusable."""
    from framework.store import make_engine

    engine = make_engine(checked_url())
    try:
        with translated(), engine.connect() as connection:
            _require_newest_migration(connection)
    except BaseException:
        engine.dispose()
        raise
    return engine


@contextmanager
def database_session() -> Iterator[Session]:
    """A session on MPP_DATABASE_URL for one command; a refused read or write is one line, the engine is disposed."""
    from framework.store import session_factory

    engine = open_engine()
    session = session_factory(engine)()
    try:
        with translated():
            yield session
    finally:
        session.close()
        engine.dispose()


@contextmanager
def translated() -> Iterator[None]:
    """Turns a database failure raised inside into DatabaseUnusable; anything else passes unchanged."""
    try:
        yield
    except Exception as exc:
        problem = database_problem(exc)
        if problem is None:
            raise
        raise problem from None


def database_problem(exc: BaseException) -> DatabaseUnusable | None:
    """What ``exc`` means for the operator when the database or its URL caused it; None for anything else (a bug).

    The driver's code decides (``CODES``, then ``WORDS``). An operational
    error without a code never reached a server (PostgreSQL gives every error
    it sends a SQLSTATE, SQLite a result code): the database did not answer.
    """
    if "sqlalchemy" not in sys.modules:
        return None  # no command has touched a database
    from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError

    if isinstance(exc, ArgumentError) or _missing_driver(exc):
        return _url_problem(create=True)
    if not isinstance(exc, DBAPIError):
        return None
    missing = _url_problem(create=False)  # a command that opened its own engine on a missing file, say
    if missing is not None:
        return missing
    reason = (str(exc.orig).strip() or type(exc.orig).__name__).splitlines()[0]
    codes = _codes(exc.orig)
    kind = next((CODES[code] for code in codes if code in CODES), None)
    kind = kind or next((problem for words, problem in WORDS.items() if words in reason), None)
    if kind is None and not isinstance(exc, OperationalError | InterfaceError):
        return None  # an integrity or programming error is a bug to see, not a setting to fix
    return DatabaseUnusable(kind or ("failed" if codes else "unreachable"), _where(database_url()), reason)


class DatabaseGroup(click.Group):
    """A command group that turns a database failure escaping any of its commands into the one line.

    The commands open the database through ``database_session``/``open_engine``
    and get the line from there; this is the net under those that open it
    some other way.
    """

    def invoke(self, ctx: click.Context) -> Any:
        with translated():
            return super().invoke(ctx)


def _require_newest_migration(connection: Connection) -> None:
    """The database's Alembic revision is the newest this program knows; else not migrated (or newer)."""
    from alembic.runtime.migration import MigrationContext

    current = set(MigrationContext.configure(connection).get_current_heads())
    known, heads = _revisions()
    where = _where(database_url())
    if current == heads:
        return
    if current - known:
        raise DatabaseUnusable("newer", where, ", ".join(sorted(current - known)))
    if not current:
        raise DatabaseUnusable("not_migrated", where, msg("belum ada tabelnya", "it has no tables yet"))
    behind, newest = ", ".join(sorted(current)), ", ".join(sorted(heads))
    raise DatabaseUnusable(
        "not_migrated", where, msg(f"revisi {behind}, terbaru {newest}", f"revision {behind}, newest {newest}")
    )


@lru_cache(maxsize=1)
def _revisions() -> tuple[frozenset[str], frozenset[str]]:
    """Every revision of the migrations shipped with this program, and the newest ones (read once per process)."""
    from alembic.script import ScriptDirectory

    from framework.store.migrate import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return frozenset(s.revision for s in scripts.walk_revisions()), frozenset(scripts.get_heads())


def _parsed(url: str) -> URL:
    from sqlalchemy.engine import make_url

    return make_url(url)


def _url_problem(*, create: bool) -> DatabaseUnusable | None:
    """A URL problem raised by code that did not check the URL first, said as `checked_url` says it.

    None when the URL is sound: the error came from somewhere else.
    """
    try:
        checked_url(create=create)
    except DatabaseUnusable as problem:
        return problem
    return None


def _missing_driver(exc: BaseException) -> bool:
    """An ImportError raised inside SQLAlchemy's dialects: the URL names a driver that is not installed."""
    if not isinstance(exc, ImportError):
        return False
    frames = []
    trace = exc.__traceback__
    while trace is not None:
        frames.append(trace.tb_frame.f_code.co_filename)
        trace = trace.tb_next
    return any(f"{os.sep}sqlalchemy{os.sep}" in name for name in frames)


def _codes(orig: BaseException | None) -> list[str]:
    """The driver's codes of an error, most specific first: SQLite's name and primary name; SQLSTATE and class."""
    name = getattr(orig, "sqlite_errorname", None)
    if isinstance(name, str):
        return [name, "_".join(name.split("_")[:2])]
    state = getattr(orig, "sqlstate", None)
    return [state, state[:2]] if isinstance(state, str) else []


def _where(raw: str) -> str:
    """The database as the operator knows it: the SQLite file, else the URL without its password."""
    from sqlalchemy.exc import ArgumentError

    from framework.store import normalise_url
    from framework.store.engine import sqlite_file

    try:
        url = _parsed(normalise_url(raw))
    except ArgumentError:
        return _masked(raw)
    path = sqlite_file(url)
    return str(path) if path is not None else url.render_as_string(hide_password=True)


def _masked(raw: str) -> str:
    """``raw`` with anything between `user:` and `@` hidden: a URL that does not parse may still hold a password."""
    return re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", raw)
