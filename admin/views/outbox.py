"""`/admin/pesan-tertahan`: parked outbox messages of the region, their error, and a retry."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor, is_regional_admin
from framework.services.parked import parked_messages, unpark
from framework.web.database import db_session
from framework.workflow.actors import Actor


class OutboxView(OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Pesan tertahan"), endpoint="pesan_tertahan", url="/admin/pesan-tertahan")

    def allowed(self, who: Actor) -> bool:
        return is_regional_admin(who)

    @expose("/")
    def index(self) -> Any:
        return self.render("mpp_admin/outbox.html", messages=parked_messages(db_session(), actor().region or "-"))

    @expose("/<int:message_id>/ulang", methods=["POST"])
    def retry(self, message_id: int) -> Any:
        who = actor()
        if not unpark(db_session(), message_id, by=who, scope=who.region or "-"):
            abort(404)
        flash(_("Pesan %(id)s akan dicoba lagi oleh worker.", id=message_id))
        return redirect(url_for("pesan_tertahan.index"))
