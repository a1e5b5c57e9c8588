"""ServiceSpec page → WTForms form, from one table of field types.

``FORM_FIELDS`` maps each type of the definition language to a WTForms field
class, a widget and how the text a browser posts becomes a JSON answer.
Every generated field carries one validator, :class:`AnswerCheck`, which runs
the same cleaner as ``validate_answers`` — the form cannot accept what the
API refuses. ``BaseForm(fields)`` takes the unbound fields built here: no
class is written per service.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wtforms import BooleanField, Field, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.form import BaseForm
from wtforms.validators import ValidationError
from wtforms.widgets import ListWidget

from framework.definition.model import FieldSpec, PageSpec
from framework.forms.language_parts import in_language, lang_of
from framework.forms.messages import TYPED_DATE, message
from framework.forms.regions import region_table
from framework.forms.types import FIELD_TYPES, Invalid, longest
from framework.forms.validation import empty
from framework.forms.widgets import RADIO, CheckboxInput, DateInput, EmailInput, TelInput, TextInput

MAX_RADIOS = 6  # more options than this become a drop-down list
YES, NO = "ya", "tidak"


def _text(data: Any) -> str | None:
    text = (data or "").strip() if isinstance(data, str) else data
    return text or None


def _digits(data: Any) -> str | None:
    text = _text(data)
    return re.sub(r"[\s.\-]", "", text) if text else None


def _phone(data: Any) -> str | None:
    text = _text(data)
    return re.sub(r"[\s\-()]", "", text) if text else None


WHOLE_NUMBER = re.compile(r"[+-]?(\d+|\d{1,3}(\.\d{3})+)")


def _integer(data: Any) -> int | None:
    text = _text(data)
    if text is None:
        return None
    # dots only as Indonesian thousands separators (`1.500`): `1.5` is not a whole number, never 15
    if not WHOLE_NUMBER.fullmatch(text):
        raise Invalid("invalid_integer")
    try:
        return int(text.replace(".", ""))
    except ValueError:  # more digits than int() converts (sys.get_int_max_str_digits): no count is that long
        raise Invalid("invalid_integer") from None


def _decimal(data: Any) -> float | int | None:
    text = _text(data)
    if text is None:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise Invalid("invalid_decimal") from None
    if not math.isfinite(number):  # "nan", "inf", "1e999": no measurement, and not JSON (PostgreSQL refuses them)
        raise Invalid("invalid_decimal")
    return int(number) if number.is_integer() and "," not in text and "." not in text else number


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


def _date(data: Any) -> str | None:
    """A date as ISO text; a phone without a date picker may post ``17/08/2024``."""
    text = _text(data)
    if text is None:
        return None
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise Invalid("invalid_date", **TYPED_DATE)


def _yes_no(data: Any) -> bool | None:
    """'ya' / 'tidak' → True / False; nothing chosen → None; anything else (a tampered form) is refused."""
    if data in (None, ""):
        return None
    if data not in (YES, NO):
        raise Invalid("choice")
    return data == YES


def _ticked(data: Any) -> bool:
    return bool(data)


def _codes(data: Any) -> list[str] | None:
    return list(data) or None if data else None


def _same(value: Any) -> Any:
    return value


def _shown_text(value: Any) -> Any:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class FormField:
    """How one type is asked in HTML."""

    field_class: type[Field]
    widget: Any = None
    to_answer: Callable[[Any], Any] = _text  # posted data → JSON answer (raises Invalid)
    to_data: Callable[[Any], Any] = _shown_text  # JSON answer → what the input shows
    attributes: dict[str, str] = field(default_factory=dict)


def _choice_class(spec: FieldSpec) -> type[Field]:
    return RadioField if len(spec.options) <= MAX_RADIOS else SelectField


FORM_FIELDS: dict[str, FormField] = {
    "text": FormField(StringField, TextInput()),
    "textarea": FormField(TextAreaField),
    "integer": FormField(StringField, TextInput(), _integer, attributes={"inputmode": "numeric"}),
    "decimal": FormField(StringField, TextInput(), _decimal, attributes={"inputmode": "decimal"}),
    "date": FormField(StringField, DateInput(), _date),
    "choice": FormField(RadioField, to_answer=_text, to_data=_same),
    "multichoice": FormField(SelectMultipleField, ListWidget(prefix_label=False), _codes, _same),
    "boolean": FormField(RadioField, to_answer=_yes_no, to_data=lambda v: {True: YES, False: NO}.get(v)),
    "declaration": FormField(BooleanField, CheckboxInput(), to_answer=_ticked, to_data=bool),
    "email": FormField(StringField, EmailInput(), attributes={"autocomplete": "email"}),
    "phone": FormField(StringField, TelInput(), _phone, attributes={"autocomplete": "tel", "inputmode": "tel"}),
    "nik": FormField(StringField, TextInput(), _digits, attributes={"inputmode": "numeric", "maxlength": "20"}),
    "kk": FormField(StringField, TextInput(), _digits, attributes={"inputmode": "numeric", "maxlength": "20"}),
    "region": FormField(SelectField, to_answer=_text, to_data=_same),
}


LIMITED = frozenset({"text", "textarea", "email"})  # the types whose input says the cleaner's length limit


def to_answer(spec: FieldSpec, data: Any) -> Any:
    return FORM_FIELDS[spec.type].to_answer(data)


class AnswerCheck:
    """WTForms validator running the shared cleaner: the form and the API agree by construction."""

    def __init__(self, spec: FieldSpec, language: str = "id") -> None:
        self.spec = spec
        self.language = language
        self.field_flags = {"required": spec.required}

    def __call__(self, form: BaseForm, bound: Field) -> None:
        try:
            value = to_answer(self.spec, bound.data)
            if empty(value):  # the validation's own rule: a text of zero-width spaces is no answer here either
                if self.spec.required:
                    raise Invalid("required")
                return
            FIELD_TYPES[self.spec.type].clean(self.spec, value)
        except Invalid as problem:
            bound.errors_code = problem.code
            raise ValidationError(message(problem.code, **problem.params).get(self.language)) from None


def _choices(spec: FieldSpec, language: str, in_select: bool = False) -> list[tuple[Any, ...]]:
    """The options as WTForms' choices; a label standing in for a missing English marked as Indonesian.

    A radio's or checkbox's label is page content (a ``<span lang>`` inside);
    an ``<option>`` may hold no markup, so it takes the ``lang`` attribute itself.
    """
    if spec.type == "boolean":
        return [(YES, "Ya" if language == "id" else "Yes"), (NO, "Tidak" if language == "id" else "No")]
    if in_select:
        return [(o.code, o.label.get(language), lang_of(o.label, language)) for o in spec.options]
    return [(o.code, in_language(o.label, language)) for o in spec.options]


def unbound_field(spec: FieldSpec, language: str = "id", region_parent: str | None = None) -> Any:
    """The unbound WTForms field for one (non-group) field of the definition."""
    kind = FORM_FIELDS[spec.type]
    options: dict[str, Any] = {"label": spec.label.get(language), "validators": [AnswerCheck(spec, language)]}
    field_class = kind.field_class
    if spec.type in ("choice", "boolean"):
        field_class = _choice_class(spec) if spec.type == "choice" else RadioField
        blank = [("", "—")] if field_class is SelectField else []
        options.update(choices=blank + _choices(spec, language, field_class is SelectField), validate_choice=False)
        if field_class is RadioField:
            options["option_widget"] = RADIO
    elif spec.type == "multichoice":
        options.update(choices=_choices(spec, language), validate_choice=False, option_widget=CheckboxInput())
    elif spec.type == "region":
        options.update(choices=region_choices(region_parent), validate_choice=False)
    if kind.widget is not None:
        options["widget"] = kind.widget
    attributes = _input_attributes(spec, kind)
    if attributes:
        options["render_kw"] = attributes
    return field_class(**options)


def _input_attributes(spec: FieldSpec, kind: FormField) -> dict[str, str]:
    """The type's input attributes, and ``maxlength`` from the cleaner's own limit: a paste of 10,000 characters
    is cut at the box, not refused only after the page is sent."""
    attributes = dict(kind.attributes)
    if spec.type in LIMITED and (limit := longest(spec)) is not None:
        attributes["maxlength"] = str(limit)
    return attributes


def region_choices(parent: str | None) -> list[tuple[str, str]]:
    return [("", "—")] + [(r.code, r.name) for r in region_table().children(parent)]


def page_fields(page: PageSpec, language: str = "id", shown: set[str] | None = None) -> list[tuple[str, Any]]:
    """(name, unbound field) for the plain fields of a page; groups are asked row by row."""
    return [
        (item.id, unbound_field(item, language))
        for item in page.fields
        if not item.is_group and (shown is None or item.id in shown)
    ]


def row_fields(group: FieldSpec, index: int, language: str = "id") -> list[tuple[str, Any]]:
    return [
        (f"{group.id}-{index}-{child.id}", unbound_field(child, language))
        for child in group.fields
        if not child.is_group
    ]


def page_form(
    page: PageSpec, language: str = "id", formdata: Any = None, data: dict[str, Any] | None = None
) -> BaseForm:
    """A bound form for one page of a service: the generated counterpart of a hand-written ``Form``."""
    form = BaseForm(page_fields(page, language))
    form.process(formdata, data=data or {})
    return form
