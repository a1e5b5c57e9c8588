"""Issue 12, items 1–3: a production start refuses unsafe set-ups, with a clear message and no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mpp_testing import PUBLIC_URL, STRONG_SECRET
from mpp_testing import production_settings as production_config

from framework.core.production import secret_problem
from framework.web import ProductionRefused


def test_a_complete_production_configuration_starts(make_app, database_url):
    app = make_app(**production_config(database_url))
    assert app.config["MPP_ENV"] == "production"


@pytest.mark.parametrize(
    "secret",
    [
        "x",
        "production-secret",
        "a-real-secret",
        "change-me-change-me-change-me-change-me",  # a known example value
        "a" * 64,  # long, but one character repeated
        "0123456789" * 5,  # long, but a pattern
    ],
)
def test_weak_secret_keys_are_refused(make_app, database_url, secret):
    with pytest.raises(ProductionRefused, match="MPP_SECRET_KEY"):
        make_app(**production_config(database_url, SECRET_KEY=secret))


def test_random_secret_keys_pass_the_entropy_rule():
    import secrets

    for _ in range(50):
        assert secret_problem(secrets.token_urlsafe(32)) is None
        assert secret_problem(secrets.token_hex(32)) is None


def test_missing_database_url_is_refused_in_production(make_app, monkeypatch):
    monkeypatch.delenv("MPP_DATABASE_URL", raising=False)
    config = production_config("")
    config["MPP_DATABASE_URL"] = None
    with pytest.raises(ProductionRefused, match="MPP_DATABASE_URL"):
        make_app(**config)


def test_the_development_database_file_is_refused_in_production(make_app, monkeypatch, tmp_path):
    monkeypatch.setenv("MPP_INSTANCE", str(tmp_path))
    with pytest.raises(ProductionRefused, match="MPP_DATABASE_URL"):
        make_app(**production_config(f"sqlite:///{tmp_path / 'mpp.sqlite3'}"))


@pytest.mark.parametrize("url", [None, "", "http://mpp.example.go.id", "mpp.example.go.id"])
def test_a_missing_or_plain_http_public_url_is_refused(make_app, database_url, url):
    with pytest.raises(ProductionRefused, match="MPP_PUBLIC_URL"):
        make_app(**production_config(database_url, MPP_PUBLIC_URL=url))


def test_every_problem_is_named_at_once(make_app, database_url):
    with pytest.raises(ProductionRefused) as refused:
        make_app(**production_config(database_url, SECRET_KEY="x", MPP_PUBLIC_URL=None))
    assert "MPP_SECRET_KEY" in str(refused.value) and "MPP_PUBLIC_URL" in str(refused.value)


def test_demo_accounts_are_refused_in_production(make_app, database_url, session):
    from framework.services.accounts import add_user

    add_user(session, "demo.operator-dukcapil.73.12", "operator_dukcapil", "73.12", password_hash="x")
    with pytest.raises(ProductionRefused, match="demo"):
        make_app(**production_config(database_url))


def test_a_demo_seeded_database_is_refused_even_after_its_officers_are_gone(make_app, database_url, session):
    """The demo's applications were filed by synthetic citizens: the seed marker outlives the demo officers."""
    from framework.services.deployment import record_demo_seed

    record_demo_seed(session, "test")
    session.commit()
    with pytest.raises(ProductionRefused, match="demo"):
        make_app(**production_config(database_url))


def test_the_demo_seed_records_its_marker(session, tmp_path, monkeypatch, reference_catalog):
    from framework.services.deployment import demo_seeded
    from framework.storage import LocalStorage
    from plugins.sandbox import demo

    monkeypatch.setenv("MPP_ENV", "development")
    assert not demo_seeded(session)
    demo.seed(session, catalog=reference_catalog, count=1, storage=LocalStorage(tmp_path / "uploads"))
    assert demo_seeded(session)


def test_gunicorn_refuses_with_a_message_and_no_traceback(database_url, tmp_path):
    """What an operator sees: one clear message per problem, gunicorn stops (no restart loop), no traceback."""
    environment = {
        **os.environ,
        "MPP_ENV": "production",
        "MPP_SECRET_KEY": "x",
        "MPP_DATABASE_URL": database_url,
        "MPP_PUBLIC_URL": PUBLIC_URL,
        "MPP_INSTANCE": str(tmp_path),
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    finished = subprocess.run(
        [str(gunicorn), "--bind", "127.0.0.1:0", "--workers", "1", "framework.web:create_app()"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode != 0
    assert "MPP_SECRET_KEY" in finished.stderr and "Traceback" not in finished.stderr


def test_the_worker_refuses_the_same_set_ups(database_url, monkeypatch, session):
    from click.testing import CliRunner

    from framework.cli import main
    from framework.services.accounts import add_user

    add_user(session, "demo.verifikator.73.12", "verifikator", "73.12", password_hash="x")
    monkeypatch.setenv("MPP_ENV", "production")
    monkeypatch.setenv("MPP_DATABASE_URL", database_url)
    monkeypatch.setenv("MPP_SECRET_KEY", STRONG_SECRET)
    monkeypatch.setenv("MPP_PUBLIC_URL", PUBLIC_URL)
    monkeypatch.setenv("MPP_IKD_URL", "https://ikd.example.go.id")
    refused = CliRunner().invoke(main, ["worker", "--once"])
    assert refused.exit_code != 0 and "demo" in refused.output


@pytest.mark.parametrize("value", ["Production", "prod", "staging"])
def test_a_mistyped_environment_stops_the_cli_and_the_app_instead_of_meaning_development(value, monkeypatch, make_app):
    """`MPP_ENV=Production` once ran the sandbox sign-in and a weak secret: development, silently."""
    from click.testing import CliRunner

    from framework.cli import main
    from framework.web import StartupError

    monkeypatch.setenv("MPP_ENV", value)
    issued = CliRunner().invoke(main, ["token", "issue", "--citizen", "3203011205820001"])
    assert issued.exit_code == 1 and f"MPP_ENV=`{value}` is not known" in issued.output
    assert "Traceback" not in issued.output
    with pytest.raises(StartupError, match=f"MPP_ENV=`{value}` tidak dikenal"):
        make_app()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MPP_SESSION_IDLE_MINUTES", "abc"),
        ("MPP_SESSION_MAX_HOURS", "-1"),
        ("MPP_PROXY_HOPS", "abc"),
        ("MPP_PROXY_HOPS", "1.5"),
    ],
)
def test_a_number_setting_that_cannot_be_used_is_named_at_start(name, value, monkeypatch, make_app):
    from framework.web import StartupError

    monkeypatch.setenv(name, value)
    with pytest.raises(StartupError, match=f"{name}=`{value}`"):
        make_app()


@pytest.mark.parametrize("audit_key", [None, "", "x", "mpp-development-audit-key", "a" * 64])
def test_a_missing_or_weak_audit_key_is_refused(make_app, database_url, audit_key):
    """MPP_AUDIT_KEY keys the audit trail's NIK digests; production has no default for it."""
    with pytest.raises(ProductionRefused, match="MPP_AUDIT_KEY"):
        make_app(**production_config(database_url, MPP_AUDIT_KEY=audit_key))


def test_the_audit_key_must_not_be_the_secret_key(make_app, database_url):
    """The secret key may be rotated at will; under it, every earlier look-up would stop matching."""
    with pytest.raises(ProductionRefused, match="MPP_AUDIT_KEY sama dengan MPP_SECRET_KEY"):
        make_app(**production_config(database_url, MPP_AUDIT_KEY=STRONG_SECRET))
