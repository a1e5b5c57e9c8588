"""`/admin/akun`: the signed-in officer changes their own password (required after an admin's reset).

A change ends the account's other sessions (one left open at another desk, or a copied cookie) and gives this one
a new token; wrong current passwords are throttled like failed sign-ins (429 while refused).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, request, session, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor, officer
from framework.core.errors import FieldError
from framework.services.officers import TOO_MANY_ATTEMPTS, OfficerError, change_own_password
from framework.web.database import db_session
from framework.web.sessions import session_ender


class AccountView(OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Kata sandi"), endpoint="akun", url="/admin/akun")

    def is_visible(self) -> bool:
        return False  # linked from the header

    @expose("/", methods=["GET", "POST"])
    def index(self) -> Any:
        errors: list[FieldError] = []
        if request.method == "POST":
            who = actor()
            try:
                change_own_password(
                    db_session(),
                    who,
                    request.form.get("current", ""),
                    request.form.get("password", ""),
                    end_sessions=session_ender(current_app, session),
                )
            except OfficerError as refused:
                db_session().rollback()
                errors = refused.errors
            else:
                flash(_("Kata sandi diganti; sesi lain akun ini sudah diakhiri."))
                return redirect(url_for("admin.index"))
        found = officer()
        forced = bool(found and found[0].must_change_password)
        page = self.render("mpp_admin/password.html", errors=errors, forced=forced)
        if any(error.code == TOO_MANY_ATTEMPTS for error in errors):
            return page, 429
        return page, (422 if errors else 200)
