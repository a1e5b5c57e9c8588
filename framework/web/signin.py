"""Sign-in at web start-up: every installed sign-in method mounts itself.

Also `/keluar` (sign out) and who is signed in: a citizen is
``session["citizen_nik"]``, an officer or ministry user is
``session["officer"]`` = {username, role, region}.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, redirect, session

bp = Blueprint("signin", __name__)


def register(app: Flask) -> None:
    methods = app.extensions["mpp.plugins"].signin_methods
    for method_id in methods:
        methods.get(method_id).register(app)
    app.register_blueprint(bp)


def signed_in_citizen() -> str | None:
    return session.get("citizen_nik")


def signed_in_officer() -> dict[str, Any] | None:
    return session.get("officer")


@bp.route("/keluar", methods=["GET", "POST"])
def signout():  # type: ignore[no-untyped-def]
    for key in ("citizen_nik", "officer", "ikd_oidc"):
        session.pop(key, None)
    return redirect("/")
