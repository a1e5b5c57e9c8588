"""Which pages, fields and documents are shown, given the answers so far.

A `when` is evaluated over TYPED values (dates as ``datetime.date``) so a
condition such as ``tanggal_lahir > today()`` compares dates, not text.
Hidden things are neither asked, validated nor submitted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from framework.definition.model import FieldSpec, PageSpec, ServiceSpec
from framework.forms.types import FIELD_TYPES

DOCUMENTS_PAGE = "unggah-dokumen"
"""Id of the page the HTML flow adds after the definition's pages for documents (a hyphen: never a page id)."""


def typed_values(fields: Iterable[FieldSpec], cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """Clean JSON answers → the values conditions see."""
    values: dict[str, Any] = {}
    for item in fields:
        value = cleaned.get(item.id)
        field_type = FIELD_TYPES.get(item.type)
        values[item.id] = field_type.typed(value) if field_type and value is not None else value
    return values


def page_shown(page: PageSpec, values: Mapping[str, Any]) -> bool:
    return page.when is None or page.when.holds(values)


def visible(spec: ServiceSpec, values: Mapping[str, Any]) -> set[str]:
    """Ids of the top-level fields and documents shown for these typed values."""
    shown: set[str] = set()
    for page in spec.pages:
        if page_shown(page, values):
            shown.update(item.id for item in page.fields if item.when is None or item.when.holds(values))
    shown.update(document.id for document in spec.documents if document.when is None or document.when.holds(values))
    return shown


def page_ids(spec: ServiceSpec) -> list[str]:
    """Every page of the HTML flow, the documents page included when there are documents."""
    ids = [page.id for page in spec.pages]
    return ids + [DOCUMENTS_PAGE] if spec.documents else ids
