"""The citizen fixes a returned application: `/lacak/<nomor>/perbaiki`.

Only the fields and documents the officer named are shown, each with the
generated widget and its current answer; the post goes to
``framework.services.applications.resubmit`` — the function the API calls —
which refuses a change to anything else. What the citizen typed stays in the
form on any error.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from framework.core.errors import FieldError
from framework.definition.model import ServiceSpec
from framework.forms.flow import answer_values, read_page
from framework.forms.pageview import anchor, page_views
from framework.forms.validation import upload_errors
from framework.services import applications
from framework.storage import UploadInfo, describe, storage_for
from framework.web.database import db_session
from framework.web.services import catalog
from framework.web.signin import signed_in_citizen
from framework.web.site import language
from framework.workflow.actors import Actor
from framework.workflow.errors import ApplicationError, Invalid

bp = Blueprint("correction", __name__, url_prefix="/lacak")


def register(app: Flask) -> None:
    app.register_blueprint(bp)


def _returned(tracking_number: str) -> tuple[Any, ServiceSpec]:
    """The signed-in citizen's returned application (404 for anything else: nothing to probe)."""
    session = db_session()
    try:
        found = applications.find(session, tracking_number)
    except ApplicationError:
        abort(404)
    if found.applicant_nik != signed_in_citizen() or found.state != "returned":
        abort(404)
    return found, applications.spec_of(session, found, catalog().codelists)


@bp.route("/<tracking_number>/perbaiki", methods=["GET", "POST"])
def correct(tracking_number: str) -> Any:
    if not signed_in_citizen():
        return redirect(f"/masuk/ikd?next={request.path}")
    found, spec = _returned(tracking_number)
    asked = set(found.return_fields or [])
    fields = [item for item in spec.iter_fields() if item.id in asked]
    documents = [document for document in spec.documents if document.id in asked]
    answers, raw, errors = dict(found.answers or {}), {}, []
    if request.method == "POST":
        posted = read_page(fields, request.form, set(), answer_values(spec, answers), language())
        answers.update(posted.answers)
        raw, errors = posted.raw, list(posted.errors)
        if not request.form.get("_action"):
            outcome = _resubmit(found.tracking_number, spec, fields, documents, posted.answers, errors)
            if outcome is None:
                flash(_("Perbaikan terkirim; permohonan kembali diproses."))
                return redirect(url_for("tracking.status", tracking_number=found.tracking_number))
            errors = outcome
    views = page_views(fields, answers, raw, {}, errors, answer_values(spec, answers), language())
    for view in views:
        view.can_add = view.can_remove = False  # rows are fixed here; the officer named the group
    return render_template(
        "portal/correction.html",
        spec=spec,
        application=found,
        views=views,
        documents=documents,
        errors=errors,
        document_errors=_by_field(errors),
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
) -> list[FieldError] | None:
    """Send the corrections; the errors to show, or None when it went through."""
    storage = storage_for(current_app)
    uploads, problems = _uploads(documents, storage)
    if errors or problems:
        _discard(storage, uploads)
        return errors + problems
    try:
        applications.resubmit(
            db_session(),
            tracking_number,
            actor=Actor.citizen(signed_in_citizen() or "", request.remote_addr),
            answers={item.id: posted.get(item.id) for item in fields},
            documents=uploads,
            codelists=catalog().codelists,
        )
    except Invalid as refused:
        _discard(storage, uploads)
        return list(refused.errors)
    except ApplicationError as refused:
        _discard(storage, uploads)
        return [FieldError("", refused.code, refused.text)]
    return None


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


def _discard(storage: Any, uploads: dict[str, UploadInfo]) -> None:
    for info in uploads.values():
        storage.delete(info.key)
