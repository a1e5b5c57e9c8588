"""JSON Schema (2020-12) of a service's answers and API payload, from the spec.

Built from the same type table as validation (``types.FIELD_TYPES``), so the
schema an API client reads describes what :func:`validate_answers` accepts.
What a schema cannot say — conditions (`when`), cross-field `rules`, the NIK's
birth-date part, whether a region code exists — is checked by
``validate_answers`` only: every payload the schema refuses is refused by the
server too, with the same field path, but not the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from framework.core.text import bilingual, msg
from framework.definition.model import FieldSpec, ServiceSpec
from framework.forms.regions import CODE_PATTERNS
from framework.forms.types import FIELD_TYPES
from framework.forms.validation import registry_only

DIALECT = "https://json-schema.org/draft/2020-12/schema"
REGENCY_PATTERN = CODE_PATTERNS["regency"]


def _strict(item: FieldSpec, context: _Context) -> bool:
    """Must the answer be present and non-empty in every payload?

    Not when a condition can hide it: its own ``when`` or its page's, since
    validation drops a hidden answer and never asks for it.
    """
    return item.required and item.when is None and item.page not in context.conditional_pages and not item.locked


@dataclass(frozen=True)
class _Context:
    """What every field's schema may need from the whole spec, gathered once."""

    spec: ServiceSpec
    sources: dict[str, str]
    conditional_pages: frozenset[str]

    @classmethod
    def of(cls, spec: ServiceSpec) -> _Context:
        sources = {name: lookup.source for name, lookup in spec.lookups.items()}
        return cls(spec, sources, frozenset(page.id for page in spec.pages if page.when is not None))


def _value_schema(item: FieldSpec, context: _Context) -> dict[str, Any]:
    if item.is_group:
        row = _object_schema(item.fields, context)
        if not item.repeat:
            return row
        return {"type": "array", "items": row, "minItems": item.repeat.min, "maxItems": item.repeat.max}
    return FIELD_TYPES[item.type].schema(item)


# Why: an API client must not think it can set a registry value (with_locked overwrites it);
# JSON Schema's readOnly says exactly that, the description says when a typed value still counts.
REGISTRY_ONLY_NOTE = msg(
    "Dikunci: diisi server dari registri ({source}); nilai yang dikirim selalu diabaikan. Bila registri tidak "
    "memiliki datanya, isian ini kosong (dan ditolak bila wajib).",
    "Locked: the server fills it from the registry ({source}) and always ignores a posted value. When the registry "
    "has no record of it, it stays empty (and is refused when required).",
)
KEYED_NOTE = msg(
    "Dikunci: diisi server dari registri ({source}) menurut isian lain; nilai yang dikirim diabaikan, kecuali "
    "registri tidak memiliki datanya (nilai yang diketik lalu ditandai belum terverifikasi).",
    "Locked: the server fills it from the registry ({source}) by another answer and ignores a posted value, except "
    "when the registry has no record of it (the typed value is then kept, marked not verified).",
)


def _locked_schema(item: FieldSpec, context: _Context) -> dict[str, Any]:
    """``readOnly`` and the explanation for a prefilled, locked field; nothing for any other."""
    if not (item.locked and item.prefill):
        return {}
    note = REGISTRY_ONLY_NOTE if registry_only(context.spec, item) else KEYED_NOTE
    text = bilingual(note).format(source=context.sources.get(item.prefill.lookup, item.prefill.lookup))
    return {"readOnly": True, "description": f"{item.hint.id} — {text}" if item.hint else text}


def _field_schema(item: FieldSpec, context: _Context) -> dict[str, Any]:
    title = {"title": item.label.id, **({"description": item.hint.id} if item.hint else {})}
    if registry_only(context.spec, item):  # any posted value is dropped unread: no rule a client must meet
        return {**title, **_locked_schema(item, context)}
    schema = _value_schema(item, context)
    schema = schema if _strict(item, context) else {"anyOf": [schema, {"type": "null"}, {"const": ""}]}
    return {**title, **_locked_schema(item, context), **schema}


def _object_schema(fields: tuple[FieldSpec, ...], context: _Context) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {item.id: _field_schema(item, context) for item in fields},
        "required": [item.id for item in fields if _strict(item, context)],
        "additionalProperties": False,
    }


def answers_schema(spec: ServiceSpec) -> dict[str, Any]:
    """The ``answers`` object: one property per top-level field."""
    return {"$schema": DIALECT, "title": spec.title.id, **_object_schema(tuple(spec.iter_fields()), _Context.of(spec))}


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
            "region": {
                "type": "string",
                "pattern": REGENCY_PATTERN,
                "description": "Kemendagri code of the kabupaten/kota, e.g. 73.12",
            },
            "answers": answers,
        },
        "required": ["region", "answers"],
        "additionalProperties": False,
    }
