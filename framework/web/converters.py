"""The `<int:…>` of every route, bounded to the database's ids: registered once, before any blueprint.

Why: Werkzeug's own ``int`` converter takes any length of digits, and an
address such as `/admin/usulan/99999999999999999999` reached
``session.get()`` and failed in the database driver (a 500). Here a number
past the largest id matches no route: *not found*, like any id that is not
there. Every ``<int:…>`` route (the admin's, a region's own package's) gets
it without naming a limit of its own.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map, ValidationError

from framework.core.numbers import BIGINT_MAX, whole_number


class DatabaseIdConverter(IntegerConverter):
    """ASCII digits up to ``BIGINT_MAX`` (or a route's own smaller ``max``); anything else is no match (a 404)."""

    regex = r"[0-9]+"

    def __init__(self, map: Map, *args: Any, **options: Any) -> None:
        options["max"] = min(options.get("max") or BIGINT_MAX, BIGINT_MAX)
        super().__init__(map, *args, **options)

    def to_python(self, value: str) -> Any:
        number = whole_number(value, low=self.min or 0, high=self.max or BIGINT_MAX)
        if number is None:
            raise ValidationError()
        return number


def register(app: Flask) -> None:
    """Replace ``int`` in the app's URL map; the app factory calls it before any route is added."""
    app.url_map.converters["int"] = DatabaseIdConverter
