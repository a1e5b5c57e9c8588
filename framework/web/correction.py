"""The citizen fixes a returned application: `/lacak/<nomor>/perbaiki`.

Only the fields and documents the officer named are shown, each with the
generated widget and its current answer (a returned repeating group with the
form's own "Tambah lagi"/"Hapus" buttons, ``drafting.settle_rows``); the post goes to
``framework.services.applications.resubmit`` — the function the API calls —
which refuses a change to anything else. What the citizen typed stays in the
form on any error.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict

from framework.core.errors import FieldError
from framework.definition.model import ServiceSpec
from framework.forms.drafting import form_without_nul, nul_errors_of_form, settle_rows
from framework.forms.drafts import Draft
from framework.forms.flow import answer_values, read_page
from framework.forms.minimise import minimised_answers
from framework.forms.pageview import anchor, page_views
from framework.forms.validation import upload_errors
from framework.services import applications
from framework.services.return_reasons import general_note, labels_of, last_return, reasons_given
from framework.storage import UploadInfo, describe, storage_for
from framework.web.database import db_session
from framework.web.errors import expired_form_page
from framework.web.limits import lookups_again
from framework.web.services import catalog, plugins
from framework.web.signin import signed_in_citizen
from framework.web.simple_pages import reports_nul_itself
from framework.web.site import language
from framework.workflow.actors import Actor
from framework.workflow.errors import ApplicationError, Invalid

bp = Blueprint("correction", __name__, url_prefix="/lacak")


def register(app: Flask) -> None:
    app.register_blueprint(bp)


bp.register_error_handler(CSRFError, expired_form_page)


def _returned(tracking_number: str) -> tuple[Any, ServiceSpec]:
    """The signed-in citizen's returned application (404 for anything else: nothing to probe)."""
    session = db_session()
    try:
        found = applications.find(session, tracking_number)
    except ApplicationError:
        abort(404)
    if found.applicant_nik != signed_in_citizen():
        abort(404)
    if found.state != "returned":
        # a second click on "send", the back button or a bookmark after sending: where it stands, not "not found"
        if request.method == "GET" and found.resubmitted_at is not None:
            flash(_("Perbaikan sudah dikirim; permohonan sedang diproses kembali."))
        abort(redirect(url_for("tracking.status", tracking_number=found.tracking_number)))
    return found, applications.spec_of(session, found, catalog().codelists)


@bp.route("/<tracking_number>/perbaiki", methods=["GET", "POST"])
@reports_nul_itself
def correct(tracking_number: str) -> Any:
    if not signed_in_citizen():
        return redirect(f"/masuk/ikd?next={request.path}")
    found, spec = _returned(tracking_number)
    asked = set(found.return_fields or [])
    fields = [item for item in spec.iter_fields() if item.id in asked]
    documents = [document for document in spec.documents if document.id in asked]
    # another person's registry numbers are not shown: asked to correct one, the citizen types it again
    hidden = minimised_answers(spec, found.answers or {}, found.prefill or {}, hide=lambda _value: None)
    answers = {**(found.answers or {}), **{name: hidden[name] for name in asked if name in hidden}}
    raw: dict[str, str] = {}
    errors: list[FieldError] = []
    kept = _kept_uploads(found.tracking_number)
    refused_nul = nul_errors_of_form(request.form) if request.method == "POST" else []
    typed = form_without_nul(request.form) if request.method == "POST" else _typed(found)
    posted = None if typed is None else read_page(fields, typed, set(), answer_values(spec, answers), language())
    refused_action: list[FieldError] = []
    if posted is not None:
        # the same rows as the form: "Tambah lagi"/"Hapus" (replayed from the kept post on a GET), or blank rows dropped
        rows = Draft("", spec.id, "", answers={**answers, **posted.answers}, raw=dict(posted.raw))
        action = typed.get("_action", "") if typed is not None else ""
        refused_action = settle_rows(fields, rows, action, posted.errors)
        answers, raw = rows.answers, rows.raw
    # a corrected answer may ask for a document the filed ones did not (its proof): it is uploaded here too
    new_documents = applications.newly_asked(spec, found.answers or {}, answers)
    documents = [document for document in spec.documents if document.id in asked or document.id in new_documents]
    if request.method == "POST" and posted is not None:
        _keep_typed(found, typed)
        refused_at = {error.field for error in refused_nul}  # a NUL's own error, not a format error of its U+FFFD
        errors = refused_nul + refused_action + [error for error in posted.errors if error.field not in refused_at]
        if not request.form.get("_action") and not refused_nul:
            corrected = {item.id: answers.get(item.id) for item in fields}
            outcome = _resubmit(found.tracking_number, spec, fields, documents, corrected, errors, kept, found.area)
            if outcome is None:
                _keep_typed(found, None)
                flash(_("Perbaikan terkirim; permohonan kembali diproses."))
                return redirect(url_for("tracking.status", tracking_number=found.tracking_number))
            errors = outcome
    views = page_views(fields, answers, raw, {}, errors, answer_values(spec, answers), language())
    last = last_return(found.history)
    reasons = reasons_given(last)
    for view in views:  # said at the field it is about, not only in the paragraph on top; apart from its hint
        view.reason = reasons.get(view.name)
    return render_template(
        "portal/correction.html",
        spec=spec,
        application=found,
        views=views,
        documents=documents,
        errors=errors,
        document_errors=_by_field(errors),
        reasons=reasons,
        note=general_note(found.return_reason, last, labels_of(spec)),
        uploads=kept,
        anchor=anchor,
    ), (422 if errors else 200)


