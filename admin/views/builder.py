"""`/admin/pembuat`: the service builder — a regional admin writes a service without YAML.

Start from blank, from a national service (as the region's variant), from
a live service of the region (its next version) or from a file (YAML as
written, or an XLSForm). The overview lists the draft's pages and fields,
documents, rules and steps, each with the problems the checker found there;
beside it, the citizen's real pages (`builder_preview`). Editing is in
`builder_edit`; every save is checked like `mpp validate` and kept, even
when it has errors. "Ajukan" proposes the draft through the publication
workflow. Server-rendered and usable without JavaScript;
`static/builder.js` only makes the condition builder and the type-specific
inputs friendlier.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.access import OfficerView, actor
from admin.views import builder_pages as pages
from admin.views.builder_common import open_draft, places, problem_link
from admin.views.builder_edit import BuilderEditing
from admin.views.case import kept
from admin.views.definition_pages import in_words, nul_in_source
from framework.authoring import builder_start
from framework.authoring.document import mappings
from framework.core.errors import NUL, FieldError, nul_errors
from framework.core.text import Text
from framework.definition.catalog import Catalog
from framework.services import builder
from framework.services.officers import ADMIN_ROLE
from framework.web.database import db_session
from framework.web.services import catalog
from framework.web.simple_pages import reports_nul_itself
from framework.web.site import language
from framework.workflow.actors import Actor
from framework.workflow.errors import ApplicationError


def templates_for(live: Catalog, lang: str) -> list[tuple[str, str]]:
    """National services and templates a region may adapt, by title in ``lang``."""
    offered = [spec for spec in live.specs.values() if spec.template or not spec.region]
    return sorted((spec.id, f"{spec.title.get(lang)} ({spec.id})") for spec in offered)


def own_services(live: Catalog, region: str, lang: str) -> list[tuple[str, str]]:
    """The region's live services, by title in ``lang``."""
    return sorted(
        (spec.id, f"{spec.title.get(lang)} ({spec.id})") for spec in live.specs.values() if spec.region == region
    )


def _nul_in_file(content: bytes) -> FieldError | None:
    """The error for an uploaded YAML file holding a NUL, with the line of the first one (None when it holds none).

    Why: the checker's own message for it is one of the file's YAML
    problems, listed apart from the form; the upload's input names it, as
    `/admin/usulan/baru` does (``definition_pages.read_typed``). A file that
    is not UTF-8 is left to the checker, which names its first wrong byte.
    """
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return nul_in_source(text, "file")


