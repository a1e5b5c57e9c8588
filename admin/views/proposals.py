"""`/admin/usulan`: a regional admin proposes their region's definitions and follows the ministry's review.

Upload a YAML file or paste it; *Periksa* checks it without storing anything
and *Ajukan* proposes it (``framework.services.publication.examine`` and
``propose``, which `mpp definitions propose` calls too). Either way the page
shows the problems beside the lines they are on, the changes against what is
live in words with their verdict, and the audit; the text stays in the box
after any error. The list shows the region's versions with their status and
the ministry's comments; a returned one is fixed and proposed again from its
own page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypedDict

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor, is_regional_admin
from admin.views.definition_pages import PASTED_FIELD_CAP, Typed, in_words, read_typed, source_lines, words
from framework.core.numbers import whole_number
from framework.definition import Catalog
from framework.definition.context import CheckContext
from framework.services import definition_history, publication
from framework.services.publication import Proposal
from framework.store.definitions import RETURNED
from framework.web.database import db_session
from framework.web.services import catalog, check_context, definitions_dir, published_dir
from framework.web.simple_pages import form_fields_at_most, keeps_typed_when_expired, reports_nul_itself
from framework.workflow.actors import Actor
from framework.workflow.errors import Invalid, NotFound

CHECK, PROPOSE = "periksa", "ajukan"


class Places(TypedDict):
    """Where a definition is checked: the keyword arguments `publication.propose` and `examine` share."""

    definitions: Path
    published_dir: Path
    live: Catalog
    context: CheckContext


class ProposalsView(OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Usulan layanan"), endpoint="usulan", url="/admin/usulan")

    def allowed(self, who: Actor) -> bool:
        return is_regional_admin(who)

    @expose("/")
    def index(self) -> Any:
        session = db_session()
        mine = definition_history.region_versions(session, actor())
        events = definition_history.version_events(session, [v.id for v in mine])
        return self.render("mpp_admin/proposals.html", versions=mine, events=events, **words())

    @expose("/baru", methods=["GET", "POST"])
    @reports_nul_itself
    @form_fields_at_most(PASTED_FIELD_CAP)
    @keeps_typed_when_expired
    def new(self) -> Any:
        if request.method == "GET":
            return self._form(self._start_from(request.args.get("dari", "")), None)
        typed = read_typed(request.form, request.files.get("berkas"))
        if typed.errors:
            return self._form(typed, None, 422)
        chosen = request.form.get("tindakan", CHECK)
        try:
            result = self._run(typed, propose=chosen == PROPOSE)
        except Invalid as refused:
            db_session().rollback()
            return self._form(Typed(typed.source, typed.filename, refused.errors), None, 422)
        if result.version is not None:
            version = result.version
            flash(
                _(
                    "Usulan #%(id)s (%(service)s v%(version)s) dikirim ke kementerian untuk ditinjau.",
                    id=version.id,
                    service=version.service_id,
                    version=version.version,
                )
            )
            return redirect(url_for("usulan.show", version_id=version.id))
        held = result.errors or (chosen == PROPOSE and result.refused_by_strict)  # held to `mpp validate --strict`
        return self._form(typed, result, 422 if held else 200, checked=chosen == CHECK)

    def _run(self, typed: Typed, propose: bool) -> Proposal:
        places: Places = {
            "definitions": definitions_dir(),
            "published_dir": published_dir(),
            "live": catalog(),
            "context": check_context(),
        }
        session = db_session()
        if propose:
            return publication.propose(session, actor(), typed.source, typed.filename, **places)
        return publication.examine(session, typed.source, typed.filename, proposer=actor(), **places)

    def _start_from(self, version_id: str) -> Typed:
        """A new proposal starts empty, or from one of the region's returned versions (to fix it)."""
        if not version_id:
            return Typed()
        number = whole_number(version_id)
        if number is None:  # `?dari=²`: no version's number
            abort(404)
        version = self._readable(number)
        return Typed(version.source, version.filename)

    def _readable(self, version_id: int) -> Any:
        try:
            return definition_history.readable_version(db_session(), actor(), version_id)
        except NotFound:
            abort(404)

    def _form(self, typed: Typed, result: Proposal | None, status: int = 200, checked: bool = False) -> Any:
        problems = (*result.errors, *result.warnings) if result else ()
        return self.render(
            "mpp_admin/proposal_form.html",
            typed=typed,
            result=result,
            checked=checked,
            lines=source_lines(typed.source, problems) if result else [],
            changes=in_words(result.diff, result.base, result.spec) if result else [],
            **words(),
        ), status

    @expose("/<int:version_id>")
    def show(self, version_id: int) -> Any:
        version = self._readable(version_id)
        report = publication.examine_version(
            db_session(),
            version.id,
            definitions=definitions_dir(),
            published_dir=published_dir(),
            live=catalog(),
            context=check_context(),
        )
        history = definition_history.service_history(db_session(), version.service_id, actor())
        return self.render(
            "mpp_admin/proposal.html",
            version=version,
            report=report,
            history=history,
            lines=source_lines(version.source, (*report.errors, *report.warnings)),
            changes=in_words(report.diff, report.base, report.spec),
            fixable=version.status == RETURNED,
            **words(),
        )
