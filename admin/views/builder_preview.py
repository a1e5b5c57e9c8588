"""The builder's live preview: the citizen's real pages of the draft, beside the builder.

The same pages `mpp preview` writes (``framework.web.preview.render_form``:
the portal's ``render_page``/``render_documents`` over a sample draft
prefilled from the sandbox), rendered for the draft as it was last saved, in
the language asked for. The builder shows them in a sandboxed frame (no
script, no form posts: the pages are only to be looked at); page and
language are links that load into the frame, so the preview works without
JavaScript too. This one response lets a frame of this site show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Response, abort, current_app, url_for
from flask_admin import expose

from admin.views.builder_common import open_draft, places
from framework.forms import DOCUMENTS_PAGE
from framework.forms.sample import sample_draft
from framework.services import builder
from framework.store.builder import BuilderDraft
from framework.web.database import db_session
from framework.web.headers import content_security_policy, csp_nonce
from framework.web.preview import render_form, without_resume
from framework.web.services import catalog, plugins
from framework.web.site import LANGUAGES, language


@dataclass(frozen=True)
class Preview:
    """What the builder's preview column shows: the pages to pick, the one shown, in which language."""

    draft_id: int
    pages: list[tuple[str, str, str]] = field(default_factory=list)  # (page id, Indonesian title, English title)
    page: str = ""
    lang: str = "id"

    @property
    def available(self) -> bool:
        return bool(self.page)

    def url(self, page: str | None = None, lang: str | None = None) -> str:
        return url_for("pembuat.preview", draft_id=self.draft_id, page=page or self.page, lang=lang or self.lang)


def _frameable(response: Response) -> Response:
    """This response only: a frame of this site may show it (every other page refuses frames)."""
    policy = content_security_policy(csp_nonce()).replace("frame-ancestors 'none'", "frame-ancestors 'self'")
    response.headers["Content-Security-Policy"] = policy
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


class BuilderPreview:
    """The preview routes of `BuilderView`."""

    render: Any  # flask-admin's BaseView.render, through BuilderView

    def _preview_links(self, found: BuilderDraft, page: str | None, lang: str | None) -> Preview:
        spec = builder.preview_spec(found, places(), catalog())
        if spec is None:
            return Preview(found.id, lang=lang if lang in LANGUAGES else language())
        titles = [(p.id, p.title.get("id"), p.title.get("en")) for p in spec.pages]
        if spec.documents:
            titles.append((DOCUMENTS_PAGE, "Unggah dokumen", "Upload documents"))
        ids = [page_id for page_id, *_titles in titles]
        chosen = page if page in ids else (ids[0] if ids else "")
        return Preview(found.id, titles, chosen, lang if lang in LANGUAGES else language())

    @expose("/<int:draft_id>/pratinjau/<page>/<any(id, en):lang>")
    def preview(self, draft_id: int, page: str, lang: str) -> Any:
        found = open_draft(draft_id)
        spec = builder.preview_spec(found, places(), catalog())
        db_session().commit()
        if spec is None:
            errors = len([p for p in found.problems if p.get("severity") == "error"])
            html = self.render("mpp_admin/builder_preview_none.html", draft=found, errors=errors)
            return _frameable(Response(html))
        if page not in [p.id for p in spec.pages] + ([DOCUMENTS_PAGE] if spec.documents else []):
            abort(404)
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        html = without_resume(render_form(app, spec, sample_draft(spec, plugins()), lang, page))
        return _frameable(Response(html))
