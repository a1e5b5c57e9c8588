"""Who is signed in to the admin, and what each screen lets them do.

The account is read from the database on every request (not trusted from the
session cookie), so a disabled officer, a new role or a new area takes effect
at once. Each screen says who may open it (``allowed``); anyone signed out is
sent to the officer sign-in and comes back, anyone else gets 403 — and the
service functions check again, in their queries.
"""

from __future__ import annotations

from typing import Any

from flask import abort, g, redirect, request, url_for
from flask_admin import AdminIndexView, BaseView, expose
from flask_babel import lazy_gettext as _l

from framework.definition.model import ServiceSpec
from framework.services import definition_history
from framework.services.officers import Catalog, current_officer
from framework.store.models import User
from framework.web.database import db_session
from framework.web.services import catalog, definitions_dir, loci
from framework.web.signin import signed_in_officer
from framework.workflow.actors import Actor
from framework.workflow.roles import ADMIN_ROLE, MINISTRY_ROLE

SIGN_IN = "/masuk/petugas"


def officer() -> tuple[User, Actor] | None:
    """The signed-in, active officer (cached for the request)."""
    if "mpp_officer" not in g:
        remembered = signed_in_officer() or {}
        username = remembered.get("username") if isinstance(remembered, dict) else None
        g.mpp_officer = current_officer(db_session(), str(username), request.remote_addr) if username else None
    return g.mpp_officer


def actor() -> Actor:
    found = officer()
    if found is None:
        abort(403)
    return found[1]


def offered_specs() -> list[ServiceSpec]:
    return catalog().offered()


def specs_for(who: Actor) -> list[ServiceSpec]:
    """The services of the officer's queue: those offered where they work, and those withdrawn there with
    applications still open (they continue to their decision)."""
    from framework.services.officers import offered_in
    from framework.services.workspace import still_filed_under

    if who.national:
        offered = offered_specs()
    elif who.region:
        offered = offered_in(officer_catalog(), who.region)
    else:
        return []
    return offered + still_filed_under(db_session(), who, offered, catalog())


def step_roles() -> set[str]:
    return {step.role for spec in offered_specs() for step in spec.steps}


def officer_catalog() -> Catalog:

    return Catalog.of(offered_specs(), definitions_dir(), loci())


def is_step_officer(who: Actor) -> bool:
    if not who.region:
        return False
    return who.role in step_roles() or who.role in _withdrawn_step_roles(who)


def _withdrawn_step_roles(who: Actor) -> set[str]:
    """The step roles of services withdrawn in the officer's area, or of older versions of services, that still
    have open applications there.

    Asked only when the role has no step in any offered service: an officer
    whose only service was withdrawn, or whose step a new version renamed or
    gave to another role, keeps the queue until its last application there
    is decided (each is decided under the version it was filed under).
    """
    from framework.services.open_versions import open_versions
    from framework.services.workspace import still_filed_under

    if "mpp_withdrawn_roles" not in g:
        offered = offered_specs()
        pending = still_filed_under(db_session(), who, offered, catalog())
        older = open_versions(db_session(), who, offered + pending, catalog().codelists)
        g.mpp_withdrawn_roles = {step.role for spec in pending + older for step in spec.steps}
    return g.mpp_withdrawn_roles


def decides_here(who: Actor) -> bool:
    """Step officers in their area; ministry staff everywhere, on the services whose steps are theirs."""
    return is_step_officer(who) or (who.national and who.role in step_roles())


def is_regional_admin(who: Actor) -> bool:
    return who.role == ADMIN_ROLE and bool(who.region)


def is_ministry(who: Actor) -> bool:
    return who.role == MINISTRY_ROLE


class OfficerView(BaseView):
    """A screen for signed-in officers; ``allowed`` narrows it to some of them."""

    def allowed(self, who: Actor) -> bool:
        return True

    def is_accessible(self) -> bool:
        """Asked for the page and for every menu entry: answered once per view and request."""
        decided = g.setdefault("mpp_access", {})
        if self.endpoint not in decided:
            found = officer()
            decided[self.endpoint] = found is not None and self.allowed(found[1])
        return bool(decided[self.endpoint])

    def is_visible(self) -> bool:
        return self.is_accessible()

    def _handle_view(self, name: str, **kwargs: Any) -> Any:
        found = officer()
        if found is not None and found[0].must_change_password and self.endpoint != "akun":
            return redirect(url_for("akun.index"))
        return super()._handle_view(name, **kwargs)

    def inaccessible_callback(self, name: Any, **kwargs: Any) -> Any:
        if officer() is None:
            return redirect(f"{SIGN_IN}?next={request.full_path.rstrip('?')}")
        abort(403)


class Home(OfficerView, AdminIndexView):
    """`/admin/`: where an officer lands after signing in — their queue, or their region's officers."""

    def __init__(self) -> None:
        AdminIndexView.__init__(self, name=_l("Beranda"), url="/admin", endpoint="admin")

    def is_visible(self) -> bool:
        return False

    @expose("/")
    def index(self) -> Any:
        who = actor()
        if is_ministry(who):  # what waits for the ministry first, else the regions' performance
            waiting = definition_history.review_queue(db_session())
            return redirect(url_for("tinjauan.index" if waiting else "kinerja_daerah.index"))
        if is_step_officer(who):
            return redirect(url_for("antrian.index"))
        if is_regional_admin(who):
            return redirect(url_for("petugas.index"))
        return self.render("mpp_admin/home.html")
