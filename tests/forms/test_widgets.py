"""The faster widgets write exactly the HTML WTForms' own widgets write."""

from __future__ import annotations

from typing import Any

import pytest
from markupsafe import Markup
from wtforms import BooleanField, RadioField, StringField, widgets
from wtforms.form import BaseForm
from wtforms.validators import InputRequired

from framework.core.text import Text
from framework.definition.model import FieldSpec, Option
from framework.forms import widgets as fast
from framework.forms.compile import FORM_FIELDS, unbound_field

ATTRIBUTES: list[dict[str, Any]] = [
    {},
    {"name": "nik", "id": "nik", "class_": "input"},
    {"value": 'Budi "Kecil" <b>&</b>'},
    {"value": Markup('already <em>safe</em> "quoted"')},
    {"required": True, "disabled": False, "checked": True},
    {"aria_describedby": "nik-hint nik-error", "aria_invalid": "true", "data_row_count": 3},
    {"maxlength": 20, "inputmode": "numeric", "value": None},
    {"for_": "x", "class_": "a b", "zz": "'single'", "aa": ""},
]


@pytest.mark.parametrize("attributes", ATTRIBUTES)
def test_attributes_match_wtforms(attributes: dict[str, Any]) -> None:
    ours = fast.html_params(**attributes)
    assert isinstance(ours, Markup)
    assert ours == widgets.html_params(**attributes)


WIDGETS = [
    (fast.TextInput, widgets.TextInput, StringField),
    (fast.DateInput, widgets.DateInput, StringField),
    (fast.EmailInput, widgets.EmailInput, StringField),
    (fast.TelInput, widgets.TelInput, StringField),
    (fast.CheckboxInput, widgets.CheckboxInput, BooleanField),
]


@pytest.mark.parametrize(("ours", "theirs", "field_class"), WIDGETS)
@pytest.mark.parametrize("data", ["", 'Siti "Aminah" & <Putri>', "y"])
def test_inputs_match_wtforms(ours: type, theirs: type, field_class: type, data: str) -> None:
    def render(widget: Any) -> str:
        form = BaseForm([("f", field_class(widget=widget, validators=[InputRequired()]))])
        form.process(data={"f": data})
        return str(form["f"](class_="input", aria_describedby="f-hint", inputmode="numeric"))

    assert render(ours()) == render(theirs())


def test_radio_buttons_match_wtforms() -> None:
    def render(option_widget: Any) -> list[str]:
        extra = {"option_widget": option_widget} if option_widget else {}
        form = BaseForm([("r", RadioField(choices=[("a", 'A "1"'), ("b", "B <2>")], **extra))])
        form.process(data={"r": "b"})
        return [str(option(class_="radios-input")) + str(option.label()) for option in form["r"]]

    assert render(fast.RADIO) == render(None)


def test_generated_fields_use_the_faster_widgets() -> None:
    """A field type added later with WTForms' own widget would still work, only slower: this says so."""
    choice = FieldSpec(
        id="jenis",
        type="choice",
        label=Text("Jenis", "Kind"),
        page="satu",
        options=(Option("a", Text("A", "A")), Option("b", Text("B", "B"))),
    )
    assert unbound_field(choice).kwargs["option_widget"] is fast.RADIO
    written_by_wtforms = [
        name
        for name, kind in FORM_FIELDS.items()
        if isinstance(kind.widget, widgets.Input) and type(kind.widget).html_params is not fast.html_params
    ]
    assert written_by_wtforms == []


@pytest.mark.parametrize("kind", ["radios", "checkboxes"])
def test_the_templates_option_labels_match_wtforms_labels(app, kind):
    """portal/_fields.html writes each option's <label> itself; WTForms' Label wrote the same bytes."""
    from types import SimpleNamespace

    from flask import render_template_string
    from wtforms import SelectMultipleField

    choices = [("a", 'A "satu" & <dua>'), ("b", "B")]
    if kind == "radios":
        unbound = RadioField(choices=choices, option_widget=fast.RADIO)
    else:
        unbound = SelectMultipleField(choices=choices, option_widget=fast.CheckboxInput())
    form = BaseForm([("r", unbound)])
    form.process(data={"r": "a" if kind == "radios" else ["a"]})
    view = SimpleNamespace(
        name="r",
        kind=kind,
        label="R",
        spec=SimpleNamespace(required=True),
        errors=[],
        described_by=None,
        hint=None,
        source=None,
    )
    view.bound = form["r"]
    template = '{% from "portal/_fields.html" import field %}{{ field(view) }}'
    with app.test_request_context("/"):
        html = render_template_string(template, view=view)
    labels = [str(option.label(class_=f"{kind}-label")) for option in form["r"]]
    assert all(label in html for label in labels) and "&lt;dua&gt;" in labels[0]
