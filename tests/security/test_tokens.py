"""Issue 12, item 6 (the part of this branch): bearer tokens expire; a disabled user's tokens and sessions die."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from framework.services.accounts import AccountError, add_user, issue_token, token_ttl
from framework.store.models import ApiToken, User
from framework.store.types import utcnow


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_new_token_expires_after_the_configured_time(session, monkeypatch):
    add_user(session, "verifikator.gowa", "verifikator", "73.06")
    issue_token(session, user="verifikator.gowa")
    monkeypatch.setenv("MPP_TOKEN_TTL", "12h")
    issue_token(session, user="verifikator.gowa")
    lifetimes = [row.expires_at - row.created_at for row in session.scalars(select(ApiToken).order_by(ApiToken.id))]
    assert [round(life.total_seconds() / 3600) for life in lifetimes] == [30 * 24, 12]


@pytest.mark.parametrize("text", ["0", "abc", "-5d", "12w"])
def test_a_bad_token_lifetime_is_refused(text):
    with pytest.raises(AccountError, match="MPP_TOKEN_TTL"):
        token_ttl(text)


def test_an_expired_token_is_refused(client, session):
    add_user(session, "verifikator.gowa", "verifikator", "73.06")
    token = issue_token(session, user="verifikator.gowa")
    assert client.get("/api/v1/applications/AAAAAAAAAAAAAAAA", headers=bearer(token)).status_code == 400
    session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    assert client.get("/api/v1/applications/AAAAAAAAAAAAAAAA", headers=bearer(token)).status_code == 401


def test_a_disabled_users_token_dies(client, session):
    add_user(session, "verifikator.gowa", "verifikator", "73.06")
    token = issue_token(session, user="verifikator.gowa")
    session.execute(update(User).where(User.username == "verifikator.gowa").values(active=False))
    session.commit()
    assert client.get("/api/v1/applications/AAAAAAAAAAAAAAAA", headers=bearer(token)).status_code == 401


def test_the_cli_token_expires(database_url, monkeypatch, session):
    from click.testing import CliRunner

    from framework.cli import main

    add_user(session, "verifikator.gowa", "verifikator", "73.06")
    monkeypatch.setenv("MPP_DATABASE_URL", database_url)
    monkeypatch.setenv("MPP_TOKEN_TTL", "90m")
    assert CliRunner().invoke(main, ["token", "issue", "--user", "verifikator.gowa"]).exit_code == 0
    session.expire_all()
    row = session.scalar(select(ApiToken))
    assert row.expires_at is not None and abs((row.expires_at - utcnow()) - timedelta(minutes=90)) < timedelta(
        minutes=5
    )
