"""`/admin/akun`: the signed-in officer changes their own password (required after an admin's reset)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor, officer
from framework.services.officers import OfficerError, change_own_password
from framework.web.database import db_session


class AccountView(OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Kata sandi"), endpoint="akun", url="/admin/akun")

    def is_visible(self) -> bool:
        return False  # linked from the header

    @expose("/", methods=["GET", "POST"])
    def index(self) -> Any:
        errors: list = []
        if request.method == "POST":
            try:
                change_own_password(
                    db_session(), actor(), request.form.get("current", ""), request.form.get("password", "")
                )
            except OfficerError as refused:
                db_session().rollback()
                errors = refused.errors
            else:
                flash(_("Kata sandi diganti."))
                return redirect(url_for("admin.index"))
        found = officer()
        forced = bool(found and found[0].must_change_password)
        return self.render("mpp_admin/password.html", errors=errors, forced=forced), (422 if errors else 200)
