"""`/admin/jejak-audit`: who read whose personal data in the region, and when, filtered by officer,
person (NIK), number, action and date."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_admin import expose
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor, is_regional_admin
from framework.core.numbers import whole_number
from framework.services.audit_reads import (
    DETAIL_WORDS,
    HIDDEN_DETAILS,
    READ_WORDS,
    filter_errors,
    personal_data_reads,
    typed_filter,
)
from framework.web.database import db_session
from framework.web.lookup_audit import nik_digester
from framework.workflow.actors import Actor

PAGE_SIZE = 50


class AuditView(OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Jejak audit"), endpoint="jejak_audit", url="/admin/jejak-audit")

    def allowed(self, who: Actor) -> bool:
        return is_regional_admin(who)

    @expose("/")
    def index(self) -> Any:
        typed = whole_number(request.args.get("halaman"), low=1) or 1
        wanted = typed_filter(request.args)
        errors = filter_errors(wanted)
        found = None
        if not errors:  # a filter half understood would answer a question nobody asked
            found = personal_data_reads(
                db_session(),
                actor().region or "-",
                wanted,
                page=typed,
                page_size=PAGE_SIZE,
                digester=nik_digester(),
            )
        return self.render(
            "mpp_admin/audit.html",
            found=found,
            wanted=wanted,
            errors=errors,
            arguments=wanted.as_query(),
            action_words=READ_WORDS,
            detail_words=DETAIL_WORDS,
            hidden_details=HIDDEN_DETAILS,
        ), (400 if errors else 200)
