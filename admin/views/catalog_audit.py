"""`/admin/katalog`: the ministry's audit of every definition, national and regional.

The catalog (version, region, status, SLA, fee, compliance, last change and
by whom) is ``framework.services.catalog_audit.catalog_audit`` — the function
`mpp audit` prints — narrowed by the auditor's filters and exported as CSV.
A service's page has its compliance report and data-minimisation findings,
what a regional variant changed from its template (each change judged by the
judges that refuse a loosening variant), its history, any two of its versions
compared in words, and the withdrawal of a live service with a reason.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response, abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor, is_ministry
from admin.views.case import kept
from admin.views.definition_pages import in_words, words
from framework.core.errors import FieldError, nul_errors
from framework.core.numbers import page_within, whole_number
from framework.core.text import Text
from framework.forms.regions import region_table
from framework.services import catalog_audit, definition_history, publication
from framework.services.catalog_audit import SUPERSEDED, CatalogAudit, CatalogFilter
from framework.web.database import db_session
from framework.web.services import (
    bundled_catalog,
    catalog,
    catalog_changed,
    check_context,
    definitions_dir,
    published_dir,
)
from framework.web.simple_pages import reports_nul_itself
from framework.web.site import language
from framework.workflow.actors import Actor
from framework.workflow.errors import ApplicationError, Invalid, NotFound

FILTERS = ("jenis", "status", "wilayah", "cari")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas
PAGE_SIZE = 50  # definitions per page: a nation's regional variants run to hundreds


def read_filter(args: Any) -> CatalogFilter:
    typed = {name: args.get(name, "").strip()[:120] for name in FILTERS}
    kind = _key_of(typed["jenis"], catalog_audit.KIND_WORDS)
    return CatalogFilter(kind, _key_of(typed["status"], catalog_audit.STATUS_WORDS), typed["wilayah"], typed["cari"])


def _key_of(value: str, words: dict[str, Text]) -> str:
    """The URL's key for a value typed as the list shows it (`?status=ditarik` is `withdrawn`)."""
    folded = value.casefold()
    return next(
        (key for key, word in words.items() if folded in (word.id.casefold(), word.get("en").casefold())), value
    )


def filter_errors(chosen: CatalogFilter) -> list[FieldError]:
    """A filter value nothing can match, named with the values it accepts.

    Why: an unknown `?status=` or `?wilayah=` (a hand-edited or old link)
    showed an empty table, as if the catalog had no such definitions.
    """
    errors = []
    if chosen.kind and chosen.kind not in catalog_audit.KIND_WORDS:
        errors.append(_unknown("jenis", Text("Jenis", "Kind"), chosen.kind, catalog_audit.KIND_WORDS))
    statuses = {key: word for key, word in catalog_audit.STATUS_WORDS.items() if key != SUPERSEDED}
    if chosen.status and chosen.status not in statuses:
        errors.append(_unknown("status", Text("Status", "Status"), chosen.status, statuses))
    if chosen.region and chosen.region != "-" and chosen.region not in region_table().by_code:
        value = chosen.region
        errors.append(
            FieldError(
                "wilayah",
                "unknown_region",
                Text(
                    f"Kode wilayah “{value}” tidak dikenal. Isi kode Kemendagri bertitik dari data wilayah, "
                    "mis. 73 (provinsi) atau 73.06 (kabupaten/kota), atau “-” untuk layanan nasional.",
                    f"Region code “{value}” is not known. Enter a dotted Kemendagri code from the region data, "
                    "e.g. 73 (province) or 73.06 (regency/city), or “-” for national services.",
                ),
            )
        )
    return errors


