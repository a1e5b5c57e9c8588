"""Previews of a citizen's form: the real portal pages, rendered without a database, a server or a sign-in.

`mpp preview FILE` writes them as static HTML; the builder's live preview
(later, in the admin) renders the same pages in its own request. Both go
through :func:`render_form`: the portal's own ``render_page`` and
``render_documents`` over a sample draft prefilled from the sandbox
(``framework.forms.sample``), in both languages, inside a request context of
an app whose database is never opened.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, render_template, session

from framework.definition import Catalog
from framework.definition.model import ServiceSpec
from framework.forms.sample import Sample
from framework.forms.visibility import DOCUMENTS_PAGE
from framework.web.portal import render_documents, render_page
from framework.web.site import LANGUAGES

STATIC = Path(__file__).parent / "static" / "portal"
INDEX = "index.html"


@dataclass(frozen=True)
class RenderedPage:
    """One page of the form in one language."""

    page: str  # page id, or DOCUMENTS_PAGE
    language: str
    html: str

    @property
    def filename(self) -> str:
        return page_file(self.page, self.language)


def page_file(page: str, language: str) -> str:
    return f"{page}.{language}.html"


def preview_app(spec: ServiceSpec, config: dict | None = None) -> Flask:
    """The real app around ``spec`` alone, on an in-memory database it never opens (nothing is saved)."""
    from framework.web import create_app

    settings = {
        "MPP_CATALOG": Catalog(specs={spec.id: spec}, errors=()),
        "MPP_DATABASE_URL": "sqlite://",
        "SECRET_KEY": "preview",
        "WTF_CSRF_ENABLED": False,
    }
    return create_app({**settings, **(config or {})})


def _page_ids(spec: ServiceSpec) -> list[str]:
    return [page.id for page in spec.pages] + ([DOCUMENTS_PAGE] if spec.documents else [])


def render_form(app: Flask, spec: ServiceSpec, sample: Sample, language: str, page_id: str) -> str:
    """One page of ``spec`` as the citizen sees it in ``language``, every field and document drawn."""
    with app.test_request_context(f"/layanan/{spec.id}/{page_id}"):
        session["lang"] = language
        if page_id == DOCUMENTS_PAGE:
            return render_documents(spec, sample.draft, every_document=True)
        page = next(page for page in spec.pages if page.id == page_id)
        return render_page(spec, page, sample.draft, every_field=True)


def render_all(app: Flask, spec: ServiceSpec, sample: Sample) -> Iterator[RenderedPage]:
    """Every page of the form, in Bahasa Indonesia and English."""
    for language in LANGUAGES:
        for page_id in _page_ids(spec):
            yield RenderedPage(page_id, language, render_form(app, spec, sample, language, page_id))


# --- a static site ----------------------------------------------------------------------

_LINK = re.compile(r'(href|src|action)="(?:https?://[^/"]+)?(/[^"]*)"')


def relinker(spec: ServiceSpec, page: str) -> Callable[[re.Match[str]], str]:
    """Links of a portal page → links between the static files (the site's other pages do not exist here)."""
    prefix = f"/layanan/{spec.id}/"

    def relink(found: re.Match[str]) -> str:
        attribute, url = found.groups()
        path, _, query = url.partition("?")
        language = re.search(r"(?:^|&)lang=(id|en)", query)
        if path.startswith("/static/portal/"):
            target = "static/" + path.rsplit("/", 1)[1]
        elif path.startswith(prefix) and language and path[len(prefix) :] == page:
            target = page_file(page, language.group(1))
        elif path == "/layanan/":
            target = INDEX
        else:
            target = "#"
        return f'{attribute}="{target}"'

    return relink


_RESUME = re.compile(r'<aside class="resume">.*?</aside>\s*', re.DOTALL)  # "continue later": no draft to return to


def without_resume(html: str) -> str:
    """A page without its "continue later" box: a preview has no draft to return to."""
    return _RESUME.sub("", html)


def static_page(spec: ServiceSpec, rendered: RenderedPage) -> str:
    return _LINK.sub(relinker(spec, rendered.page), without_resume(rendered.html))


def index_html(app: Flask, spec: ServiceSpec, sample: Sample, rendered: list[RenderedPage]) -> str:
    """The preview's front page: every page in both languages, the sample applicant, conditions and rules."""
    from framework.generate.conditions import in_words

    with app.test_request_context("/"):
        return render_template(
            "preview/index.html",
            spec=spec,
            sample=sample,
            pages=_page_ids(spec),
            files={(r.page, r.language): r.filename for r in rendered},
            words=lambda source, language: in_words(source, spec, language),
            languages=LANGUAGES,
            prefilled=_prefilled_rows(spec, sample),
        )


def _prefilled_rows(spec: ServiceSpec, sample: Sample) -> list[tuple[str, str, str]]:
    """(label, value, source) of every field the sample prefilled."""
    rows = []
    for item in spec.iter_fields():
        found = sample.draft.prefill.get(item.id)
        if found and found.get("verified"):
            rows.append((item.label.id, str(found.get("value")), str(found.get("source"))))
    return rows


def write_preview(app: Flask, spec: ServiceSpec, sample: Sample, folder: Path) -> list[Path]:
    """Write the static preview of ``spec`` into ``folder``; returns the files written."""
    rendered = list(render_all(app, spec, sample))
    (folder / "static").mkdir(parents=True, exist_ok=True)
    written = []
    for page in rendered:
        target = folder / page.filename
        target.write_text(static_page(spec, page), encoding="utf-8")
        written.append(target)
    (folder / INDEX).write_text(index_html(app, spec, sample, rendered), encoding="utf-8")
    for name in ("portal.css",):
        shutil.copyfile(STATIC / name, folder / "static" / name)
    return [folder / INDEX, *written]