class BuilderView(BuilderEditing, OfficerView):
    def __init__(self) -> None:
        super().__init__(name=_l("Pembuat layanan"), endpoint="pembuat", url="/admin/pembuat")

    def allowed(self, who: Actor) -> bool:
        return who.role == ADMIN_ROLE and bool(who.region)

    # --- the list and the starts ------------------------------------------------------------

    def _list(
        self,
        upload_errors: list[str] | None = None,
        status: int = 200,
        posted: Mapping[str, str] | None = None,
        errors: list[FieldError] | None = None,
    ) -> Any:
        """The drafts and the forms that start one; ``posted`` and ``errors``: a refused start, as typed, with why."""
        who, live = actor(), catalog()
        return self.render(
            "mpp_admin/builder_list.html",
            drafts=[
                (found, builder.title_of(found, language(), live)) for found in builder.drafts_of(db_session(), who)
            ],
            templates=templates_for(live, language()),
            services=own_services(live, who.region or "", language()),
            upload_errors=upload_errors or [],
            posted=posted or {},
            errors=errors or [],
        ), status

    def _refused_nul(self, posted: dict[str, str]) -> Any | None:
        """The start page again (422) when a value of ``posted`` holds a NUL: as typed, the NUL shown as U+FFFD and
        named beside its input; None when none does.

        Why: the site's guard (``framework.web.site.refuse_nul``) answered a
        page of its own, and what the author had typed in the form was gone.
        """
        refused = nul_errors(posted)
        return self._list(status=422, posted=kept(posted), errors=refused) if refused else None

    @expose("/")
    def index(self) -> Any:
        return self._list()

    def _started(self, source: str, origin: str) -> Any:
        found = builder.create(db_session(), actor(), source, origin)
        builder.check(found, places(), catalog())
        db_session().commit()
        flash(_("Draf dibuat."))
        return redirect(url_for("pembuat.draft", draft_id=found.id))

    @expose("/baru", methods=["POST"])
    @reports_nul_itself
    def blank(self) -> Any:
        form = request.form
        posted = {name: form.get(name, "") for name in ("title_id", "title_en", "sector", "name")}
        if (refused := self._refused_nul(posted)) is not None:
            return refused
        title = Text(form.get("title_id", "").strip(), form.get("title_en", "").strip() or None)
        source = builder_start.blank_source(form.get("sector", ""), form.get("name", ""), title, actor().region or "")
        return self._started(source, "blank")

    @expose("/varian", methods=["POST"])
    @reports_nul_itself
    def variant(self) -> Any:
        template_id = request.form.get("template", "")
        if (refused := self._refused_nul({"template": template_id})) is not None:
            return refused
        if template_id not in dict(templates_for(catalog(), language())):
            abort(404)
        return self._started(builder_start.variant_source(template_id, actor().region or ""), f"template:{template_id}")

    @expose("/buka", methods=["POST"])
    @reports_nul_itself
    def open_service(self) -> Any:
        live, service_id = catalog(), request.form.get("service", "")
        if (refused := self._refused_nul({"service": service_id})) is not None:
            return refused
        if service_id not in dict(own_services(live, actor().region or "", language())):
            abort(404)
        source = builder.live_source(db_session(), live, service_id)
        copy = builder_start.copy_source(source, live.specs[service_id].version + 1)
        return self._started(copy, f"service:{service_id}")

    @expose("/unggah", methods=["POST"])
    def upload(self) -> Any:
        sent = request.files.get("file")
        if sent is None or not sent.filename:
            return self._list([_("Pilih berkas YAML atau XLSForm untuk diunggah.")], 422)
        content, region = sent.read(builder_start.MAX_UPLOAD), actor().region or ""
        name = sent.filename.replace(NUL, "")  # the browser's, not typed: dropped, not reported (kept as the origin)
        if name.lower().endswith((".xlsx", ".xls")):
            imported = builder_start.xlsform_source(name, content, region, language())
            if imported.source is None:
                return self._list(imported.problems, 422)
            return self._started(imported.source, f"xlsform:{name}")
        if (nul := _nul_in_file(content)) is not None:
            return self._list(status=422, errors=[nul])
        source, errors = builder_start.upload_source(name, content, region)
        if source is None:
            return self._list([error.format(language()) for error in errors], 422)
        return self._started(source, f"file:{name}")

    # --- one draft ------------------------------------------------------------------------------

    @expose("/<int:draft_id>/")
    def draft(self, draft_id: int) -> Any:
        found = open_draft(draft_id)
        checked = builder.check(found, places(), catalog())
        db_session().commit()
        data = pages.data_of(found.source)
        return self.render(
            "mpp_admin/builder_draft.html",
            draft=found,
            draft_title=builder.title_of(found, language(), catalog()),
            data=data,
            checked=checked,
            elements=pages.elements(data, found.problems, pages.template_data(data, catalog())),
            general=pages.general_problems(found.problems),
            standard_problems=pages.own_problems(found.problems, "standard"),
            inherited=self._inherited(data, checked),
            preview=self._preview_links(found, request.args.get("halaman"), request.args.get("bahasa")),
            types=pages.choices(catalog(), found.region, (), (), data)["types"],
            message=pages.message,
            problem_link=problem_link(found.id, data),
        )

    def _inherited(self, data: dict[str, Any], checked: builder.Checked) -> dict[str, list[tuple[str, str, str]]]:
        """For a variant: the template's pages, fields, documents, rules and steps it does not itself write (a field:
        all, as a page the variant writes holds only the fields it adapts)."""
        spec = pages.template_of(data, catalog())
        if spec is None:
            return {}
        own = {
            str(item.get("id")) for key in ("documents", "steps", "rules", "pages") for item in mappings(data.get(key))
        }
        lang = language()
        return {
            "pages": [(p.id, p.title.get(lang), "") for p in spec.pages if p.id not in own],
            "fields": [(f.id, f.label.get(lang), page.id) for page in spec.pages for f in page.fields],
            "documents": [(d.id, d.label.get(lang), "") for d in spec.documents if d.id not in own],
            "steps": [(s.id, s.title.get(lang), "") for s in spec.steps if s.id not in own],
            "rules": [(r.id, r.message.get(lang), "") for r in spec.rules if r.id and r.id not in own],
        }

    @expose("/<int:draft_id>/yaml")
    def source(self, draft_id: int) -> Any:
        found = open_draft(draft_id)
        if request.args.get("unduh"):
            return Response(
                found.source,
                mimetype="application/yaml",
                headers={"Content-Disposition": f'attachment; filename="{builder.file_name(found)}"'},
            )
        return self.render("mpp_admin/builder_yaml.html", draft=found)

    @expose("/<int:draft_id>/ajukan", methods=["POST"])
    def propose(self, draft_id: int) -> Any:
        open_draft(draft_id)
        try:
            proposal = builder.propose(db_session(), actor(), draft_id, places())
        except ApplicationError as refused:
            db_session().rollback()
            abort(refused.status)
        found = open_draft(draft_id)
        changes = in_words(proposal.diff, proposal.base, proposal.spec)  # as the ministry's review words them
        return self.render("mpp_admin/builder_proposed.html", draft=found, proposal=proposal, changes=changes), (
            200 if proposal.accepted else 422
        )

    @expose("/<int:draft_id>/buang", methods=["GET", "POST"])
    def discard(self, draft_id: int) -> Any:
        found = open_draft(draft_id)
        if request.method == "GET":
            return self.render(
                "mpp_admin/builder_confirm.html",
                draft=found,
                what=builder.title_of(found, language(), catalog()) or found.service_id,
                path="",
            )
        builder.delete(db_session(), actor(), draft_id)
        flash(_("Draf dihapus."))
        return redirect(url_for("pembuat.index"))
