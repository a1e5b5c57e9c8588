"""What a template needs to draw one page: a view per field, nothing to decide.

Views are built from the draft (what was saved) and the errors of the last
post, so a page always shows what the citizen typed — even text that did
not parse. The template picks a macro by ``kind`` (a table in the template),
never by testing field types itself.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from wtforms.form import BaseForm

from framework.core.text import Text
from framework.definition.model import FieldSpec
from framework.forms.compile import FORM_FIELDS, MAX_RADIOS, unbound_field
from framework.forms.flow import shown_children
from framework.forms.language_parts import in_language
from framework.forms.messages import LEVEL_NAMES
from framework.forms.minimise import masked
from framework.forms.prefill import PrefilledValue, source_label
from framework.forms.regions import LEVELS, region_table
from framework.forms.validation import FieldError

KINDS: dict[str, str] = {
    "text": "input",
    "textarea": "textarea",
    "integer": "input",
    "decimal": "input",
    "date": "input",
    "email": "input",
    "phone": "input",
    "nik": "input",
    "kk": "input",
    "choice": "radios",
    "boolean": "radios",
    "multichoice": "checkboxes",
    "declaration": "checkbox",
    "region": "region",
    "group": "group",
}
MONTHS = {
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


@dataclass
class RegionSelect:
    name: str
    level: Text
    options: list[tuple[str, str]]
    selected: str


@dataclass
class FieldView:
    spec: FieldSpec
    name: str
    kind: str
    label: str
    hint: str | None = None
    errors: list[str] = field(default_factory=list)
    bound: Any = None
    value_text: str = ""
    source: str | None = None
    verified: bool = True
    rows: list[list[FieldView]] = field(default_factory=list)
    can_add: bool = False
    can_remove: bool = False
    selects: list[RegionSelect] = field(default_factory=list)
    code_input: str | None = None  # a typed region code, where the reference data stops
    hidden: bool = False  # drawn hidden, revealed in the browser by when.js (a live condition)
    when_json: str | None = None
    reason: str | None = None  # the officer's free text on a returned field: its own element, in its own language

    @property
    def aria(self) -> dict[str, str]:
        """Attributes tying the input to its hint and error (``aria-describedby``)."""
        attributes = {"aria-describedby": self.described_by} if self.described_by else {}
        return {**attributes, "aria-invalid": "true"} if self.errors else attributes

    @property
    def described_by(self) -> str:
        """The ids of the texts that describe the input: the officer's reason, a date's format example, its hint,
        its errors."""
        parts = (
            (f"{self.name}-reason", self.reason),
            (f"{self.name}-format", self.spec.type == "date"),
            (f"{self.name}-hint", self.hint),
            (f"{self.name}-error", self.errors),
        )
        return " ".join(part for part, present in parts if present)


def _errors_by_name(errors: list[FieldError], language: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in errors:
        found.setdefault(anchor(error.field), []).append(error.message.get(language))
    return found


def anchor(path: str) -> str:
    """The element id of an error path: ``saudara_kembar.0.nama`` → ``saudara_kembar-0-nama``."""
    return path.replace(".", "-")


def in_page_order(errors: Sequence[FieldError], views: Sequence[FieldView]) -> list[FieldError]:
    """The errors in the order their inputs come on the page (the form's own first, the rest as they came).

    Why: the summary is read top to bottom and its links jump down the page;
    a rule's error on the third field came after every field's own errors.
    """
    order: dict[str, int] = {}
    for view in views:
        order.setdefault(view.name, len(order))
        for row in view.rows:
            for child in row:
                order.setdefault(child.name, len(order))
    ranked = sorted(
        enumerate(errors),
        key=lambda pair: (-1 if not pair[1].field else order.get(anchor(pair[1].field), len(order)), pair[0]),
    )
    return [error for _index, error in ranked]


@dataclass
class PageContext:
    values: Mapping[str, Any]
    answers: Mapping[str, Any]
    raw: Mapping[str, str]
    prefill: Mapping[str, PrefilledValue]
    errors: dict[str, list[str]]
    language: str
    registry_only: Collection[str] = frozenset()
    minimised: Collection[str] = frozenset()


# a registry-only field the registry has no value for: shown locked and empty, never as an input to type in
NO_RECORD = Text("Tidak ada data di registri", "No record in the registry")


def page_views(
    fields: list[FieldSpec],
    answers: Mapping[str, Any],
    raw: Mapping[str, str],
    prefill: Mapping[str, PrefilledValue],
    errors: list[FieldError],
    values: Mapping[str, Any],
    language: str,
    live: Mapping[str, Any] | None = None,
    registry_only: Collection[str] = frozenset(),
    minimised: Collection[str] = frozenset(),
) -> list[FieldView]:
    """Views of ``fields``; those in ``live`` whose condition is false now are drawn hidden.

    ``registry_only``: locked fields no one may type (``drafting.registry_only_ids``), drawn locked even empty.
    ``minimised``: fields whose registry value is another person's number (``minimise.minimised_ids``), shown
    masked to the citizen; the counter's officer passes none.
    """
    errors_by_name = _errors_by_name(errors, language)
    context = PageContext(values, answers, raw, prefill, errors_by_name, language, registry_only, minimised)
    views = []
    for item in fields:
        view = _view(item, item.id, answers.get(item.id), context)
        if live and item.id in live:
            view.when_json = json.dumps(live[item.id])
            view.hidden = not (item.when is None or item.when.holds(values))
        views.append(view)
    return views


def _view(item: FieldSpec, name: str, value: Any, context: PageContext) -> FieldView:
    language = context.language
    view = FieldView(
        item,
        name,
        KINDS[item.type],
        in_language(item.label, language),
        in_language(item.hint, language) if item.hint else None,
        context.errors.get(name, []),
    )
    if item.type == "choice" and len(item.options) > MAX_RADIOS:
        view.kind = "select"
    prefilled = context.prefill.get(item.id if name == item.id else name.replace("-", "."))  # a row's: by path
    if prefilled is not None:
        view.source = source_label(prefilled.source).get(language)
        view.verified = prefilled.verified
        if item.locked and prefilled.verified:
            view.kind = "locked"
            view.value_text = display_value(item, masked(value) if item.id in context.minimised else value, language)
            return view
    if name in context.registry_only:
        view.kind, view.source = "locked", view.source or ""
        view.value_text = display_value(item, value, language) or NO_RECORD.get(language)
        return view
    return _FILL[view.kind](view, value, context)


def _bound(view: FieldView, value: Any, context: PageContext) -> FieldView:
    item = view.spec
    data = context.raw.get(view.name, FORM_FIELDS[item.type].to_data(value))
    form = BaseForm([(view.name, unbound_field(item, context.language))])
    form.process(None, data={view.name: data})
    view.bound = form[view.name]
    return view


def _group(view: FieldView, value: Any, context: PageContext) -> FieldView:
    group = view.spec
    rows = value if isinstance(value, list) else ([value] if isinstance(value, Mapping) else [])
    minimum = group.repeat.min if group.repeat else 1
    rows = rows + [{}] * max(0, max(minimum, 1) - len(rows))
    for index, row in enumerate(rows):
        children = shown_children(group, context.values, row)
        view.rows.append(
            [_view(child, f"{group.id}-{index}-{child.id}", row.get(child.id), context) for child in children]
        )
    if group.repeat:
        view.can_add = len(rows) < group.repeat.max
        view.can_remove = len(rows) > max(minimum, 1)
    return view


def _region(view: FieldView, value: Any, context: PageContext) -> FieldView:
    table = region_table()
    code = context.raw.get(view.name, value) or ""
    chosen = table.ancestors(code) if code else []
    parent: str | None = None
    for depth, level in enumerate(LEVELS[: LEVELS.index(view.spec.level or "village") + 1]):
        children = table.children(parent)
        if not children:
            view.code_input = code
            break
        selected = chosen[depth] if depth < len(chosen) else ""
        view.selects.append(
            RegionSelect(f"{view.name}--{level}", LEVEL_NAMES[level], [(r.code, r.name) for r in children], selected)
        )
        if not selected or selected not in table.by_code:
            break
        parent = selected
    return view


_FILL = {
    "input": _bound,
    "textarea": _bound,
    "radios": _bound,
    "select": _bound,
    "checkboxes": _bound,
    "checkbox": _bound,
    "region": _region,
    "group": _group,
}


# --- showing answers (summary page, locked fields) -------------------------


def _date_text(value: Any, language: str) -> str:
    day = dt.date.fromisoformat(value)
    return f"{day.day} {MONTHS[language][day.month - 1]} {day.year}"


def _option_text(item: FieldSpec, code: Any, language: str) -> str:
    return next((o.label.get(language) for o in item.options if o.code == code), str(code))


def _region_text(value: Any, language: str) -> str:
    table = region_table()
    return ", ".join(table.name(code) for code in reversed(table.ancestors(str(value))))


DISPLAY = {
    "date": _date_text,
    "boolean": lambda value, language: {True: ("Ya", "Yes"), False: ("Tidak", "No")}[value][language == "en"],
    "declaration": lambda value, language: ("Ya, saya menyatakan", "Yes, I declare")[language == "en"] if value else "",
    "region": _region_text,
}


def display_value(item: FieldSpec, value: Any, language: str) -> str:
    """An answer as a person reads it: option labels, region names, dates in words."""
    if value is None or value == "" or value == []:
        return ""
    try:
        if item.type == "choice":
            return _option_text(item, value, language)
        if item.type == "multichoice":
            return ", ".join(_option_text(item, code, language) for code in value)
        return DISPLAY[item.type](value, language) if item.type in DISPLAY else str(value)
    except (ValueError, KeyError, TypeError):
        return str(value)


def duration_text(duration: Any, language: str) -> str:
    """``1d`` → "1 hari kerja" / "1 working day"; ``4h`` → "4 jam kerja" / "4 working hours"."""
    if duration is None:
        return ""
    if duration.days is not None:
        return (
            f"{duration.days} hari kerja"
            if language == "id"
            else f"{duration.days} working day{'s' if duration.days != 1 else ''}"
        )
    hours = duration.working_hours
    return f"{hours} jam kerja" if language == "id" else f"{hours} working hour{'s' if hours != 1 else ''}"
