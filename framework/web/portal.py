"""The citizen portal (`/layanan`): generated forms, page by page, without JavaScript.

Views are thin: they find the service and the draft, hand the posted data to
``framework.forms`` and render. A draft is saved on every post; the draft id
lives in the session cookie (and in a "continue later" link). The final
submit calls ``framework.services.applications.submit`` — the same function the API
calls — so the portal cannot accept what the API refuses.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import Markup

from framework.definition.model import PageSpec, ServiceSpec
from framework.forms import DOCUMENTS_PAGE, FieldError
from framework.forms.drafting import (
    as_typed,
    check_application,
    documents_of,
    fit_to_spec,
    locked_ids,
    nul_errors_of_form,
    post_page,
    prefilled,
    refresh_prefill,
    registry_only_ids,
)
from framework.forms.drafts import Draft
from framework.forms.flow import Step, answer_values, first_open_step, next_step, shown_fields, steps
from framework.forms.language_parts import in_language
from framework.forms.live import live_fields
from framework.forms.minimise import minimised_answers, minimised_ids
from framework.forms.pageview import anchor, display_value, duration_text, page_views
from framework.forms.prefill import PrefilledValue, source_label
from framework.forms.regions import region_table
from framework.forms.row_prefill import row_path
from framework.forms.uploads import post_documents, shown_documents, without_hidden_documents
from framework.services.filing import offered_regions, submit_draft
from framework.storage import storage_for
from framework.web.database import draft_store
from framework.web.errors import expired_form_page
from framework.web.limits import lookup_fetcher
from framework.web.services import catalog, definitions_dir, loci, plugins
from framework.web.signin import signed_in_citizen
from framework.web.simple_pages import keeps_typed_when_expired, reports_nul_itself
from framework.web.site import language
from framework.workflow.offering import filed_by_region

log = logging.getLogger(__name__)
SUMMARY = "periksa-jawaban"

bp = Blueprint("portal", __name__, url_prefix="/layanan")


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    # the field macros' error links and the standard's durations; the page's `lang` comes from site.py
    app.jinja_env.globals.update({"anchor": anchor, "duration_text": duration_text})


bp.register_error_handler(CSRFError, expired_form_page)


# --- helpers -------------------------------------------------------------------------------


def _spec(service_id: str) -> ServiceSpec:
    spec = catalog().specs.get(service_id)
    if spec is None or spec.template or filed_by_region(spec):  # a region's application: filed in the admin
        abort(404)
    return spec


def applicant_nik() -> str | None:
    """The signed-in citizen's NIK (set by the sign-in plugins)."""
    return signed_in_citizen()


def _registries() -> Any:
    return plugins()


def _family_draft(spec: ServiceSpec) -> Draft | None:
    """The citizen's draft for this service or any regional variant of it (one per national service)."""
    family = catalog().family(spec).id
    draft_id = session.get("drafts", {}).get(family)
    draft = draft_store(current_app).load(draft_id) if draft_id else _own_draft(family)
    if draft is None or not _in_family(draft, family):
        return None
    return draft if draft.belongs_to(applicant_nik()) else None


def _in_family(draft: Draft, family: str) -> bool:
    return draft.service in catalog().specs and catalog().family(catalog().specs[draft.service]).id == family


def _own_draft(family: str) -> Draft | None:
    """The signed-in citizen's newest stored draft of this service, when the session does not name one.

    A session ends after half an hour idle (``framework.web.sessions``): the
    citizen signs in again and must find the draft they were filling, not
    start a second one beside it.
    """
    nik = applicant_nik()
    found = next((d for d in draft_store(current_app).owned_by(nik) if _in_family(d, family)), None) if nik else None
    if found is not None:
        session["drafts"] = {**session.get("drafts", {}), family: found.id}
    return found


def _load_draft(spec: ServiceSpec) -> Draft | None:
    draft = _family_draft(spec)
    if draft is None or draft.service != spec.id:
        return None
    if fit_to_spec(spec, draft):  # the service was changed since the citizen started
        _save(draft)
        flash(_("Layanan ini diperbarui sejak Anda mulai mengisi. Periksa lagi jawaban Anda sebelum mengirim."))
    return draft


def _save(draft: Draft) -> None:
    draft_store(current_app).save(draft)
    family = catalog().family(catalog().specs[draft.service]).id
    session["drafts"] = {**session.get("drafts", {}), family: draft.id}


