"""`/admin/petugas`: a regional admin manages the officers of their region.

Add, change role or area, disable or enable, reset a password — each through
`framework.services.officers`, which applies the checks `mpp user add` applies
(roles the region's definitions declare, real region codes, strong passwords)
and keeps the admin inside their region.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor, is_regional_admin, officer_catalog
from framework.core.errors import nul_errors, shown_nul
from framework.forms.regions import region_table
from framework.services import officers
from framework.web.database import db_session
from framework.web.sessions import session_ender
from framework.web.simple_pages import reports_nul_itself
from framework.workflow.actors import Actor
from framework.workflow.areas import inside


def region_choices(scope: str) -> list[tuple[str, str]]:
    """Every region of the reference data inside ``scope``, by code (kab/kota, kecamatan, desa)."""
    return sorted((code, region.name) for code, region in region_table().by_code.items() if inside(code, scope))


class OfficersView(OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Petugas"), endpoint="petugas", url="/admin/petugas")

    def allowed(self, who: Actor) -> bool:
        return is_regional_admin(who)

    def _list(self, typed: dict[str, str], errors: list, status: int = 200) -> Any:
        who = actor()
        return self.render(
            "mpp_admin/officers.html",
            officers=officers.officers_in(db_session(), who.region or "-"),
            roles=officers.roles_offered(officer_catalog(), who.region or ""),
            regions=region_choices(who.region or "-"),
            typed=typed,
            errors=errors,
        ), status

    @expose("/", methods=["GET", "POST"])
    def index(self) -> Any:
        if request.method == "GET":
            return self._list({}, [])
        typed = {name: request.form.get(name, "").strip() for name in ("username", "role", "region")}
        try:
            officers.create_officer(
                db_session(),
                officer_catalog(),
                typed["username"].lower(),
                typed["role"],
                typed["region"],
                request.form.get("password", ""),
                by=actor(),
            )
        except officers.OfficerError as refused:
            db_session().rollback()
            return self._list(typed, refused.errors, 422)
        flash(_("Petugas %(username)s ditambahkan.", username=typed["username"].lower()))
        return redirect(url_for("petugas.index"))

    def _managed(self, username: str) -> Any:
        try:
            return officers.managed_user(db_session(), username, actor())
        except LookupError:
            abort(404)

    def _edit(self, username: str, typed: dict[str, str], errors: list, status: int = 200, temporary: str = "") -> Any:
        user = self._managed(username)
        who = actor()
        return self.render(
            "mpp_admin/officer.html",
            user=user,
            roles=officers.roles_offered(officer_catalog(), who.region or ""),
            regions=region_choices(who.region or "-"),
            typed={"role": user.role, "region": user.region or "", "tte_nik": user.tte_nik or "", **typed},
            errors=errors,
            temporary=temporary,
        ), status

    @expose("/<username>", methods=["GET", "POST"])
    def edit(self, username: str) -> Any:
        if request.method == "GET":
            return self._edit(username, {}, [])
        typed = {name: request.form.get(name, "").strip() for name in ("role", "region")}
        self._managed(username)
        try:
            officers.update_officer(
                db_session(), officer_catalog(), username, typed["role"], typed["region"], by=actor()
            )
        except officers.OfficerError as refused:
            db_session().rollback()
            return self._edit(username, typed, refused.errors, 422)
        flash(_("Peran dan wilayah %(username)s diperbarui.", username=username))
        return redirect(url_for("petugas.edit", username=username))

    @expose("/<username>/tte", methods=["POST"])
    @reports_nul_itself
    def tte(self, username: str) -> Any:
        """The NIK of the officer's own electronic certificate: blank leaves the signature to the office's seal."""
        typed = {"tte_nik": request.form.get("tte_nik", "").strip()}
        self._managed(username)
        if with_nul := nul_errors(typed):  # back as typed, the NUL shown where it was
            return self._edit(username, {"tte_nik": shown_nul(typed["tte_nik"])}, with_nul, 422)
        try:
            officers.set_tte_nik(db_session(), username, typed["tte_nik"], by=actor())
        except officers.OfficerError as refused:
            db_session().rollback()
            return self._edit(username, typed, refused.errors, 422)
        flash(
            _("%(username)s menandatangani dengan sertifikat elektroniknya sendiri.", username=username)
            if typed["tte_nik"]
            else _("Dokumen %(username)s disegel dengan sertifikat kantor.", username=username)
        )
        return redirect(url_for("petugas.edit", username=username))

    @expose("/<username>/status", methods=["POST"])
    def status(self, username: str) -> Any:
        self._managed(username)
        active = request.form.get("active") == "1"
        officers.set_active(db_session(), username, active, by=actor())
        flash(
            _("Akun %(username)s diaktifkan.", username=username)
            if active
            else _("Akun %(username)s dinonaktifkan; tokennya dicabut.", username=username)
        )
        return redirect(url_for("petugas.edit", username=username))

    @expose("/<username>/kata-sandi", methods=["POST"])
    def reset(self, username: str) -> Any:
        self._managed(username)
        temporary = officers.reset_password(db_session(), username, by=actor(), end_sessions=session_ender(current_app))
        return self._edit(username, {}, [], temporary=temporary)
