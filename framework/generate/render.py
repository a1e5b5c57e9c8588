"""A tiny document model rendered to Markdown and to plain, accessible HTML.

Published documents (the service standard) are built once as sections of
paragraphs, lists and tables, then written in each format by a table of
renderers, so the Markdown and the HTML can never say different things.
The HTML is self-contained: no CDN, no script, one small inline style sheet,
a `lang` attribute, real headings and table headers for screen readers. A
text the definition has only in Indonesian stays a :class:`Part` in its own
language, so the English page marks it ``<span lang="id">`` (WCAG 3.1.2);
each table sits in its own scrolling region, so a phone 320 px wide scrolls
the table, never the page (WCAG 1.4.10).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """A text in another language than the document's: a law title the definition has only in Indonesian."""

    text: str
    language: str


Inline = str | Part  # a text in the document's language, or a part in another one


@dataclass(frozen=True)
class Paragraph:
    text: Inline


@dataclass(frozen=True)
class Items:
    entries: tuple[Inline, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]


Block = Paragraph | Items | Table


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]
    level: int = 2


@dataclass(frozen=True)
class Document:
    language: str
    title: tuple[Inline, ...]  # "Service Standard: " and the service's title, which may be a part in Indonesian
    lead: Inline
    sections: tuple[Section, ...]


def plain(value: Inline | tuple[Inline, ...]) -> str:
    """The words alone (Markdown, a page's ``<title>``): no markup can say the language there."""
    if isinstance(value, tuple):
        return "".join(plain(piece) for piece in value)
    return value.text if isinstance(value, Part) else value


def html_inline(value: Inline | tuple[Inline, ...]) -> str:
    """Escaped HTML; a part in another language wrapped in ``<span lang>`` as the service's own page does."""
    if isinstance(value, tuple):
        return "".join(html_inline(piece) for piece in value)
    if isinstance(value, Part):
        return f'<span lang="{html.escape(value.language)}">{html.escape(value.text)}</span>'
    return html.escape(value)


# --- Markdown -------------------------------------------------------------------


def _md_cell(text: Inline) -> str:
    return plain(text).replace("|", "\\|").replace("\n", " ")


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [plain(block.text), ""]
    if isinstance(block, Items):
        entries = [plain(e) for e in block.entries]
        return [f"{i + 1}. {e}" if block.ordered else f"- {e}" for i, e in enumerate(entries)] + [""]
    lines = ["| " + " | ".join(_md_cell(h) for h in block.headers) + " |", "|" + "---|" * len(block.headers)]
    return lines + ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows] + [""]


def to_markdown(document: Document) -> str:
    lines = [f"# {plain(document.title)}", "", plain(document.lead), ""]
    for section in document.sections:
        lines += ["#" * section.level + " " + section.title, ""]
        for block in section.blocks:
            lines += _md_block(block)
    return "\n".join(lines).rstrip("\n") + "\n"


# --- HTML -----------------------------------------------------------------------

_STYLE = (
    "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:52rem;margin:0 "
    "auto;padding:1rem;color:#111;background:#fff}table{border-collapse:collapse;width:100%}th,td{border:1px solid "
    "#555;padding:.4rem;text-align:left;vertical-align:top}th{background:#eee}h1,h2,h3{line-height:1.25}"
    ".table-scroll{overflow-x:auto}"
)


def _html_block(block: Block, title: str) -> str:
    """``title``: the section's, naming a table's scrolling region (a keyboard reaches it with Tab to scroll)."""
    if isinstance(block, Paragraph):
        return f"<p>{html_inline(block.text)}</p>"
    if isinstance(block, Items):
        tag = "ol" if block.ordered else "ul"
        return f"<{tag}>" + "".join(f"<li>{html_inline(e)}</li>" for e in block.entries) + f"</{tag}>"
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in block.headers)
    body = "".join("<tr>" + "".join(f"<td>{html_inline(c)}</td>" for c in row) + "</tr>" for row in block.rows)
    return (
        f'<div class="table-scroll" role="region" aria-label="{html.escape(title)}" tabindex="0">'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def to_html(document: Document) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(document.language)}">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(plain(document.title))}</title><style>{_STYLE}</style></head>",
        "<body><main>",
        f"<h1>{html_inline(document.title)}</h1>",
        f"<p>{html_inline(document.lead)}</p>",
        html_sections(document),
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"


def html_sections(document: Document) -> str:
    """The document's sections as HTML (every text escaped): the published file's body, and the portal's page."""
    parts = []
    for section in document.sections:  # headings alone carry the outline; no empty wrappers
        parts.append(f"<h{section.level}>{html.escape(section.title)}</h{section.level}>")
        parts += [_html_block(b, section.title) for b in section.blocks]
    return "\n".join(parts)


RENDERERS: dict[str, Callable[[Document], str]] = {"md": to_markdown, "html": to_html}
