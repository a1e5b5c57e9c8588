"""flask-admin screens for officers and regional admins, mounted at `/admin`.

`register(app)` is the value of the `mpp.web` entry point (setup.cfg): the
framework never imports this package. Every screen is a flask-admin view
with its permission in ``is_accessible()`` (`admin.access`) and again in the
service function it calls (`framework.services.*`), which also decides what
the officer's area lets them see. Pages use the portal's layout (header,
language switch), the portal's CSS plus `static/admin.css`, and no
JavaScript.
"""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_admin import Admin
from flask_admin.theme import Theme

from admin.access import Home
from admin.helpers import register_helpers
from admin.views.account import AccountView
from admin.views.audit import AuditView
from admin.views.builder import BuilderView
from admin.views.case import CaseView
from admin.views.catalog_audit import CatalogAuditView
from admin.views.complaints import ComplaintsView
from admin.views.counter import CounterView
from admin.views.officers import OfficersView
from admin.views.outbox import OutboxView
from admin.views.performance import PerformanceView
from admin.views.proposals import ProposalsView
from admin.views.queue import QueueView
from admin.views.reviews import ReviewView

assets = Blueprint(
    "mpp_admin", __name__, template_folder="templates", static_folder="static", static_url_path="/admin-static"
)


def register(app: Flask) -> None:
    """Mount the officer workspace on ``app`` (called by the app factory through `mpp.web`)."""
    app.register_blueprint(assets)
    register_helpers(app)
    screens = Admin(
        app,
        name="MPP Digital",
        index_view=Home(),
        theme=Theme(folder="mpp", base_template="mpp_admin/base.html"),
    )
    screens.add_views(
        QueueView(),
        CaseView(),
        CounterView(),
        ComplaintsView(),
        OfficersView(),
        AuditView(),
        OutboxView(),
        ProposalsView(),
        ReviewView(),
        CatalogAuditView(),
        BuilderView(),
        PerformanceView(),
        AccountView(),
    )
