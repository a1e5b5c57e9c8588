"""Officers and ministry staff sign in with username and password (`/masuk/petugas`).

The hash check is `framework.store.accounts.check_password` (argon2); the
session then holds ``officer = {username, role, region}``. The same message
answers a wrong username and a wrong password, so usernames cannot be probed.
"""

from __future__ import annotations

from flask import Blueprint, redirect, request, session

from .pages import EXPIRED, csrf_field, csrf_ok, page, safe_next

bp = Blueprint("signin_password", __name__, url_prefix="/masuk/petugas")

FORM = """<form method="post">{{ csrf|safe }}<input type="hidden" name="next" value="{{ next }}">
<label>Nama pengguna <span lang="en">/ Username</span><input name="username" autocomplete="username" required value="{{ username }}"></label>
<label>Kata sandi <span lang="en">/ Password</span><input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Masuk <span lang="en">/ Sign in</span></button></form>"""
TITLE = "Masuk petugas / Officer sign-in"
WRONG = "Nama pengguna atau kata sandi salah. / Wrong username or password."


@bp.route("", methods=["GET", "POST"])
def signin():  # type: ignore[no-untyped-def]
    if request.method == "GET":
        return page(TITLE, FORM, csrf=csrf_field(), next=safe_next("/admin/"), username="")
    username = request.form.get("username", "").strip().lower()
    if not csrf_ok():
        return page(TITLE, FORM, EXPIRED, 400, csrf=csrf_field(), next=safe_next("/admin/"), username=username)
    from framework.store.accounts import check_password
    from framework.store.web import db_session

    user = check_password(db_session(), username, request.form.get("password", ""))
    if user is None:
        return page(TITLE, FORM, WRONG, 401, csrf=csrf_field(), next=safe_next("/admin/"), username=username)
    session.pop("citizen_nik", None)
    session["officer"] = {"username": user.username, "role": user.role, "region": user.region}
    return redirect(safe_next("/admin/"))
