"""The page-by-page flow of an application: which pages, in which order, what was posted.

Flask-free: the portal passes the posted form data (a ``MultiDict``) and the
draft; these functions say which pages are shown now, which comes next, and
turn a posted page into answers plus the errors of text that did not parse.
Hidden pages and fields are skipped and their answers dropped.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from wtforms.form import BaseForm

from framework.core.text import Text
from framework.definition.model import FieldSpec, PageSpec, ServiceSpec
from framework.forms.compile import row_fields, to_answer, unbound_field
from framework.forms.messages import message
from framework.forms.regions import LEVELS, region_table
from framework.forms.types import FIELD_TYPES, Invalid
from framework.forms.validation import FieldError, clean_value
from framework.forms.visibility import DOCUMENTS_PAGE, page_shown, typed_values

DOCUMENTS_TITLE = Text("Dokumen Pendukung", "Supporting documents")


@dataclass(frozen=True)
class Step:
    """One page of the flow as the progress indicator shows it."""

    id: str
    title: Text
    page: PageSpec | None  # None for the documents page


def answer_values(spec: ServiceSpec, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Typed values of the (possibly half-filled) answers, for conditions."""
    cleaned = {}
    for item in spec.iter_fields():
        if item.is_group:
            cleaned[item.id] = answers.get(item.id)
            continue
        value, errors = clean_value(item, answers.get(item.id), item.id, {})
        if value is not None and not errors:
            cleaned[item.id] = value
    return typed_values(spec.iter_fields(), cleaned)


def steps(spec: ServiceSpec, answers: Mapping[str, Any], values: Mapping[str, Any] | None = None) -> list[Step]:
    """The pages shown for these answers, then the documents page if any document is asked.

    ``values``: the answers' :func:`answer_values`, when the caller has them already (cleaning every answer,
    NIK checks included, is most of the work).
    """
    values = answer_values(spec, answers) if values is None else values
    shown = [Step(page.id, page.title, page) for page in spec.pages if page_shown(page, values)]
    if any(d.when is None or d.when.holds(values) for d in spec.documents):
        shown.append(Step(DOCUMENTS_PAGE, DOCUMENTS_TITLE, None))
    return shown


def first_open_step(spec: ServiceSpec, answers: Mapping[str, Any], visited: Collection[str]) -> str | None:
    """The first page shown for these answers that the applicant has not visited yet (None: all seen)."""
    return next((step.id for step in steps(spec, answers) if step.id not in visited), None)


def next_step(spec: ServiceSpec, answers: Mapping[str, Any], current: str) -> str | None:
    ids = [step.id for step in steps(spec, answers)]
    return ids[ids.index(current) + 1] if current in ids and ids.index(current) + 1 < len(ids) else None


def shown_fields(page: PageSpec, values: Mapping[str, Any]) -> list[FieldSpec]:
    return [item for item in page.fields if item.when is None or item.when.holds(values)]


def shown_children(group: FieldSpec, values: Mapping[str, Any], row: Mapping[str, Any]) -> list[FieldSpec]:
    scope = {**values, **typed_values(group.fields, row)}
    return [child for child in group.fields if not child.is_group and (child.when is None or child.when.holds(scope))]


@dataclass
class PostedPage:
    """What one posted page says: answers by field id, text kept as typed, parse errors."""

    answers: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)


def _read(item: FieldSpec, name: str, bound: Any, posted: PostedPage) -> Any:
    try:
        return to_answer(item, bound.data)
    except Invalid as problem:
        posted.raw[name] = bound.data
        posted.errors.append(FieldError(name.replace("-", "."), problem.code, message(problem.code, **problem.params)))
        return None


def read_region(item: FieldSpec, name: str, formdata: Any) -> str | None:
    """The deepest consistent code of a cascade (``name--province``, ``name--regency``, …) or a typed code."""
    typed = (formdata.get(f"{name}--code") or "").strip()
    if typed:
        return typed
    value = None
    for level in LEVELS[: LEVELS.index(item.level or "village") + 1]:
        code = (formdata.get(f"{name}--{level}") or "").strip()
        if not code or (value and not code.startswith(value + ".")) or code not in region_table().by_code:
            break
        value = code
    return value


def row_count(group: FieldSpec, formdata: Any) -> int:
    try:
        count = int(formdata.get(f"{group.id}-rows", "0"))
    except ValueError:
        count = 0
    return max(0, min(count, group.repeat.max if group.repeat else 1))


def read_page(
    fields: list[FieldSpec], formdata: Any, skip: set[str], values: Mapping[str, Any], language: str = "id"
) -> PostedPage:
    """Posted form data of the ``fields`` rendered on a page → answers; ``skip`` lists locked ids."""
    posted = PostedPage()
    for item in fields:
        if item.id in skip:
            continue
        if item.is_group:
            posted.answers[item.id] = _read_group(item, formdata, values, posted, language)
        elif item.type == "region":
            posted.answers[item.id] = read_region(item, item.id, formdata)
        else:
            form = BaseForm([(item.id, unbound_field(item, language))])
            form.process(formdata)
            posted.answers[item.id] = _read(item, item.id, form[item.id], posted)
    return posted


def _read_group(group: FieldSpec, formdata: Any, values: Mapping[str, Any], posted: PostedPage, language: str) -> Any:
    rows = []
    for index in range(row_count(group, formdata) if group.repeat else 1):
        form = BaseForm(row_fields(group, index, language))
        form.process(formdata)
        row: dict[str, Any] = {}
        for child in group.fields:
            name = f"{group.id}-{index}-{child.id}"
            value = (
                read_region(child, name, formdata)
                if child.type == "region"
                else _read(child, name, form[name], posted)
                if name in form
                else None
            )
            if value is not None:
                row[child.id] = value
        rows.append(row)
    return rows if group.repeat else (rows[0] if rows and rows[0] else None)


def prefilled_answer(item: FieldSpec, value: Any) -> Any:
    """A registry's value in the form the field stores (``17-08-1945`` → ``1945-08-17``)."""
    try:
        converted = to_answer(item, value) if isinstance(value, str) else value
        return FIELD_TYPES[item.type].clean(item, converted)
    except (Invalid, KeyError):
        return value
