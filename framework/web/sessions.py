"""Sessions kept in the database; the cookie holds only a random token (issue 12, item 4).

Why not Flask's signed cookie: it carries the data itself, so the NIK was
readable in it, a copied cookie kept working after sign-out, and nothing on
the server could end it. Here the cookie is a random token and the row in
``web_sessions`` (found by the token's SHA-256) holds the data:

- sign-out deletes the row, so a copied cookie is dead everywhere;
- a session unused for ``MPP_SESSION_IDLE_MINUTES`` (default 30), or older
  than ``MPP_SESSION_MAX_HOURS`` (default 12), is gone;
- the token changes whenever the signed-in person changes (sign-in, sign-out),
  so a token planted before sign-in is worthless after it;
- a password change ends every session of the account (`end_sessions_of`):
  the officer who changed it stays signed in here, under a new token;
- every web process and machine reads the same rows (DESIGN.md: stateless web).

The session keys stay Flask's (``session["citizen_nik"]``, ``session["officer"]``),
so nothing that reads them changes.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from flask import Flask, Request, Response, current_app
from flask import session as flask_session
from flask.sessions import SessionInterface, SessionMixin, session_json_serializer
from sqlalchemy import Table, bindparam, delete, insert, select, update
from werkzeug.datastructures import CallbackDict

from framework.core.personal import KeyedDigester
from framework.core.settings import number_setting
from framework.services.officers import officer_subject
from framework.store.prepared import Prepared
from framework.store.security import WebSession
from framework.store.types import utcnow
from framework.web.api import is_api_path
from framework.web.database import side_connection

TOUCH_EVERY = timedelta(minutes=1)  # last_seen is written at most this often when nothing else changed
SUBJECT_KEYS = ("citizen_nik", "officer")


class ServerSession(CallbackDict[str, Any], SessionMixin):
    """The session dict; ``token`` is the cookie's value (None until first saved)."""

    def __init__(self, data: dict[str, Any] | None = None, token: str | None = None, loaded: bool = True) -> None:
        def changed(_self: Any) -> None:
            self.modified = True

        super().__init__(data or {}, changed)
        self.token = token
        self.loaded = loaded  # False: a static file's request, which never touches the table
        self.subject_at_open = subject_of(self)
        self.last_seen: datetime | None = None
        self.renewed = False  # True: written afresh under a new token at the end of the request
        self.modified = False


def subject_of(data: Any) -> str | None:
    """Who the session speaks for: ``citizen:<nik>``, ``officer:<username>`` or None."""
    if data.get("citizen_nik"):
        return f"citizen:{data['citizen_nik']}"
    officer = data.get("officer")
    if isinstance(officer, dict) and officer.get("username"):
        return officer_subject(officer["username"])
    return None


OWNER_FIELD = "_pemilik"  # a form's hidden marker of who it was drawn for (`owner_marker`)
OWNER_PURPOSE = b"mpp.form-owner.v1"  # the owner markers' key is derived from the secret key for this one use
OWNER_DIGESTER = "mpp.owner_digester"  # app.extensions: built once at start-up (`register`)
OWNER_CHARACTERS = 20


def owner_marker() -> str:
    """A keyed hash of who the request's session speaks for ("" for nobody): put in a form, it says, when the form
    comes back with a stale token, whether the person signed in now is the one who typed it (a shared desk). A
    hash, so the page never carries the NIK."""
    subject = subject_of(flask_session)
    if subject is None:
        return ""
    digester: KeyedDigester = current_app.extensions[OWNER_DIGESTER]
    return digester.digest(subject)[:OWNER_CHARACTERS]


