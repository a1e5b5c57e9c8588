"""Valid example payloads built from a service's JSON Schema, not written per service.

A small generator of values per schema type and format: the first enum value,
the smallest allowed number, a past date, a structurally valid NIK for
16-digit numbers, a real Kemendagri code of the right depth inside the
application's region for region codes, and for any other pattern the smallest
string hypothesis finds for it. Optional answers are filled too, so fields
that a condition makes required are never missing.
"""

from __future__ import annotations

import csv
import functools
import re
from typing import Any, Callable

from hypothesis import find
from hypothesis import strategies as st
from stdnum.id import nik as stdnum_nik

from mpp_testing import PROJECT

SIXTEEN_DIGITS = "^[0-9]{16}$"
EXAMPLE_DATE = "2024-01-15"
REGION_LEVELS = {1: "regency", 2: "district", 3: "village"}  # dots in a region code pattern → level


@functools.cache
def _regions() -> tuple[tuple[str, str], ...]:
    with open(PROJECT / "definitions" / "reference" / "wilayah.csv", encoding="utf-8", newline="") as handle:
        return tuple((row["code"], row["level"]) for row in csv.DictReader(handle))


def region_code(level: str, within: str) -> str:
    return next(code for code, row_level in _regions() if row_level == level and code.startswith(within))


def example_nik(region: str) -> str:
    """A valid NIK (district code, birth date 15-06-2015 +40 for a woman, serial) nobody in the sandbox has."""
    district = region_code("district", region).replace(".", "")
    number = f"{district}5506159901"
    stdnum_nik.validate(number)
    return number


def _region_level(pattern: str) -> str | None:
    if re.fullmatch(r"\^\\d\{2\}(\\\.\\d\{\d\})*\$", pattern):
        return REGION_LEVELS.get(pattern.count("\\."))
    return None


@functools.cache
def _matching(pattern: str) -> str:
    return find(st.from_regex(pattern, fullmatch=True), lambda _text: True)


def _string(schema: dict[str, Any], region: str) -> str:
    pattern = schema.get("pattern")
    if schema.get("format") == "date":
        return EXAMPLE_DATE
    if schema.get("format") == "email":
        return "warga@example.id"
    if pattern == SIXTEEN_DIGITS:
        return example_nik(region)
    if pattern and (level := _region_level(pattern)):
        return region_code(level, region)
    if pattern:
        return _matching(pattern)
    text = "Contoh isian"
    return (text * 10)[: max(schema.get("minLength", 1), min(len(text), schema.get("maxLength", len(text))))]


def _array(schema: dict[str, Any], region: str) -> list[Any]:
    count = max(schema.get("minItems", 1), 1)
    return [example_value(schema["items"], region) for _ in range(count)] if "enum" not in schema["items"] else schema["items"]["enum"][:count]


def _object(schema: dict[str, Any], region: str) -> dict[str, Any]:
    return {name: example_value(sub, region) for name, sub in schema.get("properties", {}).items()}


BY_TYPE: dict[str, Callable[[dict[str, Any], str], Any]] = {
    "string": _string,
    "integer": lambda s, _r: int(s.get("minimum", 1)),
    "number": lambda s, _r: s.get("minimum", 1),
    "boolean": lambda _s, _r: True,
    "array": _array,
    "object": _object,
}


def example_value(schema: dict[str, Any], region: str) -> Any:
    """A value the schema accepts; for ``anyOf`` the first branch that is not null or empty."""
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema:
        branch = next(b for b in schema["anyOf"] if b.get("type") != "null" and b.get("const") != "")
        return example_value(branch, region)
    return BY_TYPE[schema["type"]](schema, region)


def example_payload(payload_schema: dict[str, Any], region: str) -> dict[str, Any]:
    """``{"region": ..., "answers": {...}}`` valid for the payload schema of a service."""
    return {"region": region, "answers": example_value(payload_schema["properties"]["answers"], region)}


# Smallest files that content sniffing recognises, per accepted type.
TINY_FILES: dict[str, tuple[str, bytes]] = {
    "pdf": ("dokumen.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
    "png": ("foto.png", bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")),
    "jpg": ("foto.jpg", bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")),
}


def example_file(accept: tuple[str, ...]) -> tuple[str, bytes, str]:
    """(file name, bytes, kind) of a tiny file of the first accepted type we can make."""
    kind = next(k for k in accept if k in TINY_FILES)
    name, data = TINY_FILES[kind]
    return name, data, kind
