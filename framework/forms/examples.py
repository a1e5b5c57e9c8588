"""Example answers built from a service's JSON Schema, not written per service.

Used by the demo data (`plugins.sandbox.demo`) and by the catalog tests, which file
every bundled service with such a payload. One small generator per schema
type and format: an enum value, the smallest allowed number, a past date, a
structurally valid NIK for 16-digit numbers, a real Kemendagri code of the
right depth inside the application's region, and for any other pattern the
shortest string the regular expression matches. Optional answers are filled
too, so answers that a condition makes required are never missing; a client
leaves out the locked fields (the registries fill them).
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from stdnum.id import nik as stdnum_nik

from framework.core import settings
from framework.core.patterns import SIXTEEN_DIGITS
from framework.definition.model import ServiceSpec

EXAMPLE_DATE = "2024-01-15"
EXAMPLE_TEXT = "Contoh isian"
REGION_LEVELS = {1: "regency", 2: "district", 3: "village"}  # dots in a region-code pattern → level
_REGION_PATTERN = re.compile(r"\^\[0-9\]\{2\}(\\\.\[0-9\]\{\d\})*\$")

Choose = Callable[[Sequence[Any]], Any]


def _first(options: Sequence[Any]) -> Any:
    return options[0]


@functools.cache
def _regions() -> tuple[tuple[str, str], ...]:
    path = settings.PROJECT_ROOT / "definitions" / "reference" / "wilayah.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        return tuple((row["code"], row["level"]) for row in csv.DictReader(handle))


def region_code(level: str, within: str) -> str:
    """The first code of ``level`` inside ``within`` in the reference data."""
    return next(code for code, row_level in _regions() if row_level == level and code.startswith(within))


def example_nik(region: str, serial: int = 9901) -> str:
    """A valid NIK (district of ``region``, a woman born 15-06-2015) that no sandbox citizen has."""
    district = region_code("district", region).replace(".", "")
    number = f"{district}550615{serial:04d}"
    stdnum_nik.validate(number)
    return number


# --- the shortest string a regular expression matches ---------------------------------


def _class_char(items: list[tuple[Any, Any]]) -> str:
    if items and items[0][0] is sre.NEGATE:
        return "a"
    op, value = items[0]
    if op is sre.LITERAL:
        return chr(value)
    if op is sre.RANGE:
        return chr(value[0])
    return {sre.CATEGORY_DIGIT: "0", sre.CATEGORY_SPACE: " "}.get(value, "a")


def _emit(parsed: Any) -> Iterator[str]:
    for op, value in parsed:
        if op is sre.LITERAL:
            yield chr(value)
        elif op in (sre.NOT_LITERAL, sre.ANY):
            yield "b" if value == ord("a") else "a"
        elif op is sre.IN:
            yield _class_char(value)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, _high, inner = value
            for _ in range(low):
                yield from _emit(inner)
        elif op is sre.SUBPATTERN:
            yield from _emit(value[-1])
        elif op is sre.BRANCH:
            yield from _emit(value[1][0])
        elif op is sre.CATEGORY:
            yield "0" if value is sre.CATEGORY_DIGIT else "a"


@functools.cache
def matching_text(pattern: str) -> str:
    """The shortest string ``pattern`` matches (for the patterns definitions use)."""
    text = "".join(_emit(sre_parse.parse(pattern)))
    if not re.fullmatch(pattern, text):
        raise ValueError(f"no example for the pattern {pattern!r}")
    return text


# --- values per schema type ----------------------------------------------------------


def _string(schema: dict[str, Any], region: str, choose: Choose) -> str:
    pattern = schema.get("pattern")
    if schema.get("format") == "date":
        return EXAMPLE_DATE
    if schema.get("format") == "email":
        return "warga@example.id"
    if pattern == SIXTEEN_DIGITS:
        return example_nik(region)
    if pattern and _REGION_PATTERN.fullmatch(pattern):
        return region_code(REGION_LEVELS[pattern.count("\\.")], region)
    if pattern:
        return matching_text(pattern)
    length = max(schema.get("minLength", 1), min(len(EXAMPLE_TEXT), schema.get("maxLength", len(EXAMPLE_TEXT))))
    return _repeated(EXAMPLE_TEXT, length)


def _repeated(text: str, length: int) -> str:
    """``text`` cut or repeated (``"a b. a b. a"``) to exactly ``length`` characters, never ending in a space."""
    if length <= len(text):
        return text[:length]
    repeated = ". ".join([text] * (length // len(text) + 1))[:length]
    return repeated[:-1] + "." if repeated.endswith(" ") else repeated


def _array(schema: dict[str, Any], region: str, choose: Choose) -> list[Any]:
    count = max(schema.get("minItems", 1), 1)
    items = schema["items"]
    if "enum" in items:
        return [choose(items["enum"])] if count == 1 else list(items["enum"][:count])
    return [example_value(items, region, choose) for _ in range(count)]


BY_TYPE: dict[str, Callable[[dict[str, Any], str, Choose], Any]] = {
    "string": _string,
    "integer": lambda s, _r, _c: int(s.get("minimum", 1)),
    "number": lambda s, _r, _c: s.get("minimum", 1),
    "boolean": lambda _s, _r, _c: True,
    "array": _array,
    "object": lambda s, r, c: _object(s, r, c),
}


def _object(schema: dict[str, Any], region: str, choose: Choose) -> dict[str, Any]:
    """Each property's example; the NIKs of one object are different people (a father is not his child's mother:
    a definition may refuse the same NIK twice)."""
    values = {
        name: example_value(sub, region, choose)
        for name, sub in schema.get("properties", {}).items()
        if not _unread(sub)  # a registry-only answer: the server drops whatever is sent
    }
    same = example_nik(region)
    people = (name for name, value in values.items() if value == same)
    for serial, name in enumerate(people, start=9901):
        values[name] = example_nik(region, serial)
    return values


def _unread(schema: dict[str, Any]) -> bool:
    """A property any value fits because the server never reads it (``readOnly`` with no type of its own)."""
    return bool(schema.get("readOnly")) and not {"type", "anyOf", "const", "enum"} & set(schema)


def example_value(schema: dict[str, Any], region: str, choose: Choose = _first) -> Any:
    """A value ``schema`` accepts; for ``anyOf`` the first branch that is not null or empty."""
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return choose(schema["enum"])
    if "anyOf" in schema:
        branch = next(b for b in schema["anyOf"] if b.get("type") != "null" and b.get("const") != "")
        return example_value(branch, region, choose)
    return BY_TYPE[schema["type"]](schema, region, choose)


def example_payload(payload_schema: dict[str, Any], region: str, choose: Choose = _first) -> dict[str, Any]:
    """``{"region": ..., "answers": {...}}`` valid for a service's payload schema."""
    return {"region": region, "answers": example_value(payload_schema["properties"]["answers"], region, choose)}