def another_owner(posted_marker: str) -> bool:
    """A form drawn for one person posted while another is signed in (nobody signed in now is not another)."""
    current = owner_marker()
    return bool(posted_marker and current and posted_marker != current)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class DatabaseSessionInterface(SessionInterface):
    """Sessions in ``web_sessions``, read and written with Core statements on the request's side connection.

    An API request with a bearer token gets no session at all: the API
    authenticates by the token alone, so reading (and touching) a session
    row for it was a database round trip that decided nothing.
    """

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        if app.static_url_path and request.path.startswith(app.static_url_path + "/"):
            return ServerSession(loaded=False)
        if is_api_path(request.path) and request.headers.get("Authorization"):
            return ServerSession(loaded=False)
        token = request.cookies.get(self.get_cookie_name(app), "")
        if not token or len(token) > 128:
            return ServerSession()
        with side_connection(app) as connection, connection.begin():
            row = _BY_DIGEST.first(connection, {"id_hash": digest(token)})
        if row is None:
            return ServerSession()
        data, created_at, last_seen = row
        now = utcnow()
        if now - last_seen > idle_limit(app) or now - created_at > max_age(app):
            return ServerSession()
        opened = ServerSession(session_json_serializer.loads(data), token)
        opened.last_seen = last_seen
        return opened

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not isinstance(session, ServerSession) or not session.loaded:
            return
        subject = subject_of(session)
        rotate = subject != session.subject_at_open or session.renewed
        if session.token and (rotate or not session):
            self._delete(app, session.token)
        if not session:
            if session.token:
                response.delete_cookie(
                    self.get_cookie_name(app), path=self.get_cookie_path(app), domain=self.get_cookie_domain(app)
                )
            return
        if session.token is None or rotate:
            session.token = secrets.token_urlsafe(32)
            self._write(app, session, subject, new=True)
            self._set_cookie(app, session, response)
        elif session.modified or self._stale(session):
            self._write(app, session, subject, new=False)

    def _stale(self, session: ServerSession) -> bool:
        return session.last_seen is None or utcnow() - session.last_seen > TOUCH_EVERY

    def _write(self, app: Flask, session: ServerSession, subject: str | None, *, new: bool) -> None:
        """Insert a new row, or update the session's own; a row deleted meanwhile stays deleted.

        Why not insert a missing row: it was ended while this request ran (a
        sign-out elsewhere, a password change), and writing it back would let
        the ended session go on.
        """
        now = utcnow()
        values = {"data": session_json_serializer.dumps(dict(session)), "subject": subject, "last_seen": now}
        id_hash = digest(session.token or "")
        with side_connection(app) as connection, connection.begin():
            if new:
                connection.execute(insert(SESSIONS).values(id_hash=id_hash, created_at=now, **values))
            else:
                connection.execute(_TOUCH, {"key": id_hash, **values})

    def _delete(self, app: Flask, token: str) -> None:
        with side_connection(app) as connection, connection.begin():
            connection.execute(delete(SESSIONS).where(SESSIONS.c.id_hash == digest(token)))

    def _set_cookie(self, app: Flask, session: ServerSession, response: Response) -> None:
        response.set_cookie(
            self.get_cookie_name(app),
            session.token or "",
            httponly=self.get_cookie_httponly(app),
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
            path=self.get_cookie_path(app),
            domain=self.get_cookie_domain(app),
        )
        response.vary.add("Cookie")


def idle_limit(app: Flask) -> timedelta:
    return timedelta(minutes=float(app.config["MPP_SESSION_IDLE_MINUTES"]))


def max_age(app: Flask) -> timedelta:
    return timedelta(hours=float(app.config["MPP_SESSION_MAX_HOURS"]))


def end_sessions_of(app: Flask, subject: str, current: SessionMixin | None = None) -> int:
    """Delete every session of ``citizen:<nik>`` or ``officer:<username>`` (a changed or reset password).

    ``current``, when it is the same person's (an officer changing their own
    password), stays signed in under a new token: the old token, which may
    be the one someone else copied, is dead with the rest. Returns how many
    rows were deleted.
    """
    with side_connection(app) as connection, connection.begin():
        ended = connection.execute(delete(SESSIONS).where(SESSIONS.c.subject == subject)).rowcount
    if isinstance(current, ServerSession) and current.loaded and subject_of(current) == subject:
        current.renewed = True
    return int(ended or 0)


def session_ender(app: Flask, current: SessionMixin | None = None) -> Callable[[str], int]:
    """:func:`end_sessions_of` bound to ``app`` (and the request's own session, kept under a new token): the port a
    service that changes a password ends the account's sessions through (``framework.services.officers``)."""
    return functools.partial(end_sessions_of, app, current=current)


SESSIONS = cast(Table, WebSession.__table__)
_BY_DIGEST = Prepared(
    select(SESSIONS.c.data, SESSIONS.c.created_at, SESSIONS.c.last_seen).where(
        SESSIONS.c.id_hash == bindparam("id_hash")
    )
)
_TOUCH = (
    update(SESSIONS)
    .where(SESSIONS.c.id_hash == bindparam("key"))
    .values(data=bindparam("data"), subject=bindparam("subject"), last_seen=bindparam("last_seen"))
)


def register(app: Flask) -> None:
    """Sessions in the database; the cookie is HttpOnly, SameSite=Lax, and Secure (``__Host-``) in production."""
    production = app.config["MPP_ENV"] == "production"
    app.config["MPP_SESSION_IDLE_MINUTES"] = number_setting("MPP_SESSION_IDLE_MINUTES", 30, app.config)
    app.config["MPP_SESSION_MAX_HOURS"] = number_setting("MPP_SESSION_MAX_HOURS", 12, app.config)
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    if not app.config.get("SESSION_COOKIE_SAMESITE"):
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if production:
        app.config["SESSION_COOKIE_SECURE"] = True
        if app.config.get("SESSION_COOKIE_NAME", "session") == "session":
            app.config["SESSION_COOKIE_NAME"] = "__Host-session"  # Secure, Path=/, no Domain: no subdomain can set it
    app.session_interface = DatabaseSessionInterface()
    # a secret key rotated ends the open forms' markers as it ends their CSRF tokens
    app.extensions[OWNER_DIGESTER] = KeyedDigester.derived(str(app.config["SECRET_KEY"]), OWNER_PURPOSE)
