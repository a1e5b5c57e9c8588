"""The builder's forms: each kind of element is a table of inputs, read from a posted form into the YAML tree.

A page, a field, a document, a rule, a step, the service and its standard
each have a row per key in ``FORMS``: which key, and how the author types it
(``KINDS``: a text in two languages, a yes/no box, a number, rows of options,
a condition...). One function shows an element's keys as form values and
one writes the posted values back: a key left empty is removed, a key whose
value did not change is not touched (its comment and quoting stay), and
whatever the author typed is written even when it is wrong (`min: abc`,
`max: 3.000.000`), so the checker can say so beside the input and nothing
typed is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, overload

from ruamel.yaml.comments import CommentedMap

from framework.authoring.builder_conditions import Parts, compose, decompose
from framework.authoring.document import node, schema_at, set_key
from framework.core.errors import FieldError, field_error
from framework.core.numbers import whole_number
from framework.core.text import LANGUAGES
from framework.definition.metaschema import EVENTS
from framework.definition.remedies import suggested_id


class FormData(Protocol):
    """What a posted form offers (werkzeug's MultiDict does)."""

    @overload
    def get(self, key: str) -> Any: ...
    @overload
    def get(self, key: str, default: Any) -> Any: ...

    def getlist(self, key: str) -> list[Any]: ...


MISSING = object()  # "remove the key"
BLANK_ROWS = 2  # empty rows offered after the existing options, requirements, lookups


@dataclass(frozen=True)
class Input:
    key: str
    kind: str  # a row of KINDS
    choices: str = ""  # for a select: which list the view offers (types, levels, issuers, ...)


FORMS: dict[str, tuple[Input, ...]] = {
    "service": (
        Input("service", "string"),
        Input("version", "number"),
        Input("title", "text"),
        Input("summary", "text"),
        Input("sector", "string"),
        Input("issuer", "select", "issuers"),
        Input("provider", "select", "providers"),
        Input("prefill", "lookups"),
        Input("notify", "notify"),
    ),
    "standard": (
        Input("sla", "string"),
        Input("fee", "number"),
        Input("fee_basis", "text"),
        Input("product", "text"),
        Input("complaints", "select", "channels"),
        Input("retention", "string"),
        Input("legal_basis", "lines"),
        Input("requirements", "text_rows"),
        Input("procedure", "text_rows"),
        Input("facilities", "text"),
        Input("staff_competence", "text"),
        Input("oversight", "text"),
        Input("staff_count", "text"),
        Input("guarantee", "text"),
        Input("security", "text"),
        Input("evaluation", "text"),
    ),
    "page": (
        Input("id", "id"),
        Input("title", "text"),
        Input("intro", "text"),
        Input("when", "condition"),
    ),
    "field": (
        Input("id", "id"),
        Input("type", "select", "types"),
        Input("label", "text"),
        Input("hint", "text"),
        Input("required", "bool"),
        Input("when", "condition"),
        Input("prefill", "string"),
        Input("locked", "bool"),
        Input("min", "number"),
        Input("max", "number"),
        Input("min_length", "number"),
        Input("max_length", "number"),
        Input("pattern", "string"),
        Input("pattern_message", "text"),
        Input("options", "options"),
        Input("options_from", "select", "codelists"),
        Input("level", "select", "levels"),
        Input("repeat", "repeat"),
    ),
    "document": (
        Input("id", "id"),
        Input("label", "text"),
        Input("hint", "text"),
        Input("accept", "checks", "file_types"),
        Input("max_mb", "number"),
        Input("required", "bool"),
        Input("when", "condition"),
    ),
    "rule": (
        Input("id", "string"),
        Input("when", "condition"),
        Input("message", "text"),
        Input("field", "select", "fields"),
    ),
    "step": (
        Input("id", "id"),
        Input("title", "text"),
        Input("role", "select", "roles"),  # the officer roles' code list: a web author cannot add to it
        Input("sla", "string"),
        Input("actions", "checks", "actions"),
        Input("on_deadline", "select", "deadline_actions"),
    ),
}

# --- reading a posted form ------------------------------------------------------------------


def _text(raw: Any) -> str:
    return str(raw or "").replace("\r\n", "\n").strip()


def read_string(form: FormData, key: str) -> Any:
    value = _text(form.get(key))
    return value if value else MISSING


def read_id(form: FormData, key: str) -> Any:
    return _text(form.get(key))  # an empty id stays, so the checker points at it


def read_number(form: FormData, key: str) -> Any:
    value = _text(form.get(key))
    if not value:
        return MISSING
    whole = whole_number(value.removeprefix("-"))  # past 64 bits: kept as typed, refused by the checker
    if whole is not None:
        return -whole if value.startswith("-") else whole
    if re.fullmatch(r"-?\d+\.\d+", value) and value.count(".") == 1 and not re.fullmatch(r"-?\d{1,3}\.\d{3}", value):
        return float(value)
    return value  # `3.000.000`, `abc`: written as typed, refused with a hint by the checker


def read_bool(form: FormData, key: str) -> Any:
    return True if form.get(key) else MISSING


def read_bilingual(form: FormData, key: str, separator: str = "_") -> Any:
    texts = {language: _text(form.get(f"{key}{separator}{language}")) for language in LANGUAGES}
    found = {language: text for language, text in texts.items() if text}
    return found or MISSING


def read_checks(form: FormData, key: str) -> Any:
    """The ticked boxes; none ticked is no key (an empty list is never valid, and in a variant's entry for an
    inherited step or document, `actions: []` would replace the template's instead of keeping them)."""
    return [value for value in form.getlist(key) if value] or MISSING


def read_lines(form: FormData, key: str) -> Any:
    lines = [line.strip() for line in _text(form.get(key)).splitlines() if line.strip()]
    return lines or MISSING


def _rows(form: FormData, key: str) -> range:
    return range(min(whole_number(_text(form.get(f"{key}_rows"))) or 0, 500))


def read_text_rows(form: FormData, key: str) -> Any:
    rows = [read_bilingual(form, f"{key}-{i}", "-") for i in _rows(form, key)]
    texts = [row for row in rows if row is not MISSING]
    return texts or MISSING


def read_options(form: FormData, key: str) -> Any:
    """The rows of options by code; a code given twice (typed, or made from two alike labels) gets `_2`, `_3`:
    a mapping holds one entry per code, and the later row silently replaced the earlier one (the builder refuses
    such a form first, ``option_problems``; this keeps a refused form's rows to show again)."""
    options: dict[str, Any] = {}
    for _row, label, _typed, code in _option_rows(form, key):
        options[_unused(code, options)] = {"id": code} if label is MISSING else label
    return options or MISSING


def _option_rows(form: FormData, key: str) -> Iterator[tuple[int, Any, str, str]]:
    """Each filled row of options: its number (from 1), its label, the code typed and the code (made from the label
    when none was typed)."""
    for i in _rows(form, key):
        label = read_bilingual(form, f"{key}-{i}", "-")
        typed = _text(form.get(f"{key}-{i}-code"))
        if label is MISSING and not typed:
            continue
        made = "" if label is MISSING else suggested_id(str(label.get("id") or label.get("en") or ""))
        yield i + 1, label, typed, typed or made


def option_problems(form: FormData, key: str = "options") -> list[FieldError]:
    """What the rows of options say that ``read_options`` would otherwise have to guess: a code given twice (it was
    renamed `_2`), a code without a label (the code was shown as its label), a code with spaces; nothing is saved
    while any is there, and each row is named."""
    problems: list[FieldError] = []
    first_row: dict[str, int] = {}
    for row, label, typed, code in _option_rows(form, key):
        problems += _option_row_problems(key, row, typed, code, label, first_row.get(code))
        first_row.setdefault(code, row)
    return problems


def _option_row_problems(key: str, row: int, typed: str, code: str, label: Any, twice: int | None) -> list[FieldError]:
    found = []
    if typed and re.search(r"\s", typed):
        suggestion = suggested_id(typed)
        found.append(
            field_error(
                key,
                "OPTION_CODE_SPACES",
                f"Opsi baris {row}: kode `{typed}` berisi spasi; tulis kode tanpa spasi, mis. `{suggestion}`.",
                f"Option row {row}: the code `{typed}` holds spaces; write a code without them, e.g. `{suggestion}`.",
            )
        )
    if label is MISSING:
        found.append(
            field_error(
                key,
                "OPTION_NO_LABEL",
                f"Opsi baris {row} (`{code}`) tidak berlabel; isi teks yang dilihat pemohon.",
                f"Option row {row} (`{code}`) has no label; fill in the text the applicant sees.",
            )
        )
    if twice is not None:
        found.append(
            field_error(
                key,
                "OPTION_CODE_TWICE",
                f"Opsi baris {row}: kode `{code}` sudah dipakai baris {twice}; beri setiap opsi kode sendiri.",
                f"Option row {row}: the code `{code}` is already row {twice}'s; give each option its own code.",
            )
        )
    return found


def _unused(code: str, taken: Mapping[str, Any]) -> str:
    number = 2
    found = code
    while found in taken:
        found, number = f"{code}_{number}", number + 1
    return found


def read_lookups(form: FormData, key: str) -> Any:
    lookups: dict[str, Any] = {}
    for i in _rows(form, key):
        name, source, by = (_text(form.get(f"{key}-{i}-{part}")) for part in ("name", "source", "by"))
        if name or source or by:
            lookups[name or f"lookup_{i + 1}"] = {"source": source, "by": by}
    return lookups or MISSING


def read_notify(form: FormData, key: str) -> Any:
    chosen = {event: [c for c in form.getlist(f"{key}-{event}") if c] for event in EVENTS}
    return {event: channels for event, channels in chosen.items() if channels} or MISSING


def read_repeat(form: FormData, key: str) -> Any:
    bounds = {bound: read_number(form, f"{key}_{bound}") for bound in ("min", "max")}
    found = {bound: value for bound, value in bounds.items() if value is not MISSING}
    return found or MISSING


def read_condition(form: FormData, key: str, types: Mapping[str, str]) -> Any:
    """The condition written in the text box, or composed by the builder, or none (by the chosen mode)."""
    mode = _text(form.get(f"{key}_mode")) or "expression"
    if mode == "expression":
        return read_string(form, f"{key}_expr")
    if mode == "builder":
        parts = Parts(_text(form.get(f"{key}_field")), _text(form.get(f"{key}_op")), _text(form.get(f"{key}_value")))
        return compose(parts, types.get(parts.field, "text")) or MISSING
    return MISSING


READERS: dict[str, Callable[[FormData, str], Any]] = {
    "id": read_id,
    "string": read_string,
    "select": read_string,
    "number": read_number,
    "bool": read_bool,
    "text": read_bilingual,
    "checks": read_checks,
    "lines": read_lines,
    "text_rows": read_text_rows,
    "options": read_options,
    "lookups": read_lookups,
    "notify": read_notify,
    "repeat": read_repeat,
}


def apply(kind: str, item: CommentedMap, form: FormData, types: Mapping[str, str] | None = None) -> None:
    """Write the posted values of ``kind``'s inputs into ``item`` (in place; other keys untouched).

    ``types``: field id → type, for the condition builder's literals.
    """
    types = _with_posted_type(kind, form, types or {})
    schema = schema_at(_schema_path(kind))
    for entry in FORMS[kind]:
        if entry.kind == "condition":
            value = read_condition(form, entry.key, types)
        else:
            value = READERS[entry.kind](form, entry.key)
        if value is MISSING:
            item.pop(entry.key, None)
        elif item.get(entry.key) != value:
            set_key(item, entry.key, node(value, entry.key), schema)


def read(kind: str, form: FormData, types: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The element a posted form describes, written nowhere: to show a form again as the author typed it."""
    item = CommentedMap()
    apply(kind, item, form, types)
    return item


def _with_posted_type(kind: str, form: FormData, types: Mapping[str, str]) -> Mapping[str, str]:
    """``types`` with a field form's own id at the type posted with it (the type being saved, not the stored one).

    Why: ``types`` is read from the file before the save; a field whose type
    and condition changed in one save had its condition's value written for
    its old type (`x > '1'` for a field just made a number).
    """
    own_id, own_type = _text(form.get("id")), _text(form.get("type"))
    if kind != "field" or not own_id or not own_type:
        return types
    return {**types, own_id: own_type}


def _schema_path(kind: str) -> tuple[str | int, ...]:
    return {
        "service": (),
        "standard": ("standard",),
        "page": ("pages", 0),
        "field": ("pages", 0, "fields", 0),
        "document": ("documents", 0),
        "rule": ("rules", 0),
        "step": ("steps", 0),
    }[kind]


# --- showing an element as form values -------------------------------------------------------


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _show_text(key: str, value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return {f"{key}_id": _plain(value.get("id")), f"{key}_en": _plain(value.get("en"))}
    return {f"{key}_id": _plain(value), f"{key}_en": ""}


def _show_rows(key: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    shown: dict[str, Any] = {f"{key}_rows": len(rows) + BLANK_ROWS}
    for i, row in enumerate(rows):
        shown.update({f"{key}-{i}-{part}": value for part, value in row.items()})
    return shown


def show(kind: str, item: Mapping[str, Any], fields: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The form values of ``item`` (a flat mapping of input names), for the builder's templates."""
    shown: dict[str, Any] = {}
    for entry in FORMS[kind]:
        value = item.get(entry.key)
        shown.update(SHOWERS[entry.kind](entry.key, value, fields or {}))
    return shown


def _show_condition(key: str, value: Any, fields: Mapping[str, str]) -> dict[str, Any]:
    source = _plain(value)
    parts = decompose(source, fields) if source else None
    mode = "none" if not source else "builder" if parts else "expression"
    shown = {f"{key}_mode": mode, f"{key}_expr": source}
    if parts:
        shown.update({f"{key}_field": parts.field, f"{key}_op": parts.operator, f"{key}_value": parts.value})
    return shown


def _show_options(key: str, value: Any, _fields: Mapping[str, str]) -> dict[str, Any]:
    rows = []
    for code, label in (value or {}).items() if isinstance(value, Mapping) else []:
        text = _show_text("t", label)
        rows.append({"code": _plain(code), "id": text["t_id"], "en": text["t_en"]})
    return _show_rows(key, rows)


def _show_text_rows(key: str, value: Any, _fields: Mapping[str, str]) -> dict[str, Any]:
    rows = []
    for text in value if isinstance(value, list) else []:
        shown = _show_text("t", text)
        rows.append({"id": shown["t_id"], "en": shown["t_en"]})
    return _show_rows(key, rows)


def _show_lookups(key: str, value: Any, _fields: Mapping[str, str]) -> dict[str, Any]:
    rows = []
    for name, lookup in (value or {}).items() if isinstance(value, Mapping) else []:
        lookup = lookup if isinstance(lookup, Mapping) else {}
        rows.append({"name": _plain(name), "source": _plain(lookup.get("source")), "by": _plain(lookup.get("by"))})
    return _show_rows(key, rows)


def _show_notify(key: str, value: Any, _fields: Mapping[str, str]) -> dict[str, Any]:
    chosen = value if isinstance(value, Mapping) else {}
    return {f"{key}-{event}": [_plain(c) for c in chosen.get(event) or []] for event in EVENTS}


def _show_repeat(key: str, value: Any, _fields: Mapping[str, str]) -> dict[str, Any]:
    bounds = value if isinstance(value, Mapping) else {}
    return {f"{key}_min": _plain(bounds.get("min")), f"{key}_max": _plain(bounds.get("max"))}


SHOWERS: dict[str, Callable[[str, Any, Mapping[str, str]], dict[str, Any]]] = {
    "id": lambda key, value, _f: {key: _plain(value)},
    "string": lambda key, value, _f: {key: _plain(value)},
    "select": lambda key, value, _f: {key: _plain(value)},
    "number": lambda key, value, _f: {key: _plain(value)},
    "bool": lambda key, value, _f: {key: value is True},
    "text": lambda key, value, _f: _show_text(key, value),
    "checks": lambda key, value, _f: {key: [_plain(v) for v in value] if isinstance(value, list) else []},
    "lines": lambda key, value, _f: {key: "\n".join(map(_plain, value)) if isinstance(value, list) else ""},
    "text_rows": _show_text_rows,
    "options": _show_options,
    "lookups": _show_lookups,
    "notify": _show_notify,
    "repeat": _show_repeat,
    "condition": _show_condition,
}