def _forget(draft: Draft) -> None:
    draft_store(current_app).delete(draft.id)
    family = catalog().family(catalog().specs[draft.service]).id
    session["drafts"] = {k: v for k, v in session.get("drafts", {}).items() if k != family}


def _page_url(spec: ServiceSpec, step: str | None) -> str:
    if step is None or step == SUMMARY:
        return url_for("portal.summary", service_id=spec.id)
    return url_for("portal.page", service_id=spec.id, page_id=step)


def _progress(spec: ServiceSpec, draft: Draft, current: str, shown: list[Step] | None = None) -> dict[str, Any]:
    """The step list above a page: each step already filled links back to it, and the page before has a
    "Kembali" link (a phone without scripts had only the browser's Back, and maybe a stale copy)."""
    shown = steps(spec, draft.answers) if shown is None else shown
    ids = [s.id for s in shown]
    number = ids.index(current) + 1 if current in ids else len(ids) + 1
    visited = set(draft.visited)
    return {
        "steps": shown,
        "current": current,
        "number": number,
        "total": len(ids) + 1,
        "visited": visited,
        "urls": {step: _page_url(spec, step) for step in ids if step in visited and step != current},
        "back": _page_url(spec, ids[number - 2]) if number > 1 else None,
    }


# --- views ---------------------------------------------------------------------------------


@bp.get("/")
def services() -> str:
    from framework.web.catalog_page import services_page

    return services_page()


@bp.get("/pilih-wilayah")
def choose_region() -> str:
    from framework.web.catalog_page import region_choice_page

    return region_choice_page()


@bp.get("/<service_id>")
def start(service_id: str) -> str:
    spec = _spec(service_id)
    return _start_page(spec, fresh=bool(request.args.get("baru")))


@bp.get("/<service_id>/standar-pelayanan")
def standard(service_id: str) -> str:
    """The whole published service standard (Permenpan-RB 15/2014), for the regency chosen: its variant's where
    it has one (a step of its own, a shorter time limit)."""
    from markupsafe import Markup

    from framework.generate.render import html_inline, html_sections, plain
    from framework.generate.standard import standard_document

    spec = _spec(service_id)
    regions = _start_regions(spec)
    chosen = request.args.get("wilayah", "")
    shown = catalog().variant_for(catalog().family(spec).id, chosen) if chosen in dict(regions) else spec
    document = standard_document(shown, catalog(), language())
    return render_template(
        "portal/standard.html",
        spec=spec,
        shown=shown,
        title=plain(document.title),
        # every text in these is escaped by html_inline / html_sections; a part with no English is marked lang="id"
        heading=Markup(html_inline(document.title)),
        lead=Markup(html_inline(document.lead)),
        body=Markup(html_sections(document)),
        regions=regions,
        chosen_region=chosen if chosen in dict(regions) else "",
    )


def _start_page(spec: ServiceSpec, error: str | None = None, status: int = 200, fresh: bool = False) -> Any:
    """``fresh``: the citizen chose to start over, so the existing draft is not offered."""
    draft = None if fresh else _family_draft(spec)
    return render_template(
        "portal/start.html",
        spec=spec,
        draft=draft,
        fresh=fresh,
        signed_in=bool(applicant_nik()),
        regions=_start_regions(spec),
        chosen_region=request.values.get("region") or request.args.get("wilayah") or _known_region(),
        region_error=error,
    ), status


def _known_region() -> str:
    """The kabupaten/kota the citizen chose in the service list, else the one IKD gave at sign-in."""
    return session.get("catalog_region") or session.get("citizen_region") or ""


def _start_regions(spec: ServiceSpec) -> list[tuple[str, str]]:
    """Kabupaten/kota where a citizen can file this service: the national service's and its variants' regions."""
    family = catalog().family(spec)
    if spec.region:
        return [(spec.region, region_table(definitions_dir()).name(spec.region))]
    variants = [
        (s.region, region_table(definitions_dir()).name(s.region))
        for s in catalog().offered()
        if s.extends == family.id and s.region
    ]
    return sorted(set(_regions(family)) | set(variants), key=lambda pair: pair[1])


