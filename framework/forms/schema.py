"""JSON Schema (2020-12) of a service's answers and API payload, from the spec.

Built from the same type table as validation (``types.FIELD_TYPES``), so the
schema an API client reads describes what :func:`validate_answers` accepts.
What a schema cannot say — conditions (`when`), cross-field `rules`, the NIK's
birth-date part, whether a region code exists — is checked by
``validate_answers`` only: every payload the schema refuses is refused by the
server too, with the same field path, but not the other way round.
"""

from __future__ import annotations

from typing import Any

from ..definition.model import FieldSpec, ServiceSpec
from .types import FIELD_TYPES

DIALECT = "https://json-schema.org/draft/2020-12/schema"
REGENCY_PATTERN = r"^[0-9]{2}\.[0-9]{2}$"


def _strict(item: FieldSpec) -> bool:
    """Must the answer be present and non-empty in every payload?"""
    return item.required and item.when is None and not item.locked


def _value_schema(item: FieldSpec) -> dict[str, Any]:
    if item.is_group:
        row = _object_schema(item.fields)
        if not item.repeat:
            return row
        return {"type": "array", "items": row, "minItems": item.repeat.min, "maxItems": item.repeat.max}
    return FIELD_TYPES[item.type].schema(item)


def _field_schema(item: FieldSpec) -> dict[str, Any]:
    schema = _value_schema(item)
    schema = schema if _strict(item) else {"anyOf": [schema, {"type": "null"}, {"const": ""}]}
    return {"title": item.label.id, **({"description": item.hint.id} if item.hint else {}), **schema}


def _object_schema(fields: tuple[FieldSpec, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {item.id: _field_schema(item) for item in fields},
        "required": [item.id for item in fields if _strict(item)],
        "additionalProperties": False,
    }


def answers_schema(spec: ServiceSpec) -> dict[str, Any]:
    """The ``answers`` object: one property per top-level field."""
    return {"$schema": DIALECT, "title": spec.title.id, **_object_schema(tuple(spec.iter_fields()))}


def payload_schema(spec: ServiceSpec) -> dict[str, Any]:
    """The body of ``POST /api/v1/services/{id}/applications`` (DESIGN.md)."""
    answers = answers_schema(spec)
    answers.pop("$schema")
    return {
        "$schema": DIALECT,
        "$id": f"urn:mpp:service:{spec.id}:v{spec.version}:payload",
        "title": f"{spec.title.id} — payload",
        "type": "object",
        "properties": {
            "region": {"type": "string", "pattern": REGENCY_PATTERN, "description": "Kemendagri code of the kabupaten/kota, e.g. 73.12"},
            "answers": answers,
        },
        "required": ["region", "answers"],
        "additionalProperties": False,
    }
