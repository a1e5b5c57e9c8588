"""`/admin/kinerja`: the ministry's overview of the loci, a region's page, and the overview as CSV or XLSX.

Ministry staff see every region; a province's admin the overview of their
province; a regency's admin and heads (the officers whose step signs) land
on their own region's page. Every figure comes from
``framework.services.performance`` and ``framework.services.region_performance``;
this module reads the address, checks who may look, and draws the charts.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Response, abort, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor, offered_specs
from framework.core.numbers import whole_number
from framework.forms.regions import level_of, region_table
from framework.services import applications, performance_export
from framework.services.case_summary import read_summary
from framework.services.performance import (
    PARAMETERS,
    SORT_COLUMNS,
    WAVES,
    Overview,
    offered_there,
    overview,
    read_query,
)
from framework.services.region_applications import service_applications
from framework.services.region_performance import (
    RegionPage,
    head_roles,
    home_region,
    may_view,
    overdue_page,
    overview_province,
    region_page,
)
from framework.web.charts import Bar, Column, bar_chart, column_chart
from framework.web.database import db_session
from framework.web.performance import days_text, inactive_days
from framework.web.services import catalog, definitions_dir, loci
from framework.web.site import language
from framework.workflow.actors import Actor
from framework.workflow.errors import NotFound
from framework.workflow.roles import ADMIN_ROLE, MINISTRY_ROLE

EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
STEPS_CHARTED = 12


class PerformanceView(OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Kinerja daerah"), endpoint="kinerja_daerah", url="/admin/kinerja")

    def allowed(self, who: Actor) -> bool:
        if who.role == MINISTRY_ROLE:
            return True
        return bool(who.region) and (who.role == ADMIN_ROLE or who.role in head_roles(offered_specs()))

    def _overview(self, who: Actor) -> tuple[Overview, list]:
        query, errors = read_query(request.args, inactive_days())
        province = overview_province(who)
        if province:  # a province's admin: their province, whatever the address says
            query = replace(query, province=province)
        found = overview(db_session(), loci(), offered_specs(), definitions_dir(), query)
        return found, errors

    @expose("/")
    def index(self) -> Any:
        who = actor()
        if overview_province(who) is None:
            region = home_region(who)
            if region is None:
                abort(404)
            return redirect(url_for(".region", region=region))
        found, errors = self._overview(who)
        bars = [Bar(row.name, row.figures.filed, str(row.figures.filed), flagged=row.inactive) for row in found.rows]
        return self.render(
            "mpp_admin/performance_overview.html",
            overview=found,
            errors=errors,
            waves=WAVES,
            parameters=PARAMETERS,
            sort_columns=SORT_COLUMNS,
            arguments=_arguments(),
            locked_province=bool(overview_province(who)),
            chart_svg=bar_chart(bars, "grafik-daerah", row_height=17) if bars else None,
        ), 400 if errors else 200

    @expose("/unduh.<kind>")
    def export(self, kind: str) -> Any:
        who = actor()
        if kind not in EXPORTS or overview_province(who) is None:
            abort(404)
        found, errors = self._overview(who)
        if errors:
            return redirect(url_for(".index", **_arguments()))
        lang = language()
        if kind == "csv":
            body = performance_export.csv_bytes(found.rows, lang)
        else:
            body = performance_export.xlsx_bytes(found.rows, lang, _("Kinerja daerah"))
        stamp = found.now.strftime("%Y%m%d")
        return Response(
            body,
            content_type=EXPORTS[kind],  # as written: mimetype= would add a second charset
            headers={"Content-Disposition": f'attachment; filename="kinerja-daerah-{stamp}.{kind}"'},
        )

    @expose("/<region>")
    def region(self, region: str) -> Any:
        who = actor()
        specs = self._may_view(region)
        page = region_page(db_session(), region, loci(), specs, definitions_dir(), inactive_days=inactive_days())
        if page is None:
            abort(404)
        return self.render(
            "mpp_admin/performance_region.html",
            page=page,
            show_overview=overview_province(who) is not None,
            public_page=region in loci().by_region,  # only a locus has a public page (`/kinerja/<region>`)
            **_region_charts(page),
        )

    @expose("/<region>/terlambat")
    def overdue(self, region: str) -> Any:
        """Every overdue application of the region, paged (the region page lists the first ones)."""
        specs = self._may_view(region)
        found = overdue_page(db_session(), region, loci(), specs, definitions_dir(), page=_page_asked())
        return self.render("mpp_admin/performance_overdue.html", found=found)

    @expose("/<region>/layanan/<service_id>")
    def service(self, region: str, service_id: str) -> Any:
        """A service's applications in the region, newest first, paged: what its figures count."""
        specs = self._may_view(region)
        spec = next((spec for spec in specs if spec.id == service_id), None)
        step = None
        if request.args.get("tahap"):  # from a step row of the region page: those waiting there now
            step = next((step for step in spec.steps if step.id == request.args["tahap"]), None) if spec else None
            if step is None:
                abort(404)  # a step the service does not have: nothing behind the address
        found = service_applications(db_session(), region, service_id, spec, page=_page_asked(), step=step)
        if found is None:
            abort(404)
        return self.render("mpp_admin/performance_service.html", found=found)

    @expose("/<region>/permohonan/<tracking_number>")
    def case(self, region: str, tracking_number: str) -> Any:
        """One application's path through the steps, without personal data (audited)."""
        self._may_view(region)
        try:
            summary = read_summary(db_session(), tracking_number, region, actor(), codelists=catalog().codelists)
        except (NotFound, applications.BadRequest):
            abort(404)
        return self.render("mpp_admin/performance_case.html", summary=summary)

    def _may_view(self, region: str) -> list:
        """The offered services, when the officer may read the region's figures; else 404, as anything outside
        an officer's area."""
        specs = offered_specs()
        if region not in region_table().by_code or level_of(region) == "province":
            abort(404)  # not a kabupaten/kota: no page behind it
        if not may_view(actor(), region, offered_there(specs, region, definitions_dir(), loci())):
            abort(404)  # another region's page is not found, as anything outside an officer's area
        return specs


def _page_asked() -> int:
    return whole_number(request.args.get("halaman"), low=1) or 1


def _arguments() -> dict[str, Any]:
    """The overview's address parameters as given (for the sort links and the export links)."""
    return {name: request.args[name] for name in PARAMETERS.values() if request.args.get(name)}


def _region_charts(page: RegionPage) -> dict[str, Any]:
    lang = language()
    weeks = [Column(week.start.strftime("%d/%m"), (week.filed, week.decided)) for week in page.weeks]
    waits = [
        Bar(
            f"{row.step_title.get(lang)} · {row.service_title.get(lang)}",
            row.spread.median_days,
            _("%(days)s hari kerja", days=days_text(row.spread.median_days)),
            row.spread.p90_days,
        )
        for row in page.steps[:STEPS_CHARTED]
        if row.spread is not None
    ]
    return {
        "trend_svg": column_chart(weeks, [_("Diajukan"), _("Diputuskan")], "grafik-mingguan"),
        "steps_svg": bar_chart(waits, "grafik-tahap") if waits else None,
    }