def client_answers(spec: ServiceSpec, region: str, choose: Choose = _first) -> dict[str, Any]:
    """What a client sends: the example answers without the locked (registry-filled) fields."""
    from framework.forms.schema import payload_schema

    answers = example_payload(payload_schema(spec), region, choose)["answers"]
    return {name: value for name, value in answers.items() if not spec.field(name).locked}


# --- example files ------------------------------------------------------------------

# The smallest files content sniffing recognises, per accepted type.
TINY_FILES: dict[str, tuple[str, bytes]] = {
    "pdf": ("dokumen.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
    "png": (
        "foto.png",
        bytes.fromhex(
            "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
        ),
    ),
    "jpg": ("foto.jpg", bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")),
}


def example_file(accept: Sequence[str]) -> tuple[str, bytes]:
    """(file name, bytes) of a tiny file of the first accepted type we can make."""
    return TINY_FILES[next(kind for kind in accept if kind in TINY_FILES)]


def example_documents(spec: ServiceSpec, answers: Mapping[str, Any]) -> dict[str, tuple[str, bytes]]:
    """(file name, bytes) of a tiny file per document ``answers`` ask for: a filing refuses any other."""
    from framework.forms.flow import answer_values
    from framework.forms.visibility import asked_documents

    return {
        document.id: example_file(document.accept) for document in asked_documents(spec, answer_values(spec, answers))
    }
