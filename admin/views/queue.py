"""`/admin/antrian`: the officer's queue, generated from the steps of their role, inside their area."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import request
from flask_admin import expose
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor, decides_here, specs_for
from framework.core.errors import FieldError, field_error
from framework.core.numbers import whole_number
from framework.services.workspace import QueueFilters, in_date_order, officer_queue
from framework.web.database import db_session
from framework.web.lookup_audit import nik_digester
from framework.web.services import catalog
from framework.workflow.actors import Actor

BAD_DATE = ("Tanggal ditulis TTTT-BB-HH, mis. 2026-08-17.", "Write dates as YYYY-MM-DD, e.g. 2026-08-17.")


def read_filters(args: Any) -> tuple[QueueFilters, list]:
    """The filter form's values (kept as typed) and the errors of the ones that do not parse."""
    errors = []
    dates: dict[str, date | None] = {}
    for name in ("dari", "sampai"):
        text = args.get(name, "").strip()
        try:
            dates[name] = date.fromisoformat(text) if text else None
        except ValueError:
            dates[name] = None
            errors.append(field_error(name, "date", *BAD_DATE))
    filters = QueueFilters(
        service=args.get("layanan", ""),
        step=args.get("tahap", ""),
        overdue=args.get("terlambat") == "1",
        submitted_from=dates["dari"],
        submitted_to=dates["sampai"],
        search=args.get("cari", "")[:40],
        status=args.get("status", "waiting") if args.get("status") in ("waiting", "returned") else "waiting",
        page=whole_number(args.get("halaman"), low=1) or 1,
    )
    filters, order_errors = in_date_order(filters)
    return filters, errors + order_errors


class QueueView(OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Antrian"), endpoint="antrian", url="/admin/antrian")

    def allowed(self, who: Actor) -> bool:
        return decides_here(who)

    @expose("/")
    def index(self) -> Any:
        filters, errors = read_filters(request.args)
        page = officer_queue(
            db_session(),
            actor(),
            specs_for(actor()),
            filters,
            codelists=catalog().codelists,
            digester=nik_digester(),
        )
        if page.search_error is not None:
            errors.append(FieldError("cari", "search", page.search_error))
        arguments = {key: value for key, value in request.args.items() if key != "halaman"}
        return self.render("mpp_admin/queue.html", page=page, errors=errors, typed=request.args, arguments=arguments)
