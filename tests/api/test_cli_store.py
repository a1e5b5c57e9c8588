"""`mpp db upgrade`, `mpp user add`, `mpp token issue`, `mpp sla run` against the test database."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from framework.cli import main
from framework.store import ApiToken, User
from framework.store.accounts import actor_for_token, check_password


@pytest.fixture
def mpp(database_url, monkeypatch):
    monkeypatch.setenv("MPP_DATABASE_URL", database_url)
    runner = CliRunner()
    return lambda *args, **kwargs: runner.invoke(main, list(args), catch_exceptions=False, **kwargs)


def test_upgrade_is_idempotent(mpp):
    assert mpp("db", "upgrade").exit_code == 0
    assert mpp("db", "upgrade").output.strip() == "database is up to date"


def test_user_add_with_password_from_stdin_then_a_token(mpp, session):
    added = mpp("user", "add", "andi", "--role", "operator_dukcapil", "--region", "73.12", "--password-stdin", input="kata sandi panjang\n")
    assert added.exit_code == 0, added.output
    assert check_password(session, "andi", "kata sandi panjang") is not None and check_password(session, "andi", "salah") is None
    assert session.query(User).one().password_hash.startswith("$argon2")
    token = mpp("token", "issue", "--user", "andi").output.strip()
    actor = actor_for_token(session, token, "127.0.0.1")
    assert (actor.kind, actor.id, actor.role, actor.region) == ("officer", "andi", "operator_dukcapil", "73.12")
    assert token not in {row.token_hash for row in session.query(ApiToken)}  # only the hash is stored


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("user", "add", "Andi Besar", "--role", "operator"), "username"),
        (("user", "add", "andi", "--role", "operator", "--region", "Soppeng"), "region"),
        (("token", "issue", "--user", "nobody"), "no active user"),
        (("token", "issue", "--citizen", "123"), "16 digits"),
        (("token", "issue",), "exactly one"),
    ],
)
def test_bad_input_is_a_clear_usage_error(mpp, args, message):
    result = mpp(*args)
    assert result.exit_code == 2 and message in result.output


def test_citizen_tokens_are_refused_in_production(mpp, monkeypatch):
    assert mpp("token", "issue", "--citizen", "7312010101900001").output.startswith("mpp_")
    monkeypatch.setenv("MPP_ENV", "production")
    refused = mpp("token", "issue", "--citizen", "7312010101900001")
    assert refused.exit_code == 2 and "production" in refused.output


def test_sla_run_reports(mpp):
    result = mpp("sla", "run", "--now", "2026-08-18T10:00+07:00")
    assert result.exit_code == 0 and result.output.startswith("overdue flagged: 0; auto-actions: 0")
    assert mpp("sla", "run", "--now", "2026-08-18T10:00").exit_code == 2
