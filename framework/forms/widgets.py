"""WTForms' input widgets with a faster attribute writer, the HTML unchanged.

Why: WTForms writes every attribute of an input through ``Markup.format``,
which runs Python's ``string.Formatter`` and escapes the already escaped
value again; on the served form page that was about an eighth of the worker's
CPU. :func:`html_params` writes the same bytes with one ``escape`` per value
(``tests/forms/test_widgets.py`` holds it to WTForms' own output), and the
widgets below are WTForms' classes with it swapped in, which ``Input``
allows (``html_params`` is a class attribute there). Radio buttons are
rendered through ``option_widget``, so :data:`RADIO` is passed to radio
fields. Text areas, drop-down lists and the list around checkboxes still use
WTForms' own writer: WTForms calls it by module name there, and they are a
small part of a page.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from wtforms import widgets
from wtforms.widgets.core import clean_key


def html_params(**attributes: Any) -> Markup:
    """``wtforms.widgets.html_params``: sorted ``name="value"`` pairs, ``True`` bare, ``False`` left out."""
    parts = []
    for name, value in sorted(attributes.items()):
        if value is False:
            continue
        key = str(escape(clean_key(name)))
        if value is True:
            parts.append(key)
            continue
        text = str(escape(value))
        if '"' in text:  # only in a value passed as Markup: escape() writes &#34; for a plain text
            text = text.replace('"', "&quot;")
        parts.append(f'{key}="{text}"')
    return Markup(" ".join(parts))


def _faster(widget: type[widgets.Input]) -> type[widgets.Input]:
    """``widget``'s class with :func:`html_params` in place of WTForms' writer."""
    return type(widget.__name__, (widget,), {"html_params": staticmethod(html_params), "__module__": __name__})


TextInput = _faster(widgets.TextInput)
DateInput = _faster(widgets.DateInput)
EmailInput = _faster(widgets.EmailInput)
TelInput = _faster(widgets.TelInput)
CheckboxInput = _faster(widgets.CheckboxInput)
RadioInput = _faster(widgets.RadioInput)
RADIO = RadioInput()
