"""Officers and ministry staff sign in with username and password (`/masuk/petugas`).

The hash check is `framework.services.accounts.check_password` (argon2); the
session then holds ``officer = {username, role, region}``. The same message
answers a wrong username and a wrong password, so usernames cannot be probed.
Every attempt goes into the audit trail; after `MAX_FAILURES` failures for a
username within `WINDOW` further attempts are refused for a while, whatever
the password (which slows guessing without telling whether the user exists).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, redirect, request, session

from plugins.signin.pages import EXPIRED, csrf_field, csrf_ok, page, safe_next

bp = Blueprint("signin_password", __name__, url_prefix="/masuk/petugas")

FORM = """<form method="post">{{ csrf|safe }}<input type="hidden" name="next" value="{{ next }}">
<label>Nama pengguna <span lang="en">/ Username</span><input name="username" autocomplete="username" required value="{{ username }}"></label>
<label>Kata sandi <span lang="en">/ Password</span><input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Masuk <span lang="en">/ Sign in</span></button></form>"""
TITLE = "Masuk petugas / Officer sign-in"
WRONG = "Nama pengguna atau kata sandi salah. / Wrong username or password."
LOCKED = "Terlalu banyak percobaan gagal; coba lagi 15 menit lagi. / Too many failed attempts; try again in 15 minutes."
MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)


def recent_failures(database: Any, username: str) -> int:
    """Failed sign-ins for ``username`` within `WINDOW` (from the audit trail)."""
    from sqlalchemy import func, select

    from framework.store.models import AuditEvent
    from framework.store.types import utcnow

    since = utcnow() - WINDOW
    query = (
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.target == (username[:64] or "-"), AuditEvent.action == "signin.failed", AuditEvent.at >= since
        )
    )
    return int(database.scalar(query) or 0)


@bp.route("", methods=["GET", "POST"])
def signin():  # type: ignore[no-untyped-def]
    if request.method == "GET":
        return page(TITLE, FORM, csrf=csrf_field(), next=safe_next("/admin/"), username="")
    username = request.form.get("username", "").strip().lower()
    if not csrf_ok():
        return page(TITLE, FORM, EXPIRED, 400, csrf=csrf_field(), next=safe_next("/admin/"), username=username)
    from framework.services import audit_trail
    from framework.services.accounts import check_password
    from framework.web.database import db_session
    from framework.workflow.actors import Actor

    database = db_session()
    if recent_failures(database, username) >= MAX_FAILURES:
        return page(TITLE, FORM, LOCKED, 429, csrf=csrf_field(), next=safe_next("/admin/"), username=username)
    user = check_password(database, username, request.form.get("password", ""))
    if user is None:
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
    database.commit()
    session.pop("citizen_nik", None)
    session["officer"] = {"username": user.username, "role": user.role, "region": user.region}
    return redirect(safe_next("/admin/"))
