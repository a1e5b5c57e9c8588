"""What the builder's buttons do to a definition: each a function from YAML to YAML.

Add a page, a field of any type, a document, a rule or a step (with a
fresh id and texts to overwrite, so the draft stays readable at once);
move, move to another page, remove; write an element's posted form; adapt
an element a regional variant inherits (an entry with its id, holding only
what the variant changes). Every edit goes through the round-trip tree of
``framework.authoring.document``: what it does not touch keeps its
comments, order and quoting.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from ruamel.yaml.comments import CommentedMap

from framework.authoring.builder_forms import FormData, apply
from framework.authoring.document import Document, Path
from framework.core.numbers import whole_number

# an element's place in the file, by kind; the URL spells it `pages.0.fields.2`
ELEMENT_PATH = re.compile(
    r"(pages\.\d+(\.fields\.\d+(\.fields\.\d+)?)?|documents\.\d+|rules\.\d+|steps\.\d+)", re.ASCII
)
KIND_OF_LIST = {"pages": "page", "fields": "field", "documents": "document", "rules": "rule", "steps": "step"}
PREFIX = {"page": "halaman", "field": "kolom", "document": "dokumen", "rule": "aturan", "step": "tahap"}
WORD = {
    "page": ("Halaman", "Page"),
    "field": ("Kolom", "Field"),
    "document": ("Dokumen", "Document"),
    "rule": ("Aturan", "Rule"),
    "step": ("Tahap", "Step"),
}


def parse_path(text: str) -> Path | None:
    """``pages.0.fields.2`` → ``("pages", 0, "fields", 2)``; None for anything that is not an element's place."""
    if not ELEMENT_PATH.fullmatch(text or ""):
        return None
    path: list[str | int] = []
    for position, step in enumerate(text.split(".")):
        index = whole_number(step) if position % 2 else None  # every second step is a list's index
        if position % 2 and index is None:
            return None  # an index past any list (5,000 digits): no element's place
        path.append(step if index is None else index)
    return tuple(path)


def path_text(path: Path) -> str:
    return ".".join(str(step) for step in path)


def kind_of(path: Path) -> str:
    """The kind of the element at ``path`` (its list's name): page, field, document, rule, step."""
    return KIND_OF_LIST[str(path[-2])]


def _fresh_id(taken: set[str], kind: str) -> tuple[str, int]:
    number = 1
    while f"{PREFIX[kind]}_{number}" in taken:
        number += 1
    return f"{PREFIX[kind]}_{number}", number


def _texts(kind: str, number: int) -> dict[str, str]:
    word_id, word_en = WORD[kind]
    return {"id": f"{word_id} {number}", "en": f"{word_en} {number}"}


def new_item(kind: str, taken: set[str], field_type: str = "text") -> dict[str, Any]:
    """A new element with a fresh id and texts to overwrite; readable by the checker at once."""
    item_id, number = _fresh_id(taken, kind)
    texts = _texts(kind, number)
    return NEW_ITEMS[kind](item_id, texts, field_type)


