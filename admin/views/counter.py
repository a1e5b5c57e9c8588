"""`/admin/loket`: counter filing — a front-office officer files for a walk-in citizen.

The same generated pages as the portal (`framework.forms`), prefilled from the
registries for the citizen's NIK; the officer records the citizen's consent and
`framework.services.counter.file` files it in the citizen's name. The draft
lives in the draft store, its id in the officer's session.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, redirect, request, session, url_for
from flask_admin import expose
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor, offered_specs
from framework.definition.model import ServiceSpec
from framework.forms import DOCUMENTS_PAGE, FieldError
from framework.forms.drafting import (
    as_typed,
    check_application,
    documents_of,
    nul_errors_of_form,
    post_page,
    prefilled,
)
from framework.forms.drafts import Draft
from framework.forms.flow import answer_values, first_open_step, next_step, shown_fields, steps
from framework.forms.live import live_fields
from framework.forms.pageview import page_views
from framework.forms.prefill import Fetcher
from framework.forms.uploads import post_documents, shown_documents
from framework.services import counter
from framework.services.casefile import PROVENANCE, sections_of
from framework.storage import storage_for
from framework.web.database import db_session, draft_store
from framework.web.limits import counter_fetcher
from framework.web.services import definitions_dir, loci, plugins
from framework.web.simple_pages import reports_nul_itself
from framework.web.site import language
from framework.workflow.actors import Actor

DRAFTS = "counter_drafts"


def _services(who: Actor) -> list[ServiceSpec]:
    return counter.counter_services(who, offered_specs(), definitions_dir(), loci())


def _spec(service_id: str) -> ServiceSpec:
    spec = next((s for s in _services(actor()) if s.id == service_id), None)
    if spec is None:
        abort(404)
    return spec


def _draft(spec: ServiceSpec) -> Draft | None:
    draft_id = session.get(DRAFTS, {}).get(spec.id)
    draft = draft_store(current_app).load(draft_id) if draft_id else None
    return draft if draft is not None and draft.service == spec.id else None


def _save(draft: Draft) -> None:
    draft_store(current_app).save(draft)
    session[DRAFTS] = {**session.get(DRAFTS, {}), draft.service: draft.id}


def _forget(draft: Draft) -> None:
    draft_store(current_app).delete(draft.id)
    session[DRAFTS] = {k: v for k, v in session.get(DRAFTS, {}).items() if k != draft.service}


def _fetcher(spec: ServiceSpec) -> Fetcher:
    """The registries as the counter asks them: each look-up limited per officer and audited (``counter_fetcher``)."""
    officer = actor()
    return counter_fetcher(plugins(), officer, service=spec.id, region=counter.counter_region(officer))


def _url(spec: ServiceSpec, step: str | None) -> str:
    if step is None:
        return url_for("loket.summary", service_id=spec.id)
    if step == DOCUMENTS_PAGE:
        return url_for("loket.documents", service_id=spec.id)
    return url_for("loket.page", service_id=spec.id, page_id=step)


class CounterView(OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Loket"), endpoint="loket", url="/admin/loket")

    def allowed(self, who: Actor) -> bool:
        return bool(_services(who))

    @expose("/", methods=["GET", "POST"])
    def index(self) -> Any:
        services = _services(actor())
        typed = {"layanan": request.form.get("layanan", ""), "nik": "".join(request.form.get("nik", "").split())}
        errors: list[FieldError] = []
        if request.method == "POST":
            spec = next((s for s in services if s.id == typed["layanan"]), None)
            errors = counter.nik_errors(typed["nik"]) + ([] if spec else [counter.NO_SERVICE])
            if not errors and spec is not None:
                old = _draft(spec)
                if old is not None:
                    _forget(old)
                draft = counter.start(spec, typed["nik"], actor(), _fetcher(spec))
                _save(draft)
                return redirect(_url(spec, first_open_step(spec, draft.answers, draft.visited)))
        return self.render("mpp_admin/counter_start.html", services=services, typed=typed, errors=errors), (
            422 if errors else 200
        )

    @expose("/<service_id>/halaman/<page_id>", methods=["GET", "POST"])
    @reports_nul_itself
    def page(self, service_id: str, page_id: str) -> Any:
        spec = _spec(service_id)
        draft = _draft(spec)
        found = next((p for p in spec.pages if p.id == page_id), None)
        if draft is None:
            return redirect(url_for("loket.index"))
        if found is None:
            abort(404)
        errors: list[FieldError] = []
        if request.method == "POST" and (refused_nul := nul_errors_of_form(request.form)):
            draft, errors = (
                as_typed(spec, found, draft, request.form, language()),
                refused_nul,
            )  # nothing saved, nothing lost
        elif request.method == "POST":
            result = post_page(
                spec, found, draft, request.form, applicant_nik=draft.owner, language=language(), fetch=_fetcher(spec)
            )
            _save(draft)
            if result.stay:
                return redirect(_url(spec, page_id))
            if not result.errors:
                draft.visited = list(dict.fromkeys([*draft.visited, page_id]))
                _save(draft)
                return redirect(_url(spec, next_step(spec, draft.answers, page_id)))
            errors = result.errors
        values = answer_values(spec, draft.answers)
        shown = {item.id for item in shown_fields(found, values)}
        live = live_fields(found)
        drawn = [item for item in found.fields if item.id in shown or item.id in live]
        views = page_views(drawn, draft.answers, draft.raw, prefilled(draft), errors, values, language(), live)
        return self.render(
            "mpp_admin/counter_page.html", spec=spec, page=found, views=views, errors=errors, draft=draft
        ), (422 if errors else 200)

    @expose("/<service_id>/dokumen", methods=["GET", "POST"])
    def documents(self, service_id: str) -> Any:
        spec = _spec(service_id)
        draft = _draft(spec)
        if draft is None:
            return redirect(url_for("loket.index"))
        errors: list[FieldError] = []
        if request.method == "POST":
            errors, stay = post_documents(spec, draft, request.files, request.form, storage_for(current_app))
            _save(draft)
            if stay:
                return redirect(_url(spec, DOCUMENTS_PAGE))
            if not errors:
                draft.visited = list(dict.fromkeys([*draft.visited, DOCUMENTS_PAGE]))
                _save(draft)
                return redirect(_url(spec, next_step(spec, draft.answers, DOCUMENTS_PAGE)))
        return self.render(
            "mpp_admin/counter_documents.html",
            spec=spec,
            documents=shown_documents(spec, draft),
            uploads=documents_of(draft),
            errors=errors,
            draft=draft,
        ), (422 if errors else 200)

    @expose("/<service_id>/periksa", methods=["GET", "POST"])
    def summary(self, service_id: str) -> Any:
        spec = _spec(service_id)
        draft = _draft(spec)
        if draft is None:
            return redirect(url_for("loket.index"))
        errors = list(check_application(spec, draft).errors)
        consent = request.form.get("persetujuan") == "1"
        if request.method == "POST":
            outcome = counter.file(
                db_session(),
                spec,
                draft,
                actor(),
                consent=consent,
                definitions=definitions_dir(),
                others=offered_specs(),
            )
            if outcome.application is not None:
                _forget(draft)
                return redirect(url_for("loket.done", tracking_number=outcome.application.tracking_number))
            errors = outcome.errors
        return self.render(
            "mpp_admin/counter_summary.html",
            spec=spec,
            draft=draft,
            sections=sections_of(spec, draft.answers, draft.prefill),
            uploads=documents_of(draft),
            errors=errors,
            consent=consent,
            provenance=PROVENANCE,
            pages=[(s.id, s.title, _url(spec, s.id)) for s in steps(spec, draft.answers)],
        ), (422 if errors else 200)

    @expose("/terkirim/<tracking_number>")
    def done(self, tracking_number: str) -> Any:
        return self.render("mpp_admin/counter_done.html", tracking_number=tracking_number)
