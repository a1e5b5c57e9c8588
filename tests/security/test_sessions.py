"""Issue 12, item 4: sign-out ends the session everywhere, no NIK in the cookie, inactivity expiry, POST sign-out."""

from __future__ import annotations

import base64
import binascii
import contextlib
import re
import zlib
from datetime import timedelta

import pytest
from mpp_testing import production_settings
from sqlalchemy import select, update

from framework.services.accounts import add_user
from framework.store.security import WebSession
from framework.store.types import utcnow
from plugins.sandbox.population import population


@pytest.fixture
def app(make_app):
    return make_app()


def csrf(client, path="/layanan/"):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in_citizen(client):
    nik = population().mothers()[0].nik
    answer = client.post("/masuk/ikd/sandbox", data={"nik": nik, "csrf_token": csrf(client, "/masuk/ikd")})
    assert answer.status_code == 302
    return nik


def cookie_value(client, app):
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return cookie.value if cookie else None


def signed_in_as(client):
    with client.session_transaction() as session:
        return session.get("citizen_nik") or (session.get("officer") or {}).get("username")


def test_a_copied_cookie_dies_at_sign_out(app):
    browser = app.test_client()
    nik = sign_in_citizen(browser)
    copied = cookie_value(browser, app)
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], copied)
    assert signed_in_as(thief) == nik  # the copy works while the session lives
    assert browser.post("/keluar", data={"csrf_token": csrf(browser)}).status_code == 302
    assert signed_in_as(browser) is None
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], copied)
    assert signed_in_as(thief) is None
    assert thief.get("/kotak-masuk").status_code == 302  # sent to sign in


def _decodings(value: str):
    """Every readable form of the cookie: raw, and each dot-separated part base64- (and zlib-) decoded."""
    yield value
    for part in value.split("."):
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            continue
        yield raw.decode("latin-1")
        with contextlib.suppress(zlib.error):
            yield zlib.decompress(raw).decode("latin-1")


def test_the_cookie_holds_no_nik(app):
    browser = app.test_client()
    nik = sign_in_citizen(browser)
    value = cookie_value(browser, app)
    assert value and not any(nik in text for text in _decodings(value))


def test_an_idle_session_expires(app, session):
    browser = app.test_client()
    sign_in_citizen(browser)
    assert signed_in_as(browser)
    idle = timedelta(minutes=app.config["MPP_SESSION_IDLE_MINUTES"] + 1)
    session.execute(update(WebSession).values(last_seen=utcnow() - idle))
    session.commit()
    assert browser.get("/kotak-masuk").status_code == 302
    assert signed_in_as(browser) is None


def test_sign_out_needs_post_and_a_csrf_token(app):
    browser = app.test_client()
    nik = sign_in_citizen(browser)
    assert browser.get("/keluar").status_code == 405
    assert browser.post("/keluar").status_code == 400  # no token: a cross-site form cannot sign anyone out
    assert signed_in_as(browser) == nik


def test_signing_in_changes_the_session_token(app):
    """A token planted before sign-in (session fixation) is worthless after it."""
    browser = app.test_client()
    token = csrf(browser, "/masuk/ikd")
    before = cookie_value(browser, app)
    nik = population().mothers()[0].nik
    browser.post("/masuk/ikd/sandbox", data={"nik": nik, "csrf_token": token})
    assert cookie_value(browser, app) != before
    planted = app.test_client()
    planted.set_cookie(app.config["SESSION_COOKIE_NAME"], before)
    assert signed_in_as(planted) is None


def test_a_disabled_officers_session_dies(make_app, session):
    from framework.store.models import User

    app = make_app(WTF_CSRF_ENABLED=False)
    add_user(session, "petugas.satu", "operator_dukcapil", "73.12", "kata-sandi-yang-panjang-sekali")
    browser = app.test_client()
    browser.post("/masuk/petugas", data={"username": "petugas.satu", "password": "kata-sandi-yang-panjang-sekali"})
    assert signed_in_as(browser) == "petugas.satu"
    session.execute(update(User).where(User.username == "petugas.satu").values(active=False))
    session.commit()
    browser.get("/layanan/")
    assert signed_in_as(browser) is None
    assert session.scalar(select(WebSession.subject).where(WebSession.subject == "officer:petugas.satu")) is None


def test_session_cookie_flags(make_app, database_url):
    development = make_app().test_client()
    sign_in_citizen(development)
    production = make_app(**production_settings(database_url))
    for app, secure in ((development.application, False), (production, True)):
        browser = app.test_client()
        answer = browser.get("/lacak/?lang=en")  # the language choice starts a session
        cookie = answer.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("Secure" in cookie) is secure
    assert production.config["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_a_requests_side_work_shares_one_connection_closed_when_it_ends(app):
    """Session row, draft and rate counters use one connection per request, and leave no transaction open."""
    from sqlalchemy import text

    from framework.web.database import side_connection

    with app.test_request_context("/"):
        with side_connection(app) as first, first.begin():
            first.execute(text("SELECT 1"))
        with side_connection(app) as again:
            assert again is first and not again.in_transaction()
            again.execute(text("SELECT 1"))  # autobegun and not ended by the caller: rolled back on leaving
        assert not first.in_transaction() and not first.closed
    assert first.closed
    with side_connection(app) as outside, outside.begin():
        outside.execute(text("SELECT 1"))
    assert outside is not first and outside.closed


def test_the_first_requests_of_a_threaded_worker_make_one_engine(make_app, monkeypatch):
    """Two engines made at once leaked the loser's pooled connections (PostgreSQL warned of them)."""
    import threading
    import time

    import framework.web.database as database

    app = make_app()
    made = []
    real = database.make_engine

    def slow_make_engine(url):
        made.append(url)
        time.sleep(0.05)  # long enough for every thread to arrive while the first is still making it
        return real(url)

    monkeypatch.setattr(database, "make_engine", slow_make_engine)
    start, found = threading.Barrier(8), []

    def first_request() -> None:
        start.wait()
        found.append(database.sessions(app))

    threads = [threading.Thread(target=first_request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1 and len({id(factory) for factory in found}) == 1


def test_a_session_ended_while_its_request_runs_stays_ended(make_app):
    """A request that changed its session wrote the row back after a password change had deleted it."""
    from flask import session as flask_session

    from framework.web.sessions import end_sessions_of

    app = make_app()

    def ended_meanwhile() -> str:
        end_sessions_of(app, f"citizen:{flask_session['citizen_nik']}")  # as another tab's password change would
        flask_session["seen"] = True  # this request still writes its session at the end
        return "ok"

    app.add_url_rule("/_ended-meanwhile", view_func=ended_meanwhile)
    browser = app.test_client()
    nik = sign_in_citizen(browser)
    assert signed_in_as(browser) == nik
    assert browser.get("/_ended-meanwhile").status_code == 200
    assert signed_in_as(browser) is None
