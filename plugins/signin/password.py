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

from flask import Blueprint, redirect, request, session

from plugins.signin.pages import EXPIRED, csrf_field, csrf_ok, page, safe_next

bp = Blueprint("signin_password", __name__, url_prefix="/masuk/petugas")

FORM = """<form method="post">{{ csrf|safe }}<input type="hidden" name="next" value="{{ next }}">
<label>Nama pengguna <span lang="en">/ Username</span><input name="username" autocomplete="username" required value="{{ username }}"></label>
<label>Kata sandi <span lang="en">/ Password</span><input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Masuk <span lang="en">/ Sign in</span></button></form>"""
TITLE = "Masuk petugas / Officer sign-in"
WRONG = "Nama pengguna atau kata sandi salah. / Wrong username or password."
INVALID_CHARACTER = "Nama pengguna atau kata sandi berisi karakter yang tidak sah. / The username or password contains an invalid character."
TOO_SOON = "Terlalu banyak percobaan gagal; coba lagi dalam {seconds} detik. / Too many failed attempts; try again in {seconds} seconds."


@bp.route("", methods=["GET", "POST"])
def signin():  # type: ignore[no-untyped-def]
    if request.method == "GET":
        return page(TITLE, FORM, csrf=csrf_field(), next=safe_next("/admin/"), username="")
    username = request.form.get("username", "").strip().lower()
    if not csrf_ok():
        return page(TITLE, FORM, EXPIRED, 400, csrf=csrf_field(), next=safe_next("/admin/"), username=username)
    if "\x00" in username or "\x00" in request.form.get("password", ""):
        return page(TITLE, FORM, INVALID_CHARACTER, 422, csrf=csrf_field(), next=safe_next("/admin/"), username="")
    from framework.services import audit_trail, signin_throttle
    from framework.web.database import db_session
    from framework.workflow.actors import Actor

    database, address = db_session(), request.remote_addr or "-"
    refused = signin_throttle.reserve(database, username[:80], address)
    if refused is not None:
        text = TOO_SOON.format(seconds=refused.retry_after)
        answer, status = page(TITLE, FORM, text, 429, csrf=csrf_field(), next=safe_next("/admin/"), username=username)
        return answer, status, {"Retry-After": str(refused.retry_after)}
    user = signin_throttle.verify(database, username, request.form.get("password", ""))
    if user is None:
        signin_throttle.failed(database, username[:80], address)
        audit_trail.record(
            database,
            Actor.officer(username[:80] or "-", "unknown", None, request.remote_addr),
            "signin.failed",
            username[:64] or "-",
        )
        database.commit()
        return page(TITLE, FORM, WRONG, 401, csrf=csrf_field(), next=safe_next("/admin/"), username=username)
    audit_trail.record(
        database,
        Actor.officer(user.username, user.role, user.region, request.remote_addr),
        "signin",
        user.username,
        {"method": "password"},
    )
    signin_throttle.succeeded(database, user.username, address)
    database.commit()
    session.pop("citizen_nik", None)
    session["officer"] = {"username": user.username, "role": user.role, "region": user.region}
    return redirect(safe_next("/admin/"))
