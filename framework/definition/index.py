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
    standard: dict[str, Any] = field(default_factory=dict)

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
    standard = data.get("standard")
    index.standard = standard if isinstance(standard, dict) else {}
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


# --- where an element of the service is written in one file ---------------------------

_LIST_OF = {"page": "pages", "document": "documents", "step": "steps", "rule": "rules"}
_STANDARD_LIST_OF = {"requirement": "requirements", "legal basis": "legal_basis", "procedure": "procedure"}


def _with(path: Path, item: Mapping[str, Any], attribute: str | None) -> Path:
    return path + (attribute,) if attribute is not None and attribute in item else path


def _in_list(data: Mapping[str, Any], kind: str, item: str, attribute: str | None) -> Path | None:
    for path, entry in walk_list(data, _LIST_OF[kind]):
        if entry.get("id") == item or (kind == "rule" and "id" not in entry and str(entry.get("when")) == item):
            return _with(path, entry, attribute)
    return None


def _field(data: Mapping[str, Any], kind: str, item: str, attribute: str | None) -> Path | None:
    group, _, name = item.rpartition(".")
    for at in walk_fields(data):
        if at.field.get("id") == name and (at.group or "") == group:
            return _with(at.path, at.field, attribute)
    return None


def _mapping(key: str) -> Any:
    def find(data: Mapping[str, Any], kind: str, item: str, attribute: str | None) -> Path | None:
        value = data.get(key)
        if not isinstance(value, dict) or item not in value:
            return None
        return _with((key, item), value[item], attribute) if isinstance(value[item], dict) else (key, item)

    return find


def _standard(data: Mapping[str, Any], kind: str, item: str, attribute: str | None) -> Path | None:
    standard = data.get("standard")
    if not isinstance(standard, dict):
        return None
    key = _STANDARD_LIST_OF.get(kind, attribute)
    return ("standard", key) if key is not None and key in standard else ("standard",)


def _top(data: Mapping[str, Any], kind: str, item: str, attribute: str | None) -> Path | None:
    return (attribute,) if attribute is not None and attribute in data else None


# kind -> how to find it in a file
_FINDERS = {
    "field": _field,
    **dict.fromkeys(_LIST_OF, _in_list),
    "prefill": _mapping("prefill"),
    "notify": _mapping("notify"),
    **dict.fromkeys(("standard", *_STANDARD_LIST_OF), _standard),
    "service": _top,
}


def path_of(data: Mapping[str, Any], kind: str, item: str, attribute: str | None = None) -> Path | None:
    """Where ``data`` (one file) writes the element, at its ``attribute`` when written; None if it does not.

    Problems found on a whole service (a variant merged with its template, a
    compiled spec) are reported where the author of this file must look.
    """
    finder = _FINDERS.get(kind)
    return finder(data, kind, item, attribute) if finder else None


def removal_of(data: Mapping[str, Any], *ids: str) -> Path | None:
    """The entry of `remove:` naming one of ``ids``, first match first."""
    removed = data.get("remove")
    if not isinstance(removed, list):
        return None
    return next((("remove", removed.index(i)) for i in ids if i in removed), None)
