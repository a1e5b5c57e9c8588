"""Lookup tables over a definition's plain data, and walkers that keep paths.

Checks need both "what does this file say, and where" (walk the file's own
items with their paths) and "what exists in the service as a whole" (for a
variant: the template plus the variant). The index answers the second.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Path = tuple[str | int, ...]


def _items(data: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _id(item: Mapping[str, Any]) -> str | None:
    value = item.get("id")
    return value if isinstance(value, str) else None


@dataclass
class Index:
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    page_number: dict[str, int] = field(default_factory=dict)  # position of each page in the form
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    field_page: dict[str, str] = field(default_factory=dict)
    field_order: list[str] = field(default_factory=list)
    group_children: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # rules with an id
    lookups: dict[str, dict[str, Any]] = field(default_factory=dict)

    def field_type(self, field_id: str, group: str | None = None) -> str | None:
        source = self.group_children.get(group, {}) if group else self.fields
        item = source.get(field_id)
        return item.get("type") if item else None


def build_index(data: Mapping[str, Any]) -> Index:
    index = Index()
    for page in _items(data, "pages"):
        page_id = _id(page)
        if page_id:
            index.pages.setdefault(page_id, page)
        for item in _items(page, "fields"):
            field_id = _id(item)
            if not field_id or field_id in index.fields:
                continue
            index.fields[field_id] = item
            index.field_order.append(field_id)
            index.field_page[field_id] = page_id or ""
            if item.get("type") == "group":
                index.group_children[field_id] = {c["id"]: c for c in _items(item, "fields") if _id(c)}
    index.page_number = {page_id: number for number, page_id in enumerate(index.pages)}
    index.documents = {d["id"]: d for d in _items(data, "documents") if _id(d)}
    index.steps = {s["id"]: s for s in _items(data, "steps") if _id(s)}
    index.rules = {r["id"]: r for r in _items(data, "rules") if _id(r)}
    lookups = data.get("prefill")
    if isinstance(lookups, dict):
        index.lookups = {k: v for k, v in lookups.items() if isinstance(v, dict)}
    return index


@dataclass(frozen=True)
class FieldAt:
    """A field of the file being checked, with its path and enclosing group."""

    path: Path
    field: dict[str, Any]
    group: str | None


def walk_fields(data: Mapping[str, Any]) -> Iterator[FieldAt]:
    pages = data.get("pages")
    if not isinstance(pages, list):
        return
    for p, page in enumerate(pages):
        if not isinstance(page, dict) or not isinstance(page.get("fields"), list):
            continue
        for f, item in enumerate(page["fields"]):
            if not isinstance(item, dict):
                continue
            path: Path = ("pages", p, "fields", f)
            yield FieldAt(path, item, None)
            if isinstance(item.get("fields"), list):
                for c, child in enumerate(item["fields"]):
                    if isinstance(child, dict):
                        yield FieldAt(path + ("fields", c), child, _id(item))


def walk_list(data: Mapping[str, Any], key: str) -> Iterator[tuple[Path, dict[str, Any]]]:
    value = data.get(key)
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield (key, i), item
