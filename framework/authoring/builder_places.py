"""Where a regional variant's own elements go among its template's: the language's `before:` and `after:`.

A variant's list (its pages, documents, steps and rules, or the fields of a
template page it adapts) is merged onto the template's by id
(``framework.definition.variants.placed``): an entry with a template
element's id adapts that element *in the template's place*; an entry of the
variant's own is added after the template's elements, in the order written,
unless it says `before: <id>` or `after: <id>`. So the builder's ↑/↓, which
swapped two entries of the variant file, changed nothing the citizen sees.

Here the builder works on the merged order instead. ↑/↓ moves an own entry
one place among the template's elements and the variant's others, and
writes that as `before: <the next template element>` (none at the end) and
the order of the own entries; an adapted entry keeps the template's place
(the language cannot move it) and gets no ↑/↓; an own entry's form offers
the placement itself. Levels no template has (a variant's own page, a
group's fields, a service of its own) keep the order written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from framework.authoring.document import Document, Path, mappings, node_at, schema_at, set_key
from framework.definition.variants import placed

PLACE_KEYS = ("before", "after")
_TOP_LISTS = ("pages", "documents", "steps", "rules")
_TEMPLATE, _OWN = "\0template", "\0own"  # markers no definition key can be


@dataclass(frozen=True)
class Slot:
    """One element of the merged list: its index in the template's list, in the variant's, or both (adapted)."""

    template: int | None
    own: int | None


def template_items(template: Mapping[str, Any] | None, data: Any, list_path: Path) -> list[Mapping[str, Any]] | None:
    """The template's elements at the level of ``list_path`` in the variant ``data`` (its resolved data); None where
    the variant's entries are simply in the order written (no template, a page of the variant's own, a group)."""
    if template is None:
        return None
    found: Any = None
    if len(list_path) == 1 and list_path[0] in _TOP_LISTS:
        found = template.get(str(list_path[0]))
    elif len(list_path) == 3 and list_path[0] == "pages" and list_path[2] == "fields":
        page = node_at(data, list_path[:2])
        page_id = page.get("id") if isinstance(page, Mapping) else None
        pages = mappings(template.get("pages"))
        home = next((p for p in pages if page_id is not None and p.get("id") == page_id), None)
        found = home.get("fields") if home is not None else None
    items = mappings(found)
    return items or None


def order(template: Sequence[Mapping[str, Any]], own: Any) -> list[Slot]:
    """The merged list as the citizen sees it: each element's place in the template's list and in the variant's."""
    base = [{**({"id": item["id"]} if "id" in item else {}), _TEMPLATE: i} for i, item in enumerate(template)]
    mine = [
        {**{key: item[key] for key in ("id", *PLACE_KEYS) if key in item}, _OWN: j}
        for j, item in enumerate(own if isinstance(own, list) else [])
        if isinstance(item, Mapping)
    ]
    return [Slot(entry.get(_TEMPLATE), entry.get(_OWN)) for entry in placed(base, mine)]


def is_own(template: Sequence[Mapping[str, Any]], item: Mapping[str, Any]) -> bool:
    """Whether ``item`` is the variant's own element (not an entry adapting one of ``template``'s)."""
    return "id" not in item or all(each.get("id") != item.get("id") for each in template)


def place_of(item: Mapping[str, Any]) -> tuple[str, str]:
    """``("before", id)``, ``("after", id)`` or ``("", "")`` (at the end): what the entry says."""
    for key in PLACE_KEYS:
        if item.get(key) is not None:
            return key, str(item[key])
    return "", ""


def place_value(item: Mapping[str, Any]) -> str:
    """The placement select's value for ``item``: ``before:<id>``, ``after:<id>`` or empty (at the end)."""
    key, target = place_of(item)
    return f"{key}:{target}" if key else ""


