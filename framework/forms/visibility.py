"""Which pages, fields and documents are shown, given the answers so far.

A `when` is evaluated over TYPED values (dates as ``datetime.date``) so a
condition such as ``tanggal_lahir > today()`` compares dates, not text.
Hidden things are neither asked, validated nor submitted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from framework.definition.model import DocumentSpec, FieldSpec, PageSpec, ServiceSpec
from framework.forms.types import FIELD_TYPES

DOCUMENTS_PAGE = "unggah-dokumen"
"""Id of the page the HTML flow adds after the definition's pages for documents (a hyphen: never a page id)."""


def typed_values(fields: Iterable[FieldSpec], cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """Clean JSON answers → the values conditions see (a group's rows typed too, for aggregates)."""
    values: dict[str, Any] = {}
    for item in fields:
        value = cleaned.get(item.id)
        values[item.id] = None if value is None else _typed(item, value)
    return values


def _typed(item: FieldSpec, value: Any) -> Any:
    """One answer as conditions see it; text that does not parse (a half-typed date) stays as it is."""
    if item.is_group:
        return _typed_rows(item, value)
    field_type = FIELD_TYPES.get(item.type)
    try:
        return field_type.typed(value) if field_type else value
    except (TypeError, ValueError):
        return value


def _typed_rows(group: FieldSpec, value: Any) -> Any:
    """``sum(anggota.penghasilan)`` and ``any(anggota.tanggal_lahir < ...)`` compare typed values, row by row."""
    if isinstance(value, Mapping):
        return typed_values(group.fields, value)
    if isinstance(value, list):
        return [typed_values(group.fields, row) if isinstance(row, Mapping) else row for row in value]
    return value


def page_shown(page: PageSpec, values: Mapping[str, Any]) -> bool:
    return page.when is None or page.when.holds(values)


def visible(spec: ServiceSpec, values: Mapping[str, Any]) -> set[str]:
    """Ids of the top-level fields and documents shown for these typed values."""
    shown: set[str] = set()
    for page in spec.pages:
        if page_shown(page, values):
            shown.update(item.id for item in page.fields if item.when is None or item.when.holds(values))
    shown.update(document.id for document in asked_documents(spec, values))
    return shown


def asked_documents(spec: ServiceSpec, values: Mapping[str, Any]) -> list[DocumentSpec]:
    """The documents these typed values ask for (no `when`, or one that holds), in the definition's order.

    The one rule for it: the portal's documents page shows these alone, and
    a filing (portal, counter or API) keeps no other.
    """
    return [document for document in spec.documents if document.when is None or document.when.holds(values)]


def page_ids(spec: ServiceSpec) -> list[str]:
    """Every page of the HTML flow, the documents page included when there are documents."""
    ids = [page.id for page in spec.pages]
    return ids + [DOCUMENTS_PAGE] if spec.documents else ids
