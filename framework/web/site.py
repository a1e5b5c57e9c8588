"""What every page of the site shares: the language, Babel, the layout's helpers and the front door.

Registered first by the app factory, before any blueprint, so the portal,
tracking, sign-in, citizen and admin pages all render in the same layout
with the same language choice (Bahasa Indonesia first).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, g, has_app_context, jsonify, redirect, render_template, request, session, url_for
from flask_babel import Babel, get_translations
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from framework.core.errors import NUL, NUL_MESSAGE, FieldError
from framework.core.text import DEFAULT_LANGUAGE, LANGUAGES
from framework.definition.model import ServiceSpec
from framework.forms.language_parts import in_language, lang_attribute
from framework.forms.pageview import in_page_order
from framework.forms.prefill import source_label
from framework.services.records import state_label_part
from framework.web import fixed_texts
from framework.web.sessions import owner_marker
from framework.web.simple_pages import cap_body, guard_forms, reports_nul
from framework.workflow.calendar import local_time_text


def time_text(moment: Any, region: str | None = None) -> str:
    """The ``waktu`` filter: a time in the page's language and in ``region``'s zone (WIB, WITA or WIT).

    Without a region, the signed-in officer's own: every case a Gowa officer
    reads is Gowa's, and Gowa keeps WITA; else the signed-in citizen's (from
    IKD at sign-in). A page about one application (its tracking page, its
    case file, a message about it) names the application's region.
    """
    if region is None:
        officer = session.get("officer")
        region = officer.get("region") if isinstance(officer, dict) else session.get("citizen_region")
    return local_time_text(moment, language(), region)


def register(app: Flask) -> None:
    """Babel (Indonesian first), the CSRF token and text filters for every template, the language choice."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(Path(__file__).resolve().parents[1] / "translations"))
    if "babel" not in app.extensions:
        fixed_texts.register(app)
        Babel(app, locale_selector=language)
        _install_translations(app)
    app.jinja_env.globals.setdefault("csrf_token", generate_csrf)
    app.jinja_env.filters.setdefault("t", lambda text: text.get(language()) if text is not None else "")
    # a definition's text as page content: marked lang="id" where it stands in for a missing English (WCAG 3.1.2)
    app.jinja_env.filters.setdefault("t_part", lambda text: in_language(text, language()))
    app.jinja_env.filters.setdefault("lang_attr", lambda text: lang_attribute(text, language()))
    app.jinja_env.filters.setdefault("source_label", lambda source: source_label(source).get(language()))
    app.jinja_env.filters.setdefault("waktu", time_text)
    # every page of the site renders in the portal layout, which needs the language;
    # the header's language link works on every page, not only the portal's
    app.before_request(remember_language)
    app.before_request(cap_body)  # before refuse_nul reads the form
    app.before_request(refuse_nul)
    guard_forms(app)  # every posted form's CSRF token, before any view
    app.context_processor(lambda: {"lang": language()})
    # plain functions are globals, not per-page context: macros imported without the page's context see them too
    app.jinja_env.globals.update(
        {
            "language_url": language_url,
            "error_label": error_label,
            "state_part": state_part,
            "in_page_order": in_page_order,
            "owner_marker": owner_marker,
        }
    )
    # the site's front door is the service list (sign-out and bare visits land here)
    app.add_url_rule("/", "home", lambda: redirect(url_for("portal.services")))


def _install_translations(app: Flask) -> None:
    """Templates' ``_()`` as Flask-Babel installs it, with the request's catalog looked up once.

    Flask-Babel finds the catalog anew for every string (locale, domain, the
    cache keyed by the locale's name): about 50 µs a call, and a page has a
    dozen or two. The locale is fixed per request all the same (Flask-Babel
    keeps it on ``g``), so the catalog is kept beside it and found again only
    when that locale object changes (``refresh()``, ``force_locale()``).

    ``_`` and ``gettext`` are then one function (:func:`_template_gettext`)
    instead of Jinja's alias → new-style wrapper → callable, which passed each
    string through three template calls: same result, a third of the cost.
    Most of a page's texts never reach it: a fixed ``_("text")`` is translated
    when the template is compiled for the request's language (``fixed_texts``).
    """
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: current_translations().ugettext(s),
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals.update({"_": _template_gettext, "gettext": _template_gettext})
    app.context_processor(lambda: {PAGE_TRANSLATIONS: current_translations()})


