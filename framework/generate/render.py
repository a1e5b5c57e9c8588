"""A tiny document model rendered to Markdown and to plain, accessible HTML.

Published documents (the service standard) are built once as sections of
paragraphs, lists and tables, then written in each format by a table of
renderers, so the Markdown and the HTML can never say different things.
The HTML is self-contained: no CDN, no script, one small inline style sheet,
a `lang` attribute, real headings and table headers for screen readers.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Items:
    entries: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Items | Table


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]
    level: int = 2


@dataclass(frozen=True)
class Document:
    language: str
    title: str
    lead: str
    sections: tuple[Section, ...]


# --- Markdown -------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text, ""]
    if isinstance(block, Items):
        return [f"{i + 1}. {e}" if block.ordered else f"- {e}" for i, e in enumerate(block.entries)] + [""]
    lines = ["| " + " | ".join(_md_cell(h) for h in block.headers) + " |", "|" + "---|" * len(block.headers)]
    return lines + ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows] + [""]


def to_markdown(document: Document) -> str:
    lines = [f"# {document.title}", "", document.lead, ""]
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
)


def _html_block(block: Block) -> str:
    esc = html.escape
    if isinstance(block, Paragraph):
        return f"<p>{esc(block.text)}</p>"
    if isinstance(block, Items):
        tag = "ol" if block.ordered else "ul"
        return f"<{tag}>" + "".join(f"<li>{esc(e)}</li>" for e in block.entries) + f"</{tag}>"
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in block.headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in block.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(document: Document) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(document.language)}">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(document.title)}</title><style>{_STYLE}</style></head>",
        "<body><main>",
        f"<h1>{esc(document.title)}</h1>",
        f"<p>{esc(document.lead)}</p>",
        html_sections(document),
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"


def html_sections(document: Document) -> str:
    """The document's sections as HTML (every text escaped): the published file's body, and the portal's page."""
    parts = []
    for section in document.sections:  # headings alone carry the outline; no empty wrappers
        parts.append(f"<h{section.level}>{html.escape(section.title)}</h{section.level}>")
        parts += [_html_block(b) for b in section.blocks]
    return "\n".join(parts)


RENDERERS: dict[str, Callable[[Document], str]] = {"md": to_markdown, "html": to_html}