@bp.post("/<service_id>/mulai")
def begin(service_id: str) -> Any:
    spec = _spec(service_id)
    if not applicant_nik():
        return redirect(f"/masuk/ikd?next={url_for('portal.start', service_id=spec.id)}")
    draft = _family_draft(spec)
    if draft is not None and not request.form.get("baru"):
        filed = catalog().specs[draft.service]
        return redirect(_page_url(filed, first_open_step(filed, draft.answers, draft.visited) or SUMMARY))
    region = request.form.get("region", "")
    if region not in dict(_start_regions(spec)):
        return _start_page(
            spec, _("Pilih kabupaten/kota tempat Anda mengajukan."), 400, fresh=bool(request.form.get("baru"))
        )
    # the region decides which definition applies: its own variant, or the national service
    filed = catalog().variant_for(catalog().family(spec).id, region)
    if draft is not None:
        _forget(draft)
    draft = Draft.new(filed.id, filed.content_hash, owner=applicant_nik())
    draft.region = region
    refresh_prefill(filed, draft, applicant_nik(), registries=_registries())
    _save(draft)
    return redirect(_page_url(filed, first_open_step(filed, draft.answers, draft.visited) or SUMMARY))


@bp.get("/<service_id>/mulai")
def begin_again(service_id: str) -> Any:
    """The start page after a refused start has this address: its language link (a GET) leads back to it."""
    return redirect(url_for("portal.start", service_id=_spec(service_id).id))


@bp.get("/<service_id>/lanjut/<draft_id>")
def resume(service_id: str, draft_id: str) -> Any:
    """Save and return: the link shown on every page brings the draft back, on any device."""
    spec = _spec(service_id)
    draft = draft_store(current_app).load(draft_id)
    if draft is None or draft.service != spec.id:
        abort(404)
    if applicant_nik() is None:  # a link kept for another device: sign in there, then come back to it
        return redirect(f"/masuk/ikd?next={request.path}")
    if not draft.belongs_to(applicant_nik()):
        return render_template(
            "portal/error.html", message=_("Masuk dengan akun yang memulai permohonan ini untuk melanjutkannya.")
        ), 403
    # keyed by the national service, as `_save` does: a regional variant's draft is found again on any device
    session["drafts"] = {**session.get("drafts", {}), catalog().family(spec).id: draft.id}
    return redirect(_page_url(spec, first_open_step(spec, draft.answers, draft.visited) or SUMMARY))


@bp.route("/<service_id>/<page_id>", methods=["GET", "POST"])
@reports_nul_itself
@keeps_typed_when_expired
def page(service_id: str, page_id: str) -> Any:
    spec = _spec(service_id)
    draft = _load_draft(spec)
    if draft is None:
        return _no_draft(spec)
    if page_id == DOCUMENTS_PAGE:
        return _documents(spec, draft)
    found = next((p for p in spec.pages if p.id == page_id), None)
    if found is None:
        abort(404)
    values: dict[str, Any] | None = answer_values(spec, draft.answers)
    if page_id not in [s.id for s in steps(spec, draft.answers, values)]:
        elsewhere = next_step(spec, draft.answers, page_id) or first_open_step(spec, draft.answers, draft.visited)
        return redirect(_page_url(spec, elsewhere))
    errors: list[FieldError] = []
    if request.method == "POST" and (refused := nul_errors_of_form(request.form)):
        # nothing of the post is stored; what was typed comes back with the error beside its field
        draft, errors, values = as_typed(spec, found, draft, request.form, language()), refused, None
    elif request.method == "POST":
        outcome = _post(spec, found, draft)
        if not isinstance(outcome, list):
            return outcome
        errors = outcome
        values = None  # the post changed the answers
    return render_page(spec, found, draft, errors, returning=_returning(), values=values), 200


def _no_draft(spec: ServiceSpec) -> Any:
    """No draft behind this page: the done page when it was just sent (the back button, a second click on
    *Kirim*), else the start page, saying why when a post was lost (the draft deleted in another tab)."""
    if (session.get("filed") or {}).get("service") == spec.id:
        return redirect(url_for("portal.done", service_id=spec.id))
    if request.method == "POST":
        flash(_("Isian terakhir tidak tersimpan: draf permohonan ini tidak ditemukan lagi (mungkin sudah dihapus)."))
    return redirect(url_for("portal.start", service_id=spec.id))


