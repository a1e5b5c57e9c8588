"""Sign-in at web start-up: every installed sign-in method mounts itself.

Also `/keluar` (sign out, POST with a CSRF token only) and who is signed in: a
citizen is ``session["citizen_nik"]``, an officer or ministry user is
``session["officer"]`` = {username, role, region}. The session lives in the
database (framework.web.sessions); an officer whose account was disabled is
signed out on their next request.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, redirect, session
from flask.typing import ResponseReturnValue

from framework.web.plugins import registries_of
from framework.web.simple_pages import checks_csrf_itself

bp = Blueprint("signin", __name__)


def register(app: Flask) -> None:
    methods = registries_of(app).signin_methods
    for method_id in methods:
        methods.get(method_id).register(app)
    app.before_request(_end_disabled_officer)
    app.register_blueprint(bp)


def signed_in_citizen() -> str | None:
    return session.get("citizen_nik")


def signed_in_officer() -> dict[str, Any] | None:
    return session.get("officer")


def _end_disabled_officer() -> None:
    """A disabled (or deleted) account's sessions die on their next use, on every machine."""
    officer = session.get("officer")
    if not isinstance(officer, dict):
        return
    from sqlalchemy import select

    from framework.store.models import User
    from framework.web.database import db_session

    username = str(officer.get("username", ""))
    active = db_session().scalar(select(User.active).where(User.username == username))
    if not active:
        session.clear()


@bp.post("/keluar")
@checks_csrf_itself
def signout() -> ResponseReturnValue:
    """End the session: its row is deleted, so a copy of the cookie is dead too. CSRF-checked."""
    from flask_babel import gettext as _

    from framework.web.simple_pages import EXPIRED, csrf_ok, message_page

    if not csrf_ok():
        return message_page(_("Keluar"), str(EXPIRED), 400)
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    return redirect("/")
