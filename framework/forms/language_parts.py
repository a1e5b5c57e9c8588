"""A definition's text on a page, marked with its language where it is not the page's (WCAG 3.1.2).

A definition may leave out the English of a label, a hint or a title; an
English page then shows the Indonesian (``Text.get``). Unmarked, a screen
reader reads that Indonesian with English rules. So where a definition's
text is drawn as page content it goes through :func:`in_language`, which
wraps a stand-in in ``<span lang="id">`` and leaves a text in the page's
language as it is. Inside an element that may hold no markup (``<option>``)
the element itself takes :func:`lang_attribute`. A page's ``<title>`` and
attribute values (``alt``, ``aria-label``) cannot be marked and use the
plain text (the ``t`` filter).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from framework.core.text import Text


def _text(value: Text | Mapping[str, Any] | str | None) -> Text | None:
    """A ``Text`` from a ``Text``, an ``{id, en}`` mapping (a stored status's label) or a plain string."""
    return Text.of(dict(value) if isinstance(value, Mapping) else value)


def in_language(value: Text | Mapping[str, Any] | str | None, language: str) -> Markup:
    """``value`` in ``language``, escaped; wrapped in ``<span lang="…">`` when it stands in for a missing one."""
    text = _text(value)
    if text is None:
        return Markup("")
    shown = text.get(language)
    used = text.language(language)
    if used == language or not shown:
        return escape(shown)
    return Markup('<span lang="{}">{}</span>').format(used, shown)


def lang_attribute(value: Text | Mapping[str, Any] | str | None, language: str) -> Markup:
    """`` lang="id"`` for an element holding only ``value``, when that is not in ``language``; else nothing."""
    found = lang_of(value, language)
    return Markup(' lang="{}"').format(found["lang"]) if found else Markup("")


def lang_of(value: Text | Mapping[str, Any] | str | None, language: str) -> dict[str, str]:
    """:func:`lang_attribute` as WTForms' ``render_kw`` (an ``<option>``'s attributes): ``{"lang": "id"}`` or ``{}``."""
    text = _text(value)
    if text is None or not text.get(language) or text.language(language) == language:
        return {}
    return {"lang": text.language(language)}
