"""Templates compiled once per language, their fixed texts translated while compiling.

Why: every ``{{ _("Lacak") }}`` of a page was a call at every rendering
(Jinja's context call, the catalog look-up, ``Markup``, ``%``), about twenty
per page, for a text that only changes with the language. Here the
environment keeps one compiled copy of each template per locale (the locale
is part of the template cache's key), and while one is compiled,
:class:`FixedTexts` replaces each ``_("a fixed text")`` without variables
by the text translated for that locale, marked safe as ``_()`` returns it.

What stays a call: ``_()`` with variables (``_("… %(officer)s",
officer=…)``), with a computed text, in a template that is not autoescaped
(``_()`` returns plain text there), and any template compiled outside a
request (no locale: nothing is folded). A translation that fails to format
(``%`` without ``%%``) also stays a call, so it fails where it did before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from flask import Flask, has_request_context
from flask.templating import Environment
from flask_babel import get_locale
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

GETTEXT_NAMES = frozenset({"_", "gettext"})


class LocalizedName(str):
    """A template's name and the locale it is compiled for: the template cache's key, one copy per language."""

    locale: str

    def __new__(cls, name: str, locale: str) -> LocalizedName:
        made = super().__new__(cls, name)
        made.locale = locale
        return made

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, str):
            return NotImplemented
        return str.__eq__(self, other) and getattr(other, "locale", None) == self.locale

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((str(self), self.locale))


class LocalizedEnvironment(Environment):
    """Flask's template environment, loading (and caching) each template per request locale."""

    def _load_template(self, name: str, globals: Any) -> Any:
        locale = _request_locale()
        if locale is not None and not isinstance(name, LocalizedName):
            name = LocalizedName(name, locale)
        return super()._load_template(name, globals)


def _request_locale() -> str | None:
    if not has_request_context():
        return None
    locale = get_locale()
    return _identifier(locale) if locale is not None else None


@lru_cache(maxsize=32)
def _identifier(locale: Any) -> str:
    """``"id"``, ``"en"``: Babel's ``str(locale)`` formats it anew each time, once per template of a page."""
    return str(locale)


class FixedTexts(Extension):
    """Folds ``_("text")`` into the translated text while a template is compiled for one locale."""

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        name = stream.name
        autoescape = self.environment.autoescape
        escaped = autoescape(name) if callable(autoescape) else bool(autoescape)
        # the catalog at hand is the request's: fold only a copy compiled for the request's own locale
        if not isinstance(name, LocalizedName) or not escaped or name.locale != _request_locale():
            return stream
        from framework.web.site import current_translations

        return _folded(list(stream), current_translations())


def _folded(tokens: list[Token], translations: Any) -> Iterator[Token]:
    """``tokens`` with each ``_("text")`` replaced by ``("what it renders"|safe)``."""
    index = 0
    while index < len(tokens):
        text = _fixed_text(tokens, index)
        translated = _translated(text, translations) if text is not None else None
        if translated is None:
            yield tokens[index]
            index += 1
            continue
        line = tokens[index].lineno
        yield from (
            Token(line, "lparen", "("),
            Token(line, "string", translated),
            Token(line, "pipe", "|"),
            Token(line, "name", "safe"),
            Token(line, "rparen", ")"),
        )
        index += 4


def _fixed_text(tokens: list[Token], index: int) -> str | None:
    """The text of ``_("text")`` starting at ``index`` (not ``x._(…)``), else None."""
    window = tokens[index : index + 4]
    if len(window) < 4 or index and tokens[index - 1].type == "dot":
        return None
    call, opening, text, closing = window
    if call.type != "name" or call.value not in GETTEXT_NAMES:
        return None
    if opening.type != "lparen" or text.type != "string" or closing.type != "rparen":
        return None
    return str(text.value)


def _translated(text: str, translations: Any) -> str | None:
    """What ``_(text)`` renders, or None when it cannot be formatted (left to fail where it did)."""
    from framework.web.site import rendered_gettext

    try:
        return str(rendered_gettext(translations, text, True, {}))
    except (KeyError, ValueError, TypeError):
        return None


def register(app: Flask) -> None:
    """Before anything touches ``app.jinja_env``: the per-locale environment and the folding extension."""
    if "jinja_env" in app.__dict__:
        raise RuntimeError("fixed_texts.register must run before the app's template environment is made")
    app.jinja_environment = LocalizedEnvironment
    app.jinja_options = {**app.jinja_options, "extensions": [*app.jinja_options.get("extensions", ()), FixedTexts]}
