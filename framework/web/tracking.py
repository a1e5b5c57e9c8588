"""The public tracking page, `/lacak`: state and dates for anyone with the number.

A mistyped number is refused by its check character before the database is
asked. The signed-in applicant (the portal's session) also sees the whole
timeline with reasons; nobody else sees names, answers or reasons here.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from framework.definition.model import ServiceSpec
from framework.forms.language_parts import in_language
from framework.services import applications
from framework.services import tracking_numbers as tracking
from framework.services.complaints import applicant_complaints, new_complaint_url
from framework.services.records import public_status, timeline
from framework.services.return_reasons import general_note, labels_of, last_return, reasons_given
from framework.store.application_record import ApplicationRecord
from framework.store.types import utcnow
from framework.web.database import db_session, side_connection
from framework.web.services import catalog
from framework.web.signin import signed_in_citizen
from framework.web.site import error_label, language  # one choice of language for the whole site
from framework.workflow.errors import ApplicationError

bp = Blueprint("tracking", __name__, url_prefix="/lacak")


def register(app: Flask) -> None:
    app.register_blueprint(bp)


def _render(status: int = 200, **context: Any) -> tuple[str, int]:
    lang = language()
    return render_template("tracking/lacak.html", lang=lang, **context), status


@bp.get("")
@bp.get("/")
def search() -> Response | tuple[str, int]:
    typed = request.args.get("nomor", "").strip()
    if not typed:
        return _render()
    try:
        number = tracking.parse(typed)
    except tracking.TrackingNumberError as exc:
        return _render(400, typed=typed, error=exc.text.get(language()))
    return redirect(url_for("tracking.status", tracking_number=number))


@bp.get("/<tracking_number>")
def status(tracking_number: str) -> tuple[str, int]:
    lang = language()
    citizen = signed_in_citizen()
    try:
        # everyone reads the public fields; the applicant alone also the history and the complaints
        seen, spec, own = _public(tracking_number, citizen)
    except ApplicationError as exc:
        return _render(exc.status, typed=tracking_number, error=exc.message(lang))
    public = public_status(seen, spec, utcnow())
    return _render(
        status=200,
        typed=public["tracking_number"],
        public=public,
        region=seen.region,  # its times in the office's zone
        spec=spec,  # the states' names on the page: `state_part`
        title=in_language(spec.title, lang),
        **(_applicant_parts(own, spec, lang) if own else {}),
    )


def _public(
    tracking_number: str, citizen: str | None
) -> tuple[applications.PublicView, ServiceSpec, ApplicationRecord | None]:
    """The public columns, the definition they were filed under and, for its applicant, the whole record.

    The public part is read on the request's side connection, with no ORM
    session: an anonymous look-up takes one connection from the pool (see
    ``applications.find_public``). Only when the signed-in citizen filed
    the application is the rest of it read.
    """
    with side_connection() as connection, connection.begin():
        if citizen is None:
            seen, filed_by_citizen = applications.find_public(connection, tracking_number), False
        else:
            seen, filed_by_citizen = applications.find_public_as(connection, tracking_number, citizen)
        spec = applications.spec_of(connection, seen, catalog().codelists)
    own = applications.find_viewed(db_session(), tracking_number) if filed_by_citizen else None
    return seen, spec, own if own is not None and own.applicant_nik == citizen else None


def _return_reasons(application: ApplicationRecord, spec: ServiceSpec, lang: str) -> dict[str, Any]:
    """The officer's note and each field's reason apart from the field's label: the officer's words are
    Indonesian, the label in the reader's language, so the page marks only the words ``lang="id"``."""
    last = last_return(application.history)
    labels = labels_of(spec)
    return {
        "note": general_note(application.return_reason, last, labels),
        "reasons": [
            (in_language(labels[name], lang) if name in labels else name, reason)
            for name, reason in reasons_given(last).items()
        ],
    }


def _applicant_parts(application: ApplicationRecord, spec: ServiceSpec, lang: str) -> dict[str, Any]:
    """What only the signed-in applicant sees: the timeline, what to fix, complaints, the product to download."""
    number = application.tracking_number
    returned = (
        {
            **_return_reasons(application, spec, lang),
            "fields": [error_label(spec, name, lang) or name for name in application.return_fields or []],
            "fix_url": url_for("correction.correct", tracking_number=number),
        }
        if application.state == "returned"
        else None
    )
    return {
        "history": timeline(application, spec, officer=False),
        "returned": returned,
        "complaints": {
            "items": [complaint.as_json() for complaint in applicant_complaints(db_session(), application)],
            "new_url": new_complaint_url(number),
        },
        "download": url_for("citizen.product", tracking_number=number) if application.product_ref else None,
    }
