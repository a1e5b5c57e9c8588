"""Every `mpp` command that needs the database says in one line why it cannot use it, and what to do.

A database that is missing, not migrated, unreachable, read-only, or named by
a URL nobody can parse once ended each command in a SQLAlchemy traceback, and
a command pointed at a missing SQLite file created an empty one on the way.
Now each names MPP_DATABASE_URL and the fix, exits 1, and changes nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from framework.cli import main
from framework.services.accounts import add_user, issue_token
from framework.store import ApiToken, User, upgrade

COMMANDS = {
    "audit --live": ["audit", "--live"],
    "user add": ["user", "add", "andi", "--role", "operator_dukcapil", "--region", "73.12"],
    "user disable": ["user", "disable", "andi"],
    "token issue": ["token", "issue", "--user", "andi"],
    "token revoke": ["token", "revoke", "--user", "andi"],
    "purge": ["purge", "--dry-run"],
    "audit-log verify": ["audit-log", "verify"],
    "definitions list": ["definitions", "list"],
    "definitions withdraw": ["definitions", "withdraw", "adminduk.kk", "--comment", "x", "--user", "u8"],
    "sla run": ["sla", "run"],
    "worker --parked": ["worker", "--parked"],
    "figures refresh": ["figures", "refresh"],
    "figures rebuild": ["figures", "rebuild"],
}
# `mpp worker` opens its engine in framework/cli/worker.py, which must switch to framework.cli.database.open_engine:
# until then it reports an unmigrated database in one line but creates the missing SQLite file first.
CREATES_THE_FILE: set[str] = set()


def run(url: str, args: list[str], tmp_path, language: str | None = None, stdin: str | bytes | None = None):
    env = {"MPP_DATABASE_URL": url, "MPP_INSTANCE": str(tmp_path / "instance"), "MPP_LANG": language}
    return CliRunner().invoke(main, args, env=env, input=stdin)


def refusal(result) -> str:
    """The one line a refused command printed (after click's `Error: `); fails on a traceback or a second line."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


@pytest.mark.parametrize("name", COMMANDS)
def test_a_missing_sqlite_file_is_named_and_not_created(name, tmp_path):
    missing = tmp_path / "unmigrated.sqlite3"  # in a folder that exists, where SQLite would create it
    line = refusal(run(f"sqlite:///{missing}", COMMANDS[name], tmp_path))
    assert "MPP_DATABASE_URL" in line and "`mpp db upgrade`" in line, line
    if name in CREATES_THE_FILE:
        assert missing.exists(), f"`mpp {name}` no longer creates the file: remove it from CREATES_THE_FILE"
        pytest.xfail("framework/cli/worker.py still opens its own engine")
    assert not missing.exists()


@pytest.mark.parametrize("name", COMMANDS)
def test_an_unmigrated_database_says_run_mpp_db_upgrade(name, tmp_path):
    empty = tmp_path / "unmigrated.sqlite3"
    sqlite3.connect(empty).close()  # an empty SQLite file: there, but no tables
    line = refusal(run(f"sqlite:///{empty}", COMMANDS[name], tmp_path))
    assert line.startswith("Error: MPP_DATABASE_URL: ") and "belum dimigrasi" in line and "`mpp db upgrade`" in line


NEWEST_MIGRATION = max(
    path.stem for path in (Path(__file__).resolve().parents[2] / "framework/store/migrations/versions").glob("0*.py")
)


@pytest.mark.parametrize(
    ("revision", "words"),
    [
        ("0013_product_title_en", f"is not migrated (revision 0013_product_title_en, newest {NEWEST_MIGRATION}"),
        ("9999_from_the_future", "was migrated by a newer version of this program (9999_from_the_future)"),
    ],
    ids=["behind", "ahead"],
)
def test_a_database_at_another_migration_is_named_with_its_revision(revision, words, tmp_path):
    path = tmp_path / "mpp.sqlite3"
    upgrade(f"sqlite:///{path}", "0013_product_title_en")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    line = refusal(run(f"sqlite:///{path}", COMMANDS["definitions list"], tmp_path, language="en"))
    assert words in line, line


@pytest.mark.parametrize("args", [["db", "upgrade"], ["worker", "--parked"], ["definitions", "list"]])
def test_production_without_a_database_url_is_refused_not_given_the_development_file(args, tmp_path):
    """`mpp db upgrade` migrated instance/mpp.sqlite3 in production and said it was done."""
    env = {
        "MPP_ENV": "production",
        "MPP_DATABASE_URL": None,
        "MPP_INSTANCE": str(tmp_path / "instance"),
        "MPP_LANG": "en",
    }
    line = refusal(CliRunner().invoke(main, args, env=env))
    assert "MPP_DATABASE_URL: is not set; with MPP_ENV=production the development database" in line, line
    assert not (tmp_path / "instance" / "mpp.sqlite3").exists()


def test_the_refusal_is_english_on_request(tmp_path):
    missing = tmp_path / "unmigrated.sqlite3"
    line = refusal(run(f"sqlite:///{missing}", COMMANDS["definitions list"], tmp_path, language="en"))
    assert (
        line == f"Error: MPP_DATABASE_URL: the database file {missing} does not exist; create it with `mpp db upgrade`"
    )


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("nonsense", "`nonsense` is not a database URL"),
        ("mysql://x/y", "the driver of `mysql` is not installed"),
        ("foo://x/y", "`foo` is not a database this program supports"),
        ("postgresql+psycopg://u:rahasia@127.0.0.1:1/db", "cannot connect to the database postgresql+psycopg://u:***@"),
        ("postgres://u:rahasia@127.0.0.1:1/db", "cannot connect to the database postgresql+psycopg://u:***@"),
    ],
    ids=["unparsable", "missing-driver", "unknown-dialect", "unreachable", "unreachable-short-scheme"],
)
@pytest.mark.parametrize("args", [["db", "upgrade"], COMMANDS["token issue"], COMMANDS["worker --parked"]])
def test_a_url_that_cannot_be_used_is_one_line_naming_the_setting(url, words, args, tmp_path):
    line = refusal(run(url, args, tmp_path, language="en"))
    assert line.startswith("Error: MPP_DATABASE_URL: ") and words in line, line
    assert "rahasia" not in line  # a password in the URL is never printed


