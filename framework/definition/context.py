"""What the checker knows beyond the file itself.

A definition refers to things outside it: code lists and templates in the
catalog, prefill sources, providers and channels installed as plugins, region
codes in the reference data. The checker gets them as one immutable object so
the checks stay pure and tests can build exactly the world they need.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from framework.definition.issuers import IssuerSpec


@dataclass(frozen=True)
class SourceInfo:
    """A prefill source as the checker sees it: its id and the attributes it returns."""

    id: str
    attributes: frozenset[str]


@dataclass(frozen=True)
class CheckContext:
    codelists: frozenset[str] = frozenset()
    # the codes of each code list, for conditions that compare a choice field with a value
    codelist_codes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    sources: Mapping[str, SourceInfo] = field(default_factory=dict)
    providers: frozenset[str] = frozenset()
    complaint_channels: frozenset[str] = frozenset()
    notify_channels: frozenset[str] = frozenset()
    # regency (kabupaten/kota) codes; None when no reference data is loaded
    regencies: frozenset[str] | None = None
    # resolved data of services that others may extend, by service id
    templates: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # whether each template is abstract (template: true)
    abstract: frozenset[str] = frozenset()
    # issuing agencies declared under definitions/issuers/, by id
    issuers: Mapping[str, IssuerSpec] = field(default_factory=dict)

    def with_templates(self, templates: Mapping[str, Mapping[str, Any]], abstract: frozenset[str]) -> CheckContext:
        from dataclasses import replace

        return replace(self, templates=templates, abstract=abstract)
