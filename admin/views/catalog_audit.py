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
from admin.views.definition_pages import in_words, words
from framework.core.errors import FieldError
from framework.services import catalog_audit, definition_history, publication
from framework.services.catalog_audit import CatalogAudit, CatalogFilter
from framework.web.database import db_session
from framework.web.services import (
    bundled_catalog,
    catalog,
    catalog_changed,
    check_context,
    definitions_dir,
    published_dir,
)
from framework.web.site import language
from framework.workflow.actors import Actor
from framework.workflow.errors import ApplicationError, Invalid, NotFound

FILTERS = ("jenis", "status", "wilayah", "cari")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


def read_filter(args: Any) -> CatalogFilter:
    typed = {name: args.get(name, "").strip()[:120] for name in FILTERS}
    return CatalogFilter(typed["jenis"], typed["status"], typed["wilayah"], typed["cari"])


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
        whole = self._audit()
        shown = catalog_audit.narrowed(whole, chosen)
        return self.render(
            "mpp_admin/catalog.html",
            audit=shown,
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
    def withdraw(self, service_id: str) -> Any:
        posted = {"comment": request.form.get("comment", "").strip()}
        session = db_session()
        try:
            publication.withdraw(session, actor(), service_id, posted["comment"], live=catalog())
        except Invalid as refused:
            session.rollback()
            return self._service(service_id, posted, refused.errors, 422)
        except NotFound:
            session.rollback()
            abort(404)
        except ApplicationError as refused:
            session.rollback()
            message = refused.text
            return self._service(service_id, posted, [FieldError("comment", refused.code, message)], refused.status)
        catalog_changed()
        flash(
            _(
                "%(service)s ditarik: tidak menerima permohonan baru; yang sudah diajukan tetap diproses.",
                service=service_id,
            )
        )
        return redirect(url_for("katalog.service", service_id=service_id))
