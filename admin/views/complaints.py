"""`/admin/pengaduan`: complaints about the region's applications, and the agency's answer to each.

Only the region's complaints handler (its admin) opens this screen; the officers of the steps never do, since a
complaint may be about them (`framework.services.complaint_answers`).
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor, decides_here
from admin.views.case import kept
from framework.core.errors import nul_errors
from framework.services.complaint_answers import (
    ANSWER_STATUSES,
    answer_complaint,
    complaint_attachment,
    complaints_in,
    handles_complaints,
    open_complaint,
    replies_of,
)
from framework.services.complaints import CATEGORIES, STATUSES, ComplaintError, attachment_name
from framework.storage import storage_for
from framework.web.database import db_session
from framework.web.headers import content_disposition
from framework.web.simple_pages import reports_nul_itself
from framework.workflow.actors import Actor
from framework.workflow.errors import NotFound


class ComplaintsView(OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Pengaduan"), endpoint="pengaduan", url="/admin/pengaduan")

    def allowed(self, who: Actor) -> bool:
        return handles_complaints(who)

    @expose("/")
    def index(self) -> Any:
        found, withheld = complaints_in(db_session(), actor())
        return self.render("mpp_admin/complaints.html", complaints=found, statuses=STATUSES, withheld=withheld)

    def _show(self, reference: str, typed: dict[str, str], errors: list, status: int = 200) -> Any:
        try:
            complaint = open_complaint(db_session(), reference, actor())
        except NotFound:
            abort(404)
        return self.render(
            "mpp_admin/complaint.html",
            complaint=complaint,
            replies=replies_of(db_session(), complaint),
            attachment_names=[attachment_name(complaint, index) for index in range(len(complaint.attachments))],
            statuses=STATUSES,
            categories=CATEGORIES,
            answer_statuses=ANSWER_STATUSES,
            opens_case_files=decides_here(actor()),  # a regional admin reads complaints, not case files
            typed=typed,
            errors=errors,
        ), status

    @expose("/<reference>")
    def show(self, reference: str) -> Any:
        return self._show(reference, {}, [])

    @expose("/<reference>/lampiran/<int:index>")
    def attachment(self, reference: str, index: int) -> Any:
        """The complaint's evidence, for the handler who may read the complaint (the read is audited)."""
        try:
            served = complaint_attachment(db_session(), reference, index, actor(), storage_for(current_app))
        except NotFound:
            abort(404)
        response = Response(served.data, mimetype=served.mime)
        response.headers["Content-Disposition"] = content_disposition("attachment", served.filename)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, no-store"
        return response

    @expose("/<reference>/tanggapan", methods=["POST"])
    @reports_nul_itself
    def answer(self, reference: str) -> Any:
        typed = {"status": request.form.get("status", ""), "reply": request.form.get("reply", "")}
        if refused_nul := nul_errors(typed):  # the reply comes back as typed, the NUL shown where it was
            return self._show(reference, kept(typed), refused_nul, 422)
        try:
            answer_complaint(db_session(), reference, actor(), typed["status"], typed["reply"])
        except NotFound:
            abort(404)
        except ComplaintError as refused:
            return self._show(reference, typed, refused.errors, 422)
        flash(_("Tanggapan tersimpan dan diteruskan ke SP4N-LAPOR!."))
        return redirect(url_for("pengaduan.show", reference=reference))
