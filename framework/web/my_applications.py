"""`/permohonan-saya`: the signed-in citizen's drafts and applications on one page.

Before this page a citizen could only find an application by typing its
tracking number. Returned applications come first (each field to fix links
straight to it on the correction page), then drafts (resume or delete), then
those in progress (the step and the working days left), then the decided
ones (decision, reason, the product to download). The rules are in
``framework.services.my_applications``; this view only reads and renders.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from framework.forms.drafts import Draft
from framework.forms.pageview import anchor
from framework.forms.regions import region_table
from framework.services.my_applications import DECIDED, IN_PROGRESS, RETURNED, my_applications
from framework.store.types import utcnow
from framework.web.database import db_session, draft_store
from framework.web.services import catalog, definitions_dir
from framework.web.signin import signed_in_citizen
from framework.web.simple_pages import EXPIRED, checks_csrf_itself, csrf_ok

bp = Blueprint("my_applications", __name__, url_prefix="/permohonan-saya")


def register(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.before_request
def _signed_in() -> Any:
    if not signed_in_citizen():
        # after signing in the browser GETs `next`: a delete's address (POST only) would be a dead end
        back = request.path if request.method == "GET" else url_for(".listing")
        return redirect(f"/masuk/ikd?next={back}")
    return None


@bp.get("")
def listing() -> str:
    nik = signed_in_citizen() or ""
    found = my_applications(db_session(), nik, utcnow(), catalog().codelists)
    groups = {name: [item for item in found if item.group == name] for name in (RETURNED, IN_PROGRESS, DECIDED)}
    return render_template(
        "citizen/my_applications.html",
        groups=groups,
        drafts=[_draft_row(draft) for draft in draft_store(current_app).owned_by(nik)],
        anchor=anchor,
    )


def _own_draft(draft_id: str) -> Draft:
    """The signed-in citizen's draft, else 404 (another's draft is not found: nothing to probe)."""
    draft = draft_store(current_app).load(draft_id)
    if draft is None or not draft.owner or draft.owner != signed_in_citizen():
        abort(404)
    return draft


def _draft_row(draft: Draft) -> dict[str, Any]:
    """What the list shows of a draft; a service withdrawn since it was started can only be deleted."""
    spec = catalog().specs.get(draft.service)
    regions = region_table(definitions_dir())
    return {
        "id": draft.id,
        "title": spec.title if spec is not None else None,
        "service": draft.service,
        "region": regions.name(draft.region) if draft.region else "",
        "region_code": draft.region or None,  # its time in the zone of the region it is filed in
        "updated": draft.updated,
        "resume": url_for("portal.resume", service_id=draft.service, draft_id=draft.id) if spec else None,
    }


@bp.get("/draf/<draft_id>/hapus")
def confirm_delete(draft_id: str) -> str:
    """Ask before deleting: the answers and the uploaded files go with the draft, and there is no undo.

    Why a page, not a script's dialog: the portal works without JavaScript,
    and on a small screen "Hapus draf" sat one slip away from "Lanjutkan".
    """
    draft = _own_draft(draft_id)
    return render_template("citizen/delete_draft.html", draft=_draft_row(draft))


@bp.post("/draf/<draft_id>/hapus")
@checks_csrf_itself
def delete_draft(draft_id: str) -> Any:
    """Delete one of the citizen's own drafts (404 for anyone else's: nothing to probe)."""
    if not csrf_ok():
        flash(str(EXPIRED))
        return redirect(url_for(".listing"))
    store = draft_store(current_app)
    draft = _own_draft(draft_id)
    store.delete(draft.id)
    session["drafts"] = {family: kept for family, kept in session.get("drafts", {}).items() if kept != draft.id}
    flash(_("Draf dihapus."))
    return redirect(url_for(".listing"))