def _unknown(name: str, label: Text, value: str, accepted: dict[str, Text]) -> FieldError:
    """`Status “x” tidak dikenal. Pilih salah satu: bawaan (bundled), …`: the words the list shows, and the URL's."""
    words_id = ", ".join(f"{word.id} ({key})" for key, word in accepted.items())
    words_en = ", ".join(key for key in accepted)
    return FieldError(
        name,
        "unknown_value",
        Text(
            f"{label.id} “{value}” tidak dikenal. Pilih salah satu: {words_id}.",
            f"{label.get('en')} “{value}” is not known. Choose one of: {words_en}.",
        ),
    )


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never evaluates (titles come from definitions anyone may propose)."""
    return "'" + value if value.startswith(FORMULA_START) else value


class CatalogAuditView(OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Katalog dan audit"), endpoint="katalog", url="/admin/katalog")

    def allowed(self, who: Actor) -> bool:
        return is_ministry(who)

    def _audit(self, services: tuple[str, ...] = ()) -> CatalogAudit:
        return catalog_audit.catalog_audit(catalog(), catalog_audit.records(db_session()), services=services)

    @expose("/")
    def index(self) -> Any:
        chosen = read_filter(request.args)
        errors = filter_errors(chosen)
        whole = self._audit()
        shown = catalog_audit.narrowed(whole, chosen) if not errors else CatalogAudit(())
        page, pages = page_within(whole_number(request.args.get("halaman"), low=1) or 1, len(shown.entries), PAGE_SIZE)
        return self.render(
            "mpp_admin/catalog.html",
            audit=shown,
            rows=shown.entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
            page=page,
            pages=pages,
            errors=errors,
            report=shown.report,
            total=len(whole.entries),
            typed={name: request.args.get(name, "") for name in FILTERS},
            arguments={name: request.args[name] for name in FILTERS if request.args.get(name)},
            kinds=catalog_audit.KIND_WORDS,
            statuses=catalog_audit.STATUS_WORDS,
            **words(),
        )

    @expose("/katalog.csv")
    def export(self) -> Any:
        shown = catalog_audit.narrowed(self._audit(), read_filter(request.args))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in catalog_audit.csv_rows(shown, language()):
            writer.writerow([_cell(value) for value in row])
        return Response(
            "\ufeff" + buffer.getvalue(),  # the BOM tells spreadsheet programs the file is UTF-8
            mimetype="text/csv",
            headers={"Content-Disposition": "attachment; filename=katalog-layanan-mpp.csv"},
        )

    @expose("/<service_id>")
    def service(self, service_id: str) -> Any:
        return self._service(service_id, {}, [])

    def _service(self, service_id: str, posted: dict[str, str], errors: list[FieldError], status: int = 200) -> Any:
        found = self._audit((service_id,)).entries
        if not found:
            abort(404)
        entry = found[0]
        session, live = db_session(), catalog()
        spec = live.specs.get(service_id)
        template = live.specs.get(spec.extends) if spec is not None and spec.extends else None
        variant = definition_history.template_changes(live, spec) if spec is not None else None
        return self.render(
            "mpp_admin/catalog_service.html",
            entry=entry,
            spec=spec,
            national=template,
            variant_changes=in_words(variant, template, spec),
            is_variant=variant is not None,
            history=definition_history.service_history(session, service_id, actor()),
            choices=definition_history.version_choices(session, service_id, bundled_catalog()),
            extended_by=sorted(s.id for s in live.specs.values() if s.extends == service_id),
            posted=posted,
            errors=errors,
            **words(),
        ), status

    @expose("/<service_id>/beda")
    def compare(self, service_id: str) -> Any:
        old_key, new_key = request.args.get("dari", ""), request.args.get("ke", "")
        try:
            compared = definition_history.compare_versions(
                db_session(),
                service_id,
                old_key,
                new_key,
                bundled=bundled_catalog(),
                definitions=definitions_dir(),
                published_dir=published_dir(),
                context=check_context(),
            )
        except NotFound:
            abort(404)
        return self.render(
            "mpp_admin/catalog_compare.html",
            service_id=service_id,
            compared=compared,
            changes=in_words(compared.diff, compared.old_spec, compared.new_spec),
            choices=definition_history.version_choices(db_session(), service_id, bundled_catalog()),
            **words(),
        )

    @expose("/<service_id>/tarik", methods=["POST"])
    @reports_nul_itself
    def withdraw(self, service_id: str) -> Any:
        posted = {"comment": request.form.get("comment", "").strip()}
        if refused_nul := nul_errors(posted):  # the reason comes back as typed, the NUL shown where it was
            return self._service(service_id, kept(posted), refused_nul, 422)
        session = db_session()
        try:
            publication.withdraw(session, actor(), service_id, posted["comment"], live=catalog())
        except Invalid as refused:
            session.rollback()
            return self._service(service_id, posted, refused.errors, 422)
        except ApplicationError as refused:  # already withdrawn (409), extended by others (409); unknown: 404 below
            session.rollback()
            return self._service(
                service_id, posted, [FieldError("comment", refused.code, refused.text)], refused.status
            )
        catalog_changed()
        flash(
            _(
                "%(service)s ditarik: tidak menerima permohonan baru; yang sudah diajukan tetap diproses.",
                service=service_id,
            )
        )
        return redirect(url_for("katalog.service", service_id=service_id))

    @expose("/<service_id>/pulihkan", methods=["POST"])
    @reports_nul_itself
    def restore(self, service_id: str) -> Any:
        """Take a withdrawn service back as it was withdrawn (``publication.restore``): the same people, a reason."""
        posted = {"comment": request.form.get("comment", "").strip()}
        if refused_nul := nul_errors(posted):
            return self._service(service_id, kept(posted), refused_nul, 422)
        session = db_session()
        try:
            publication.restore(
                session,
                actor(),
                service_id,
                posted["comment"],
                live=catalog(),
                definitions=definitions_dir(),
                published_dir=published_dir(),
                context=check_context(),
            )
        except Invalid as refused:
            session.rollback()
            return self._service(service_id, posted, refused.errors, 422)
        except ApplicationError as refused:  # not withdrawn (409), its base not live, no longer sound
            session.rollback()
            return self._service(
                service_id, posted, [FieldError("comment", refused.code, refused.text)], refused.status
            )
        catalog_changed()
        flash(_("%(service)s dipulihkan: menerima permohonan baru lagi.", service=service_id))
        return redirect(url_for("katalog.service", service_id=service_id))