def render_page(
    spec: ServiceSpec,
    page: PageSpec,
    draft: Draft,
    errors: list[FieldError] | None = None,
    *,
    returning: bool = False,
    every_field: bool = False,
    values: dict[str, Any] | None = None,
) -> str:
    """One page of the citizen's form as HTML, from a spec and a draft: the portal, `mpp preview` and previews.

    Needs a request context of an app with the portal. ``every_field`` also
    draws the fields whose condition is false now (a preview shows an author
    everything the page can ask). ``values``: the draft's answer values, when
    the caller has just computed them (cleaning every answer is most of the work).
    """
    if values is None:
        values = answer_values(spec, draft.answers)
    shown = {item.id for item in shown_fields(page, values)}
    live = {} if every_field else live_fields(page)
    drawn = [item for item in page.fields if every_field or item.id in shown or item.id in live]
    errors = errors or []
    views = page_views(
        drawn,
        draft.answers,
        draft.raw,
        prefilled(draft),
        errors,
        values,
        language(),
        live,
        registry_only_ids(spec),
        minimised_ids(spec),
    )
    return render_template(
        "portal/page.html",
        spec=spec,
        page=page,
        views=views,
        errors=errors,
        progress=_progress(spec, draft, page.id, steps(spec, draft.answers, values)),
        draft=draft,
        locked=locked_ids(spec, draft),
        returning=returning,
    )


def _post(spec: ServiceSpec, found: Any, draft: Draft) -> Any:
    """Save the posted page; a redirect when the citizen moves on or the page must be shown again, else its errors."""
    result = post_page(
        spec,
        found,
        draft,
        request.form,
        applicant_nik=applicant_nik(),
        language=language(),
        fetch=lookup_fetcher(_registries(), applicant_nik(), service=spec.id, region=draft.region or None),
    )
    if result.errors:
        _save(draft)
        return result.errors
    if result.stay:
        _save(draft)
        if result.appeared:
            flash(_("Ada pertanyaan baru atau data yang diisi otomatis di halaman ini. Periksa lalu lanjutkan."))
        return redirect(_page_url(spec, found.id) + _return_suffix() + _anchor_of(request.form.get("_action", "")))
    draft.visited = list(dict.fromkeys(draft.visited + [found.id]))
    _save(draft)
    return redirect(_after(spec, draft, found.id))


def _returning() -> bool:
    return request.args.get("kembali") == SUMMARY


def _return_suffix() -> str:
    return f"?kembali={SUMMARY}" if _returning() else ""


def _anchor_of(action: str) -> str:
    verb, _, rest = action.partition(":")
    return f"#{rest.split(':')[0]}" if verb in ("tambah", "hapus", "pilih") and rest else ""


def _after(spec: ServiceSpec, draft: Draft, page_id: str) -> str:
    """The next page; back to the summary after a change made from it, unless the change opened a new page."""
    if _returning():
        opened = first_open_step(spec, draft.answers, draft.visited)
        return _page_url(spec, opened) + _return_suffix() if opened else _page_url(spec, SUMMARY)
    return _page_url(spec, next_step(spec, draft.answers, page_id))


def _documents(spec: ServiceSpec, draft: Draft) -> Any:
    errors: list[FieldError] = []
    if request.method == "POST":
        errors, stay = post_documents(spec, draft, request.files, request.form, storage_for(current_app))
        _save(draft)
        if stay:
            return redirect(_page_url(spec, DOCUMENTS_PAGE) + _return_suffix())
        if not errors:
            draft.visited = list(dict.fromkeys(draft.visited + [DOCUMENTS_PAGE]))
            _save(draft)
            return redirect(_after(spec, draft, DOCUMENTS_PAGE))
    return render_documents(spec, draft, errors, returning=_returning())


def render_documents(
    spec: ServiceSpec,
    draft: Draft,
    errors: list[FieldError] | None = None,
    *,
    returning: bool = False,
    every_document: bool = False,
) -> str:
    """The documents page as HTML (``every_document``: those whose condition is false too, for a preview)."""
    errors = errors or []
    by_id: dict[str, list[str]] = {}
    for error in errors:
        by_id.setdefault(error.field, []).append(error.message.get(language()))
    return render_template(
        "portal/documents.html",
        spec=spec,
        documents=list(spec.documents) if every_document else shown_documents(spec, draft),
        uploads=documents_of(draft),
        field_errors=by_id,
        errors=errors,
        progress=_progress(spec, draft, DOCUMENTS_PAGE),
        draft=draft,
        returning=returning,
    )


