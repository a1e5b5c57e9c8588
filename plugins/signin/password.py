"""Officers and ministry staff sign in with username and password (`/masuk/petugas`).

The hash check is argon2 (`framework.services.accounts`); the session then
holds ``officer = {username, role, region}``. The same message answers a
wrong username and a wrong password, and an unknown username costs the same
argon2 work, so usernames cannot be probed. Every checked attempt goes into
the audit trail. Guessing is slowed by `framework.services.signin_throttle`:
a progressive delay per account and per address, counted in the database so
every process and machine sees the same attempts, and never a lock-out that
someone else's failures could keep in place.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, request, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from framework.web.simple_pages import reports_nul_itself
from plugins.signin.pages import EXPIRED, checks_csrf_itself, csrf_ok, render, safe_next

bp = Blueprint("signin_password", __name__, url_prefix="/masuk/petugas", template_folder="templates")

WRONG = _l("Nama pengguna atau kata sandi salah.")
INVALID_CHARACTER = _l("Nama pengguna atau kata sandi berisi karakter yang tidak sah.")


def _form(message: str = "", status: int = 200, username: str = "") -> Any:
    """The sign-in form; a refusal is named above it, the typed username kept (never the password)."""
    return render("signin/password.html", status, message=message, next=safe_next("/admin/"), username=username)


@bp.route("", methods=["GET", "POST"])
@checks_csrf_itself
@reports_nul_itself
def signin() -> ResponseReturnValue:
    if request.method == "GET":
        return _form()
    username = request.form.get("username", "").strip().lower()
    if not csrf_ok():
        return _form(str(EXPIRED), 400, username)
    if "\x00" in username or "\x00" in request.form.get("password", ""):
        return _form(str(INVALID_CHARACTER), 422)
    from framework.services import audit_trail, signin_throttle
    from framework.web.database import db_session
    from framework.workflow.actors import Actor

    database, address = db_session(), request.remote_addr or "-"
    user = signin_throttle.attempt(database, username, address, request.form.get("password", ""))
    if isinstance(user, signin_throttle.Refused):
        text = _("Terlalu banyak percobaan gagal; coba lagi dalam %(seconds)s detik.", seconds=user.retry_after)
        answer, status = _form(text, 429, username)
        return answer, status, {"Retry-After": str(user.retry_after)}
    if user is None:
        audit_trail.record(
            database,
            Actor.officer(username[:80] or "-", "unknown", None, request.remote_addr),
            "signin.failed",
            username[:64] or "-",
        )
        database.commit()
        return _form(str(WRONG), 401, username)
    audit_trail.record(
        database,
        Actor.officer(user.username, user.role, user.region, request.remote_addr),
        "signin",
        user.username,
        {"method": "password"},
    )
    database.commit()
    session.pop("citizen_nik", None)
    session["officer"] = {"username": user.username, "role": user.role, "region": user.region}
    return redirect(safe_next("/admin/"))