def set_place(source: str, path: Path, value: str | None, template: Mapping[str, Any] | None) -> str:
    """Write the placement chosen in an own element's form (``place_value``'s form); unchanged where the language
    has no placement for the element (an adapted entry, a level no template has) or for a value no form offers."""
    document = Document.parse(source)
    level = template_items(template, document.root, path[:-1])
    item = document.get(path)
    key, _sep, target = (value or "").partition(":")
    if level is None or not isinstance(item, Mapping) or not is_own(level, item) or key not in ("", *PLACE_KEYS):
        return source
    if key and not target.strip():
        return source
    _write_place(document, path, key, target.strip())
    return document.dump()


def move(source: str, path: Path, delta: int, template: Mapping[str, Any] | None) -> tuple[str, Path]:
    """Move the element at ``path`` ``delta`` places in the list the citizen sees; its new path.

    At a level the template has, an own element moves among the merged
    elements (written as placements, see the module's docstring) and an
    adapted one does not move; elsewhere the entry moves in the file.
    """
    document = Document.parse(source)
    level = template_items(template, document.root, path[:-1])
    if level is None:
        moved = document.move(path, delta)
        return document.dump(), moved
    slots = order(level, document.get(path[:-1]))
    at = next((k for k, slot in enumerate(slots) if slot.own == path[-1] and slot.template is None), None)
    wanted = _wanted(level, slots, at, delta) if at is not None else None
    if at is None or wanted is None:
        return source, path
    partner = wanted[at].own if wanted[at].template is None else None
    for only in ({path[-1], partner}, None):  # the two entries that swapped, else every own entry
        attempt = Document.parse(source)
        moved_to = _arrange(attempt, path, level, wanted, only)
        if moved_to is not None:
            return attempt.dump(), moved_to
    return source, path


def can_move(level: Sequence[Mapping[str, Any]], slots: list[Slot], at: int, delta: int) -> bool:
    """Whether the own element at ``slots[at]`` can be moved ``delta`` places (``move`` would change something)."""
    return slots[at].template is None and _wanted(level, slots, at, delta) is not None


def _wanted(level: Sequence[Mapping[str, Any]], slots: list[Slot], at: int, delta: int) -> list[Slot] | None:
    """The merged order with ``slots[at]`` moved; None when it cannot move (an end, or its new place is before a
    template element without an id, which `before:` cannot name)."""
    target = max(0, min(len(slots) - 1, at + delta))
    if target == at:
        return None
    wanted = list(slots)
    wanted.insert(target, wanted.pop(at))
    following = _next_template(wanted, target)
    return None if following is not None and level[following].get("id") is None else wanted


def _arrange(
    document: Document, path: Path, level: Sequence[Mapping[str, Any]], wanted: list[Slot], only: set[Any] | None
) -> Path | None:
    """Write ``wanted`` into the variant's list: the own entries in its order, and placements (those in ``only``, or
    all); the moved entry's new path, or None when the merge would give another order."""
    own = document.items(path[:-1])
    entries = {j: own[j] for j in range(len(own))}
    fresh = [slot.own for slot in wanted if slot.template is None and slot.own is not None]
    for k, slot in enumerate(wanted):
        if slot.template is not None or slot.own is None or (only is not None and slot.own not in only):
            continue
        following = _next_template(wanted, k)
        target = level[following].get("id") if following is not None else None
        if following is not None and target is None:
            return None  # a template element without an id (a rule) cannot be named
        _write_place(document, path[:-1] + (slot.own,), "before" if target is not None else "", str(target or ""))
    for position, j in zip(sorted(fresh), fresh, strict=True):
        own[position] = entries[j]
    after = [(s.template, None if s.own is None else id(own[s.own])) for s in order(level, own)]
    if after != [(s.template, None if s.own is None else id(entries[s.own])) for s in wanted]:
        return None
    return path[:-1] + (next(i for i in range(len(own)) if own[i] is entries[int(path[-1])]),)


def _next_template(slots: list[Slot], at: int) -> int | None:
    """The template element that follows ``slots[at]`` in the merged order (what its `before:` names)."""
    return next((slot.template for slot in slots[at + 1 :] if slot.template is not None), None)


def _write_place(document: Document, path: Path, key: str, target: str) -> None:
    item = document.mapping(path)
    for other in PLACE_KEYS:
        if other != key:
            item.pop(other, None)
    if key:
        set_key(item, key, target, schema_at(path))
