"""`/admin/tinjauan`: the ministry reviews what the regions propose.

The queue lists proposals, oldest first. Each opens with its diff against
what is live now (in words, each change judged), its audit, its problems if
the live catalog moved since it was proposed, and the service's history.
*Setujui* publishes at once — every process reads the new catalog within
seconds, no restart — and *Kembalikan* needs a comment, which the region
reads beside its proposal. Both go through
``framework.services.publication.review``, as `mpp definitions review` does.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor, is_ministry
from admin.views.case import kept
from admin.views.definition_pages import in_words, source_lines, words
from framework.core.errors import FieldError, nul_errors
from framework.core.numbers import whole_number
from framework.core.text import Text
from framework.services import definition_history, publication
from framework.services.catalog_audit import STATUS_WORDS
from framework.services.open_versions import moved_steps
from framework.store.definitions import PROPOSED, PUBLISHED, RETURNED, SUPERSEDED, WITHDRAWN
from framework.web.database import db_session
from framework.web.services import catalog, catalog_changed, check_context, definitions_dir, published_dir
from framework.web.simple_pages import reports_nul_itself
from framework.workflow.actors import Actor
from framework.workflow.errors import ApplicationError, Invalid, NotFound

DECIDED = (PUBLISHED, RETURNED, SUPERSEDED, WITHDRAWN)
PAGE_SIZE = 50  # decided versions per page


def not_waiting(session: Any, version_id: int) -> Text:
    """Why a version decided already cannot be decided again, its status in words (a double submit, a stale page).

    Why here: the service's refusal names the stored status (`returned`),
    which the reviewer never sees anywhere else.
    """
    status = definition_history.readable_version(session, actor(), version_id).status
    word = STATUS_WORDS.get(status, Text(status))
    return Text(
        f"Usulan ini sudah {word.id}; tidak menunggu tinjauan lagi.",
        f"This proposal is already {word.get('en')}; it no longer waits for review.",
    )


class ReviewView(OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Tinjauan usulan"), endpoint="tinjauan", url="/admin/tinjauan")

    def allowed(self, who: Actor) -> bool:
        return is_ministry(who)

    @expose("/")
    def index(self) -> Any:
        session = db_session()
        waiting = definition_history.review_queue(session)
        typed = whole_number(request.args.get("halaman"), low=1) or 1
        decided = definition_history.decided_versions(session, DECIDED, page=typed, page_size=PAGE_SIZE)
        return self.render("mpp_admin/reviews.html", waiting=waiting, decided=decided, **words())

    @expose("/<int:version_id>")
    def show(self, version_id: int) -> Any:
        return self._render(version_id, {}, [])

    def _render(self, version_id: int, posted: dict[str, str], errors: list[FieldError], status: int = 200) -> Any:
        session = db_session()
        try:
            version = definition_history.readable_version(session, actor(), version_id)
        except NotFound:
            abort(404)
        report = publication.examine_version(
            session,
            version.id,
            definitions=definitions_dir(),
            published_dir=published_dir(),
            live=catalog(),
            context=check_context(),
        )
        return self.render(
            "mpp_admin/review.html",
            version=version,
            report=report,
            history=definition_history.service_history(session, version.service_id, actor()),
            lines=source_lines(version.source, (*report.errors, *report.warnings)),
            changes=in_words(report.diff, report.base, report.spec),
            moved=moved_steps(session, report.spec, catalog().codelists) if report.spec else [],
            waiting=version.status == PROPOSED,
            posted=posted,
            errors=errors,
            **words(),
        ), status

    @expose("/<int:version_id>/keputusan", methods=["POST"])
    @reports_nul_itself
    def decide(self, version_id: int) -> Any:
        posted = {"decision": request.form.get("decision", ""), "comment": request.form.get("comment", "").strip()}
        if refused_nul := nul_errors(posted):  # the comment comes back as typed, the NUL shown where it was
            return self._render(version_id, kept(posted), refused_nul, 422)
        session = db_session()
        try:
            definition_history.readable_version(session, actor(), version_id)
            version = publication.review(
                session,
                actor(),
                version_id,
                posted["decision"],
                posted["comment"] or None,
                definitions=definitions_dir(),
                published_dir=published_dir(),
                context=check_context(),
            )
        except NotFound:
            abort(404)
        except Invalid as refused:
            session.rollback()
            return self._render(version_id, posted, refused.errors, 422)
        except ApplicationError as refused:
            session.rollback()
            message = not_waiting(session, version_id) if refused.code == "not_proposed" else refused.text
            return self._render(version_id, posted, [FieldError("decision", refused.code, message)], refused.status)
        if version.status == PUBLISHED:
            catalog_changed()
            flash(
                _(
                    "%(service)s v%(version)s terbit dan berlaku sekarang; warga dapat mengajukannya.",
                    service=version.service_id,
                    version=version.version,
                )
            )
        else:
            flash(_("Usulan #%(id)s dikembalikan kepada pengusul dengan komentar Anda.", id=version.id))
        return redirect(url_for("tinjauan.show", version_id=version.id))
