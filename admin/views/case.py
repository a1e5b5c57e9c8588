"""`/admin/permohonan/<nomor>`: one application as the officer works on it, and the step's decisions.

Every decision goes through ``framework.services.applications.transition`` —
the function the API calls — so a wrong role, step or state and a concurrent
decision get the API's answers, shown here as messages beside the form, which
keeps what the officer typed. Another region's application is not found.
Ministry staff see here the cases of the ministry's own services (those whose
steps name their role); any other application sends them to its summary
without personal data (``framework.services.case_summary``), under the
region's performance pages.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor, decides_here, is_ministry
from framework.core.errors import NUL, NUL_MESSAGE, FieldError, nul_errors
from framework.core.numbers import INTEGER_MAX, whole_number
from framework.core.text import Text
from framework.services import applications, signature_step
from framework.services.case_summary import region_of
from framework.services.casefile import PROVENANCE, CaseFile, officer_document, open_case
from framework.storage import storage_for
from framework.web.database import db_session
from framework.web.headers import content_disposition
from framework.web.services import catalog
from framework.web.simple_pages import reports_nul_itself
from framework.workflow.actors import Actor
from framework.workflow.errors import ApplicationError, Invalid, NotFound


def _case(tracking_number: str) -> CaseFile:
    case = _opened(tracking_number)
    if case is None:
        abort(404)
    return case


def _opened(tracking_number: str) -> CaseFile | None:
    try:
        return open_case(db_session(), tracking_number, actor(), codelists=catalog().codelists)
    except (NotFound, applications.BadRequest):
        return None


def posted_decision(form: Any) -> dict[str, Any]:
    """The decision form as the officer filled it (also what is shown again after an error)."""
    fields = form.getlist("fields")
    # a reason typed without ticking its box returns that item too (the service counts it): never dropped unheard
    typed = {key[len("reason-") :]: value for key, value in form.items() if key.startswith("reason-") and value.strip()}
    return {
        "action": form.get("action", ""),
        "comment": form.get("comment", ""),
        "fields": fields,
        "reasons": {name: form.get(f"reason-{name}", "") for name in fields} | typed,
        "version": form.get("version", ""),
    }


def nul_errors_of(posted: dict[str, Any]) -> list[FieldError]:
    """A located error for each part of the decision holding a NUL (``reports_nul_itself`` lets it through).

    Why here: the site-wide refusal answers with a bare error page, and the
    officer's reason (perhaps paragraphs) would be lost with it.
    """
    places = dict.fromkeys(_nul_place(error.field) for error in nul_errors(posted))
    return [FieldError(place, "nul_character", NUL_MESSAGE) for place in places]


def _nul_place(path: str) -> str:
    """Where the form shows a NUL's error: beside the reason or note it is in, the list of fields, or on top."""
    head = path.split(".")[0]
    return path if head == "reasons" else head if head in ("comment", "fields") else ""


def kept(value: Any) -> Any:
    """What the officer typed, each NUL shown as U+FFFD (the replacement character) so they can find it."""
    if isinstance(value, str):
        return value.replace(NUL, "\ufffd")
    if isinstance(value, dict):
        return {kept(key): kept(item) for key, item in value.items()}
    if isinstance(value, list):
        return [kept(item) for item in value]
    return value


class CaseView(OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Permohonan"), endpoint="permohonan", url="/admin/permohonan")

    def allowed(self, who: Actor) -> bool:
        return decides_here(who) or is_ministry(who)  # the ministry: its own services' cases, else the summary

    def is_visible(self) -> bool:
        return False

    @expose("/")
    def index(self) -> Any:
        return redirect(url_for("antrian.index"))

    @expose("/<tracking_number>")
    def show(self, tracking_number: str) -> Any:
        case = _opened(tracking_number)
        if case is not None:
            return self._render(case, {}, [])
        # the ministry reads every region, but not its applicants' data: the summary without it
        region = region_of(db_session(), tracking_number) if is_ministry(actor()) else None
        if region is None:
            abort(404)  # another region's application is not found, as before
        return redirect(url_for("kinerja_daerah.case", region=region, tracking_number=tracking_number))

    def _render(self, case: CaseFile, posted: dict[str, Any], errors: list[FieldError], status: int = 200) -> Any:
        by_field: dict[str, list[FieldError]] = {}
        for error in errors:
            by_field.setdefault(error.field, []).append(error)
        return self.render(
            "mpp_admin/case.html",
            case=case,
            posted=posted,
            errors=errors,
            by_field=by_field,
            provenance=PROVENANCE,
        ), status

    @expose("/<tracking_number>/keputusan", methods=["POST"])
    @reports_nul_itself
    def decide(self, tracking_number: str) -> Any:
        posted = posted_decision(request.form)
        if refused_nul := nul_errors_of(posted):  # the form comes back as typed, the NUL shown where it was
            return self._render(_case(tracking_number), kept(posted), refused_nul, 422)
        version = posted["version"]
        if posted["action"] == "return" and not posted["reasons"]:  # nothing picked or given a reason: ask first
            return self._render(
                _case(tracking_number), posted, [FieldError("fields", "fields_required", NO_FIELDS)], 422
            )
        try:
            if posted["action"] == "approve":  # where it is the officer's signature, BSrE signs first
                moved = signature_step.approve(
                    db_session(),
                    tracking_number,
                    actor=actor(),
                    passphrase=request.form.get(signature_step.PASSPHRASE, ""),  # never shown again
                    comment=posted["comment"] or None,
                    expected_version=whole_number(version, high=INTEGER_MAX),
                    codelists=catalog().codelists,
                )
            else:
                moved = applications.transition(
                    db_session(),
                    tracking_number,
                    action=posted["action"],
                    actor=actor(),
                    comment=posted["comment"] or None,
                    reasons=posted["reasons"] if posted["action"] == "return" else None,
                    fields=[] if posted["action"] == "return" else None,
                    expected_version=whole_number(version, high=INTEGER_MAX),  # not a row's version: no check
                    codelists=catalog().codelists,
                )
        except Invalid as refused:
            return self._render(_case(tracking_number), posted, list(refused.errors), 422)
        except ApplicationError as refused:
            if refused.status == 404 or refused.status == 400:
                abort(404)
            message = refused.page_text()
            return self._render(_case(tracking_number), posted, [FieldError("", refused.code, message)], refused.status)
        flash(_("Permohonan %(number)s: %(done)s.", number=moved.tracking_number, done=done(posted["action"])))
        return redirect(url_for("antrian.index"))

    @expose("/<tracking_number>/dokumen/<document_id>")
    def document(self, tracking_number: str, document_id: str) -> Any:
        try:
            served = officer_document(
                db_session(),
                tracking_number,
                document_id,
                actor(),
                storage_for(current_app),
                codelists=catalog().codelists,
            )
        except (NotFound, applications.BadRequest):
            abort(404)
        disposition = "inline" if served.inline else "attachment"
        response = Response(served.data, mimetype=served.mime)
        response.headers["Content-Disposition"] = content_disposition(disposition, served.filename)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; img-src 'self'; object-src 'self'; frame-ancestors 'self'"
        )
        response.headers["Cache-Control"] = "private, no-store"
        return response


NO_FIELDS = Text(
    "Pilih isian atau dokumen yang harus diperbaiki, masing-masing dengan alasannya.",
    "Pick the fields or documents to fix, each with its reason.",
)


def done(action: str) -> str:
    """What the flash message says was done."""
    return {"approve": _("disetujui"), "return": _("dikembalikan"), "reject": _("ditolak")}.get(action, action)