@bp.route(f"/<service_id>/{SUMMARY}", methods=["GET", "POST"])
def summary(service_id: str) -> Any:
    spec = _spec(service_id)
    draft = _load_draft(spec)
    if draft is None:
        return _no_draft(spec)
    checked = check_application(spec, draft)
    problems = list(checked.errors)
    if request.method == "POST":
        from framework.web.database import db_session

        filed, hidden_files = without_hidden_documents(spec, draft)
        # the region was chosen at the start: it decided which definition the citizen filled
        outcome = submit_draft(
            db_session(),
            spec,
            filed,
            draft.region,
            applicant_nik(),
            definitions_dir(),
            catalog().offered(),
            loci=loci(),
        )
        if outcome.application is not None:
            for key in hidden_files:
                storage_for(current_app).delete(key)
            _forget(draft)
            session["filed"] = {"service": spec.id, "tracking_number": outcome.application.tracking_number}
            return redirect(url_for("portal.done", service_id=spec.id))
        problems = outcome.errors or problems
    return render_template(
        "portal/summary.html",
        spec=spec,
        draft=draft,
        sections=_sections(spec, draft),
        errors=problems,
        progress=_progress(spec, draft, SUMMARY),
        region_name=region_table(definitions_dir()).name(draft.region),
    )


@bp.get("/<service_id>/terkirim")
def done(service_id: str) -> Any:
    """After the submit redirect: a refresh shows the tracking number again, never re-posts."""
    spec = _spec(service_id)
    filed = session.get("filed") or {}
    if filed.get("service") != spec.id:
        return redirect(url_for("portal.start", service_id=spec.id))
    return render_template("portal/done.html", spec=spec, tracking_number=filed["tracking_number"])


def _sections(spec: ServiceSpec, draft: Draft) -> list[dict[str, Any]]:
    """Check-your-answers rows per page, each with a change link."""
    lang = language()
    values = answer_values(spec, draft.answers)
    source = prefilled(draft)
    shown = minimised_answers(spec, draft.answers, draft.prefill)  # another person's numbers, masked
    sections = []
    locked = locked_ids(spec, draft)  # a registry-only field stays unchangeable even when the registry had nothing
    for step in steps(spec, draft.answers):
        if step.page is None:
            rows = [
                {
                    "label": in_language(d.label, lang),
                    "value": draft.documents.get(d.id, {}).get("filename", ""),
                    "id": d.id,
                    "source": None,
                }
                for d in shown_documents(spec, draft)
            ]
        else:
            rows = [
                _summary_row(item, shown.get(item.id), source, lang, item.id in locked)
                for item in shown_fields(step.page, values)
            ]
        sections.append({"step": step, "rows": rows, "change": _page_url(spec, step.id) + f"?kembali={SUMMARY}"})
    return sections


def _summary_row(item: Any, value: Any, source: Any, lang: str, locked: bool) -> dict[str, Any]:
    if item.is_group:
        rows = value if isinstance(value, list) else [value] if value else []
        text: list[str] = [
            Markup(", ").join(
                Markup("{}: {}").format(in_language(c.label, lang), shown)
                for c in item.fields
                if (shown := _row_answer(c, row.get(c.id), source.get(row_path(item.id, index, c.id)), lang))
            )
            for index, row in enumerate(rows)
        ]
    else:
        text = [display_value(item, value, lang)]
    origin = source.get(item.id)
    verified = origin if origin and origin.verified else None
    return {
        "label": in_language(item.label, lang),
        "value": text,
        "id": item.id,
        "source": verified,
        "locked": locked,
    }


def _row_answer(item: Any, value: Any, origin: PrefilledValue | None, lang: str) -> str:
    """A row's answer, and for one looked up by the row's NIK where it came from: "RUDI (dari IKD)".

    Why: a family member's NIK the registry does not know was accepted
    silently; the summary now says "Belum terverifikasi (dari IKD)" beside it.
    """
    shown = display_value(item, value, lang)
    if origin is None:
        return shown
    where = source_label(origin.source).get(lang)
    state = where if origin.verified else f"{_('Belum terverifikasi')} ({where})"
    return f"{shown} ({state})" if shown else state


def _regions(spec: ServiceSpec) -> list[tuple[str, str]]:
    return offered_regions(spec, definitions_dir(), catalog().offered(), loci())