def test_db_upgrade_still_creates_a_new_sqlite_file(tmp_path):
    created = tmp_path / "new" / "mpp.sqlite3"
    result = run(f"sqlite:///{created}", ["db", "upgrade"], tmp_path)
    assert result.exit_code == 0 and created.exists(), result.output
    assert run(f"sqlite:///{created}", COMMANDS["definitions list"], tmp_path).exit_code == 0


def read_only(database_url: str) -> str:
    """The same database, opened so that every write fails as on a read-only file or a read-only replica."""
    if database_url.startswith("sqlite:///"):
        return f"sqlite:///file:{database_url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    return database_url + "?options=" + quote("-c default_transaction_read_only=on")


@pytest.mark.parametrize(
    "args",
    [
        ["user", "add", "budi", "--role", "operator_dukcapil", "--region", "73.12"],
        ["token", "issue", "--user", "andi"],
        ["token", "revoke", "--user", "andi"],
        ["user", "disable", "andi"],
    ],
)
def test_a_read_only_database_is_one_line_and_nothing_changes(args, database_url, session, tmp_path):
    add_user(session, "andi", "operator_dukcapil", "73.12")
    issue_token(session, user="andi")
    line = refusal(run(read_only(database_url), args, tmp_path, language="en"))
    assert line.startswith("Error: MPP_DATABASE_URL: ") and "read-only" in line, line
    session.expire_all()
    assert [u.username for u in session.query(User)] == ["andi"] and session.query(User).one().active
    assert session.query(ApiToken).filter(ApiToken.revoked_at.is_(None)).count() == 1


def test_reading_a_read_only_database_still_works(database_url, tmp_path):
    result = run(read_only(database_url), COMMANDS["definitions list"], tmp_path)
    assert result.exit_code == 0, result.output
