"""The field types of the definition language: how each is checked and described.

One table maps a type to (JSON Schema fragment, cleaner). The cleaner takes a
JSON value (what the API receives, and what the HTML form produces after
reading its inputs) and returns the clean value or raises :class:`Invalid`
with a stable code. Validation and the JSON Schema both read this table, so
the API and the form cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import nik as stdnum_nik

from framework.core.numbers import JSON_SAFE_INTEGER
from framework.core.patterns import EMAIL_MAX_LENGTH, EMAIL_PATTERN, SIXTEEN_DIGITS
from framework.definition.model import FieldSpec
from framework.forms.messages import ISO_DATE, LEVEL_NAMES
from framework.forms.regions import CODE_PATTERNS, region_table

PHONE_PATTERN = r"^(\+62|62|0)8[0-9]{7,11}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


class Invalid(Exception):
    """A value that does not fit its field: ``code`` is stable, ``params`` fill the message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


EXPECTED: dict[str, tuple[str, str]] = {
    "string": ("teks", "text"),
    "integer": ("bilangan bulat", "a whole number"),
    "number": ("angka", "a number"),
    "boolean": ("true atau false", "true or false"),
    "array": ("daftar", "a list"),
    "object": ("objek", "an object"),
}


def _expect(value: Any, json_type: str) -> None:
    checks: dict[str, Callable[[Any], bool]] = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "array": lambda v: isinstance(v, list),
    }
    if not checks[json_type](value):
        indonesian, english = EXPECTED[json_type]
        raise Invalid("type", expected=indonesian, expected_en=english)


# The longest answer a text field takes when its definition names no `max_length`. Why a default: an
# answer is stored, shown to officers, printed and sent on; without one a single field took megabytes
# (up to the request limit). Generous for a name or an address, and for a narrative (a complaint's is 5,000).
# An e-mail address (which takes no `max_length`): RFC 5321's own limit.
DEFAULT_MAX_LENGTH = {"text": 500, "textarea": 5000, "email": EMAIL_MAX_LENGTH}


def longest(spec: FieldSpec) -> int | None:
    """The field's declared `max_length`, else its type's default: what the cleaner enforces and the form's
    input says (``maxlength``), so a paste too long is cut at the box, not refused after sending."""
    return spec.max_length if spec.max_length is not None else DEFAULT_MAX_LENGTH.get(spec.type)


def _not_too_long(spec: FieldSpec, value: str) -> None:
    if (limit := longest(spec)) is not None and len(value) > limit:
        raise Invalid("too_long", max_length=limit)


def _string(spec: FieldSpec, value: Any) -> str:
    _expect(value, "string")
    if spec.min_length is not None and len(value) < spec.min_length:
        raise Invalid("too_short", min_length=spec.min_length)
    _not_too_long(spec, value)
    if spec.pattern and not re.fullmatch(spec.pattern, value):
        raise Invalid("pattern")
    return value


def _matching(pattern: str, code: str) -> Callable[[FieldSpec, Any], str]:
    def clean(spec: FieldSpec, value: Any) -> str:
        _expect(value, "string")
        _not_too_long(spec, value)  # an e-mail address of 5,000 characters matched the pattern
        if not re.fullmatch(pattern, value):  # not match(): `$` also matches before a final "\n"
            raise Invalid(code)
        return value

    return clean


def _number(json_type: str) -> Callable[[FieldSpec, Any], Any]:
    def clean(spec: FieldSpec, value: Any) -> Any:
        if json_type == "integer" and isinstance(value, float) and value.is_integer():
            value = int(value)  # `1e3` and `1000.0` are whole numbers, as JSON Schema's "integer" counts them
        _expect(value, json_type)
        low, high = bounds(spec, json_type)
        if low is not None and value < low:
            raise Invalid("min", min=_plain(low))
        if high is not None and value > high:
            raise Invalid("max", max=_plain(high))
        return value

    return clean


def bounds(spec: FieldSpec, json_type: str) -> tuple[float | None, float | None]:
    """(least, greatest) value of a number field: its own ``min`` and ``max``, and for a whole number ±2^53−1.

    Why the default range: without one, ``99999999999999999999999999`` was
    stored, a number no JSON client reads back exactly. The cleaner and the
    published JSON Schema both read it here, so they agree.
    """
    if json_type != "integer":
        return spec.min, spec.max
    low = -JSON_SAFE_INTEGER if spec.min is None else max(spec.min, -JSON_SAFE_INTEGER)
    high = JSON_SAFE_INTEGER if spec.max is None else min(spec.max, JSON_SAFE_INTEGER)
    return low, high


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _date(spec: FieldSpec, value: Any) -> str:
    _expect(value, "string")
    try:
        if not re.fullmatch(DATE_PATTERN, value):
            raise ValueError(value)
        dt.date.fromisoformat(value)
    except ValueError:
        raise Invalid("invalid_date", **ISO_DATE) from None
    return value


def _choice(spec: FieldSpec, value: Any) -> str:
    _expect(value, "string")
    if value not in spec.option_codes:
        raise Invalid("choice")
    return value


def _multichoice(spec: FieldSpec, value: Any) -> list[str]:
    _expect(value, "array")
    for item in value:
        _choice(spec, item)
    if len(set(value)) != len(value):
        raise Invalid("choice")
    return [code for code in spec.option_codes if code in value]


