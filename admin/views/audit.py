"""`/admin/jejak-audit`: who read whose personal data in the region, and when."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_admin import expose
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor, is_regional_admin
from framework.services.audit_trail import personal_data_reads
from framework.web.database import db_session
from framework.workflow.actors import Actor

PAGE_SIZE = 50


class AuditView(OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Jejak audit"), endpoint="jejak_audit", url="/admin/jejak-audit")

    def allowed(self, who: Actor) -> bool:
        return is_regional_admin(who)

    @expose("/")
    def index(self) -> Any:
        typed = request.args.get("halaman", "1")
        page = int(typed) if typed.isdigit() and int(typed) > 0 else 1
        events, total = personal_data_reads(db_session(), actor().region or "-", page=page, page_size=PAGE_SIZE)
        return self.render(
            "mpp_admin/audit.html", events=events, total=total, page=page, pages=max(1, -(-total // PAGE_SIZE))
        )