def _new_field(item_id: str, texts: dict[str, str], field_type: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": item_id, "type": field_type, "label": texts}
    if field_type in ("choice", "multichoice"):
        item["options"] = {"ya": {"id": "Ya", "en": "Yes"}, "tidak": {"id": "Tidak", "en": "No"}}
    if field_type == "group":
        item["fields"] = [{"id": "nama", "type": "text", "label": {"id": "Nama", "en": "Name"}}]
    return item


NEW_ITEMS: dict[str, Callable[[str, dict[str, str], str], dict[str, Any]]] = {
    "page": lambda item_id, texts, _t: {"id": item_id, "title": texts, "fields": []},
    "field": _new_field,
    "document": lambda item_id, texts, _t: {
        "id": item_id,
        "label": texts,
        "accept": ["pdf"],
        "max_mb": 2,
        "required": True,
    },
    "rule": lambda item_id, texts, _t: {
        "id": item_id,
        "when": "false",
        "message": {"id": "Jawaban belum sesuai.", "en": "The answers do not fit."},
    },
    "step": lambda item_id, texts, _t: {
        "id": item_id,
        "title": texts,
        "role": "operator",
        "sla": "1d",
        "actions": ["approve", "return", "reject"],
    },
}


def _ids(items: Any) -> set[str]:
    return {str(item.get("id")) for item in items or [] if isinstance(item, Mapping) and item.get("id")}


def add(
    source: str, list_path: Path, kind: str, field_type: str = "text", taken: set[str] | None = None
) -> tuple[str, Path]:
    """Append a new ``kind`` to the list at ``list_path``; ``taken``: ids used elsewhere (a template's)."""
    document = Document.parse(source)
    known = _ids(document.get(list_path)) | set(taken or ())
    index = document.append(list_path, new_item(kind, known, field_type))
    return document.dump(), list_path + (index,)


def remove(source: str, path: Path) -> str:
    document = Document.parse(source)
    document.remove(path)
    return document.dump()


def move(source: str, path: Path, delta: int) -> tuple[str, Path]:
    document = Document.parse(source)
    moved = document.move(path, delta)
    return document.dump(), moved


def move_to_page(source: str, path: Path, page: int) -> tuple[str, Path]:
    """A field to the end of another page (its `before:`/`after:` named a field of the page it left: dropped)."""
    document = Document.parse(source)
    if not isinstance(document.get(("pages", page)), Mapping):
        return source, path
    moved = document.transfer(path, ("pages", page, "fields"))
    item = document.get(moved)
    if isinstance(item, CommentedMap):
        for key in ("before", "after"):
            item.pop(key, None)
    return document.dump(), moved


def save_form(
    source: str,
    kind: str,
    path: Path,
    form: FormData,
    types: Mapping[str, str] | None = None,
    inherited: Mapping[str, Any] | None = None,
) -> str:
    """Write an element's posted form; ``inherited``: the template's element an override adapts (its unchanged keys are
    left out).
    """
    document = Document.parse(source)
    item = document.mapping(path)
    document.unflow(path)
    apply(kind, item, form, types)
    if inherited is not None:
        _only_changes(item, inherited, kind)
    return document.dump()


# the keys a variant's entry must state even when they equal the template's (the checker asks a rule for its `when`):
# an adapted rule written as `{id: ...}` alone was invalid at once (MISSING_KEY), and so was one saved unchanged
KEPT_IN_OVERRIDE: dict[str, tuple[str, ...]] = {"rule": ("when",)}


def _only_changes(item: CommentedMap, inherited: Mapping[str, Any], kind: str) -> None:
    kept = {"id", *KEPT_IN_OVERRIDE.get(kind, ())}
    for key in [k for k in item if k not in kept and k in inherited and item[k] == inherited[k]]:
        del item[key]


def adapt(
    source: str, kind: str, item_id: str, page_id: str | None = None, inherited: Mapping[str, Any] | None = None
) -> tuple[str, Path]:
    """The variant's entry for an inherited element (created when missing, with the keys of ``inherited``, the
    template's element, that an entry must state); its path."""
    document = Document.parse(source)
    start = {key: inherited[key] for key in KEPT_IN_OVERRIDE.get(kind, ()) if inherited and key in inherited}
    if kind == "field":
        page_path = _entry(document, ("pages",), str(page_id))
        path = _entry(document, page_path + ("fields",), item_id)
    else:
        path = _entry(document, (f"{kind}s",), item_id, start)
    return document.dump(), path


def _entry(document: Document, list_path: Path, item_id: str, start: Mapping[str, Any] | None = None) -> Path:
    items = document.items(list_path)
    for index, item in enumerate(items):
        if isinstance(item, Mapping) and item.get("id") == item_id:
            return list_path + (index,)
    return list_path + (document.append(list_path, {"id": item_id, **(start or {})}),)