PAGE_TRANSLATIONS = "mpp_page_translations"  # the catalog found once per rendering, for every _() of the page


@pass_context
def _template_gettext(context: Context, string: str, /, **variables: Any) -> str:
    """Jinja's new-style ``gettext`` (autoescaped, always %-formatted) calling the request's catalog directly.

    The catalog comes with the page's context (found once per rendering);
    a macro imported without the context finds it itself.
    """
    translations = context.get(PAGE_TRANSLATIONS) or current_translations()
    return rendered_gettext(translations, string, context.eval_ctx.autoescape, variables)


def rendered_gettext(translations: Any, string: str, autoescape: bool, variables: dict[str, Any]) -> str:
    """What a template's ``_(string, **variables)`` renders: the translation (Markup when autoescaped),
    always %-formatted. Also what ``fixed_texts`` writes into a template when it compiles."""
    translated = translations.ugettext(string)
    if autoescape:
        translated = Markup(translated)
    return translated % variables


def current_translations() -> Any:
    """The request's catalog, found once per request (see :func:`_install_translations`)."""
    if not has_app_context():
        return get_translations()
    cached = g.get("mpp_translations")
    state = g.get("_flask_babel")
    if cached is not None and state is not None and cached[0] is getattr(state, "babel_locale", None):
        return cached[1]
    found = get_translations()
    state = g.get("_flask_babel")
    g.mpp_translations = (getattr(state, "babel_locale", None), found)
    return found


def language() -> str:
    chosen = session.get("lang") if request else None
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def language_url(code: str) -> str:
    """This page in another language, keeping its other parameters (e.g. `kembali`)."""
    return f"{request.path}?{urlencode({**request.args.to_dict(flat=True), 'lang': code})}"


def state_part(spec: ServiceSpec, state: str) -> Markup:
    """A state's name as page content in the request's language, its step title marked where it has no English."""
    return state_label_part(spec, state, language())


def error_label(spec: ServiceSpec | None, path: str, lang: str) -> Markup:
    """What an error is about, as the citizen reads it: `Saudara Kembar 2: Nama` for `saudara_kembar.1.nama`.

    Markup: a label standing in for a missing English is marked as Indonesian (``in_language``).
    """
    if spec is None or not path:
        return Markup("")
    head, *rest = path.split(".")
    document = next((d for d in spec.documents if d.id == head), None)
    if document is not None:
        return in_language(document.label, lang)
    try:
        item = spec.field(head)
    except KeyError:
        return Markup("")
    if len(rest) == 2 and rest[0].isdigit():
        child = next((c for c in item.fields if c.id == rest[1]), None)
        return Markup("{} {}: {}").format(
            in_language(item.label, lang), int(rest[0]) + 1, in_language(child.label, lang) if child else rest[1]
        )
    return in_language(item.label, lang)


def remember_language() -> None:
    """`?lang=en` (the header's link) chooses the language for this and later pages."""
    if request.query_string and request.args.get("lang") in LANGUAGES:
        session["lang"] = request.args["lang"]


FORM_BODIES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})  # what `request.form` parses


def refuse_nul() -> Any:
    """422 for a NUL in any query or form value: PostgreSQL cannot store one, so it never gets that far."""
    if reports_nul(current_app.view_functions.get(request.endpoint or "")):  # marked @reports_nul_itself
        return None
    sources = [request.args] if request.query_string else []  # most requests have neither: nothing to parse
    if request.mimetype in FORM_BODIES:
        sources.append(request.form)
    names = [
        name
        for source in sources
        for name in source
        if NUL in name or any(NUL in value for value in source.getlist(name))
    ]
    if not names:
        return None
    from framework.web.api import is_api_path

    if is_api_path(request.path):
        return jsonify({"errors": [FieldError(name, "nul_character", NUL_MESSAGE).as_dict() for name in names]}), 422
    return render_template("portal/error.html", message=NUL_MESSAGE.get(language())), 422