def _boolean(spec: FieldSpec, value: Any) -> bool:
    _expect(value, "boolean")
    return value


def _declaration(spec: FieldSpec, value: Any) -> bool:
    _expect(value, "boolean")
    if value is not True:
        raise Invalid("declaration")
    return True


def _phone(spec: FieldSpec, value: Any) -> str:
    number = _matching(PHONE_PATTERN, "invalid_phone")(spec, value)
    return "+62" + number[number.index("8") :]


def _nik(spec: FieldSpec, value: Any) -> str:
    number = _matching(SIXTEEN_DIGITS, "invalid_nik")(spec, value)
    if not valid_nik(number):
        raise Invalid("invalid_nik")
    return number


@lru_cache(maxsize=4096)
def valid_nik(number: str) -> bool:
    """stdnum's NIK check (birth date, region code) is pure, and a form page cleans the same NIKs on every view."""
    try:
        stdnum_nik.validate(number)
    except StdnumError:
        return False
    return True


def _kk(spec: FieldSpec, value: Any) -> str:
    number = _matching(SIXTEEN_DIGITS, "invalid_kk")(spec, value)
    if f"{number[:2]}.{number[2:4]}" not in region_table().by_code:
        raise Invalid("invalid_kk")
    return number


def _region(spec: FieldSpec, value: Any) -> str:
    _expect(value, "string")
    level = spec.level or "village"
    if not region_table().accepts(value, level):
        if region_table().accepts(value, _level_of(value)):
            names = LEVEL_NAMES[level]
            raise Invalid("region_level", level=names.id, level_en=names.en)
        raise Invalid("invalid_region")
    return value


def _level_of(code: str) -> str:
    return next((level for level, pattern in CODE_PATTERNS.items() if re.fullmatch(pattern, code)), "village")


# --- JSON Schema fragments -------------------------------------------------


def _string_schema(spec: FieldSpec) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if spec.min_length is not None:
        schema["minLength"] = spec.min_length
    if (limit := longest(spec)) is not None:
        schema["maxLength"] = limit
    if spec.pattern:
        schema["pattern"] = f"^(?:{spec.pattern})$"
    return schema


def _number_schema(json_type: str) -> Callable[[FieldSpec], dict[str, Any]]:
    def schema(spec: FieldSpec) -> dict[str, Any]:
        result: dict[str, Any] = {"type": json_type}
        low, high = bounds(spec, json_type)
        if low is not None:
            result["minimum"] = low
        if high is not None:
            result["maximum"] = high
        return result

    return schema


def _fixed(fragment: dict[str, Any]) -> Callable[[FieldSpec], dict[str, Any]]:
    return lambda spec: dict(fragment)


def _choice_schema(spec: FieldSpec) -> dict[str, Any]:
    return {"type": "string", "enum": list(spec.option_codes)}


def _region_schema(spec: FieldSpec) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": CODE_PATTERNS[spec.level or "village"],
        "description": f"Kemendagri code at level `{spec.level or 'village'}`",
    }


@dataclass(frozen=True)
class FieldType:
    """How one type of the definition language is checked and described."""

    schema: Callable[[FieldSpec], dict[str, Any]]
    clean: Callable[[FieldSpec, Any], Any]
    typed: Callable[[Any], Any] = field(default=lambda value: value)


FIELD_TYPES: dict[str, FieldType] = {
    "text": FieldType(_string_schema, _string),
    "textarea": FieldType(_string_schema, _string),
    "integer": FieldType(_number_schema("integer"), _number("integer")),
    "decimal": FieldType(_number_schema("number"), _number("number")),
    "date": FieldType(
        _fixed({"type": "string", "format": "date", "pattern": DATE_PATTERN}), _date, dt.date.fromisoformat
    ),
    "choice": FieldType(_choice_schema, _choice),
    "multichoice": FieldType(
        lambda spec: {"type": "array", "items": _choice_schema(spec), "uniqueItems": True}, _multichoice
    ),
    "boolean": FieldType(_fixed({"type": "boolean"}), _boolean),
    "declaration": FieldType(_fixed({"const": True}), _declaration),
    "email": FieldType(
        _fixed({"type": "string", "format": "email", "pattern": EMAIL_PATTERN, "maxLength": EMAIL_MAX_LENGTH}),
        _matching(EMAIL_PATTERN, "invalid_email"),
    ),
    "phone": FieldType(
        _fixed(
            {
                "type": "string",
                "pattern": PHONE_PATTERN,
                "description": "Indonesian mobile number: 08…, 628… or +628…; stored as +628…",
            }
        ),
        _phone,
    ),
    "nik": FieldType(
        _fixed(
            {
                "type": "string",
                "pattern": SIXTEEN_DIGITS,
                "description": "NIK: 16 digits, region code and birth date (+40 for women) checked",
            }
        ),
        _nik,
    ),
    "kk": FieldType(
        _fixed(
            {
                "type": "string",
                "pattern": SIXTEEN_DIGITS,
                "description": "Family card number: 16 digits starting with a regency code",
            }
        ),
        _kk,
    ),
    "region": FieldType(_region_schema, _region),
}