def _by_field(errors: list[FieldError]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in errors:
        found.setdefault(error.field, []).append(error.message.get(language()))
    return found


def _resubmit(
    tracking_number: str,
    spec: ServiceSpec,
    fields: list[Any],
    documents: list[Any],
    posted: dict[str, Any],
    errors: list[FieldError],
    kept: dict[str, UploadInfo],
    area: str | None = None,
) -> list[FieldError] | None:
    """Send the corrections; the errors to show, or None when it went through.

    Every mistake shows in one round: a refused upload does not hide the
    answers' own errors. A good upload is kept (in the citizen's session,
    which lives on the server) while the rest is fixed, so it is not chosen
    again; a new file for the same document replaces it.
    """
    storage = storage_for(current_app)
    uploads, problems = _uploads(documents, storage)
    for document_id in uploads.keys() & kept.keys():
        storage.delete(kept[document_id].key)
    kept.update(uploads)
    _keep_uploads(tracking_number, kept)  # until the correction goes through
    actor = Actor.citizen(signed_in_citizen() or "", request.remote_addr)
    answers = {item.id: posted.get(item.id) for item in fields}
    shown = errors + problems
    try:
        if shown:
            found = applications.resubmission_errors(
                db_session(),
                tracking_number,
                actor=actor,
                answers=answers,
                documents=kept,
                codelists=catalog().codelists,
            )
            return shown + _not_yet_shown(found, shown, refused_uploads={error.field for error in problems})
        applications.resubmit(
            db_session(),
            tracking_number,
            actor=actor,
            answers=answers,
            documents=kept,
            codelists=catalog().codelists,
            lookup=lookups_again(spec, plugins(), signed_in_citizen(), area),
        )
    except Invalid as refused:
        return shown + list(refused.errors)
    except ApplicationError as refused:
        return [FieldError("", refused.code, refused.page_text())]
    _keep_uploads(tracking_number, {})
    return None


def _not_yet_shown(found: list[FieldError], shown: list[FieldError], refused_uploads: set[str]) -> list[FieldError]:
    """The dry run's errors the page does not show already (a refused upload's "missing" among them)."""
    seen = {(error.field, error.code) for error in shown}
    return [error for error in found if (error.field, error.code) not in seen and error.field not in refused_uploads]


KEPT = "correction_uploads"  # session: {tracking number: {document id: UploadInfo as a dict}}


def _kept_uploads(tracking_number: str) -> dict[str, UploadInfo]:
    found = session.get(KEPT, {}).get(tracking_number, {})
    return {document_id: UploadInfo.from_dict(info) for document_id, info in found.items()}


def _keep_uploads(tracking_number: str, uploads: dict[str, UploadInfo]) -> None:
    """Remember the uploads that passed for this correction (forget them once it is sent)."""
    held = {number: docs for number, docs in session.get(KEPT, {}).items() if number != tracking_number}
    if uploads:
        held[tracking_number] = {document_id: info.as_dict() for document_id, info in uploads.items()}
    session[KEPT] = held


TYPED = "correction_typed"  # session: {tracking number: {"version": n, "form": the last post's (name, value) pairs}}


def _typed(application: Any) -> MultiDict | None:
    """What the citizen last posted here, so the language link (a GET) shows it again instead of the old answers.

    Only for this return of the application (its row's version): a later return starts from its answers.
    """
    held = session.get(TYPED, {}).get(application.tracking_number) or {}
    if held.get("version") != application.version or not held.get("form"):
        return None
    return MultiDict([tuple(pair) for pair in held["form"]])


def _keep_typed(application: Any, form: MultiDict | None) -> None:
    number = application.tracking_number
    held = {kept: posted for kept, posted in session.get(TYPED, {}).items() if kept != number}
    if form is not None:
        pairs = [[name, value] for name, value in form.items(multi=True) if name != "csrf_token"]
        held[number] = {"version": application.version, "form": pairs}
    session[TYPED] = held


def _uploads(documents: list[Any], storage: Any) -> tuple[dict[str, UploadInfo], list[FieldError]]:
    saved, problems = {}, []
    for document in documents:
        upload = request.files.get(document.id)
        if upload is None or not upload.filename:
            continue
        data = upload.stream.read(document.max_bytes + 1)
        found = list(upload_errors(document, describe(data, upload.filename)))
        if found:
            problems += found
        else:
            saved[document.id] = storage.save(data, upload.filename)
    return saved, problems
