"""A sample draft for previewing a form: prefilled from the sandbox registries, as a citizen would see it.

An author previewing a form (`mpp preview`, later the builder's live
preview) wants the locked IKD and SISDMK fields filled in, with real-looking
values, without a database, a server or a sign-in. This picks sandbox
people the definition's lookups can use and prefills a fresh, unsaved
``Draft`` through the portal's own prefill code (``refresh_prefill``), always
from the sandbox records, whatever the registries' mode says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from framework.definition.model import LookupSpec, ServiceSpec
from framework.forms.drafting import refresh_prefill
from framework.forms.drafts import Draft
from framework.forms.prefill import Fetcher
from framework.plugins.base import SandboxPerson
from framework.plugins.prefill import RegistryPrefill, map_record
from framework.plugins.registry import Registries, installed


@dataclass
class Sample:
    """The draft to render and whom it was filled for."""

    draft: Draft
    applicant: str | None = None
    typed_keys: dict[str, str] = field(default_factory=dict)  # field id → NIK typed for a field-keyed lookup


def sandbox_fetcher(registries: Registries) -> Fetcher:
    """Look-ups answered from each source's sandbox records (never over HTTP)."""

    def fetch(source: str, key: str) -> Mapping[str, Any] | None:
        if source not in registries.prefill_sources:
            return None
        plugin = registries.prefill_sources.get(source)
        if not issubclass(plugin, RegistryPrefill):
            return plugin().fetch(key)
        record = plugin.sandbox_records().get(key)
        return None if record is None else map_record(source, key, record, plugin.field_map)

    return fetch


def _people(registries: Registries, source: str) -> tuple[SandboxPerson, ...]:
    if source not in registries.prefill_sources:
        return ()
    return registries.prefill_sources.get(source).sandbox_people()


# a word in a key field's id → the kind of person to type there (`nik_ibu` → a mother)
KEY_TAGS: tuple[tuple[str, str], ...] = (
    ("ibu", "mother"),
    ("istri", "mother"),
    ("ayah", "father"),
    ("suami", "father"),
    ("anak", "child"),
    ("bayi", "child"),
)


def wanted_tag(key_field: str) -> str | None:
    return next((tag for word, tag in KEY_TAGS if word in key_field), None)


def _score(person: SandboxPerson, parent_wanted: bool) -> tuple[bool, bool, int]:
    """An adult first; a parent when the form asks for a family member's NIK; then the most uses."""
    parent = bool({"mother", "father"} & person.tags)
    return ("adult" in person.tags, parent or not parent_wanted, len(person.uses))


def choose_applicant(spec: ServiceSpec, registries: Registries) -> str | None:
    """A sandbox adult every applicant-keyed source knows (a SIP form needs someone in IKD and SISDMK)."""
    sources = sorted({lookup.source for lookup in spec.lookups.values() if lookup.by == "applicant"})
    if not sources:
        return None
    known = [{person.key for person in _people(registries, source)} for source in sources]
    candidates = [person for person in _people(registries, sources[0]) if person.key in set.intersection(*known)]
    parent_wanted = any(lookup.by == "field" for lookup in spec.lookups.values())
    best = max(candidates, key=lambda person: _score(person, parent_wanted), default=None)
    return best.key if best else None


def _typed_key(lookup: LookupSpec, registries: Registries, applicant: str | None, taken: set[str]) -> str | None:
    """The NIK to type for a field-keyed lookup: someone of the wanted kind, of the applicant's family if possible."""
    people = _people(registries, lookup.source)
    family = next((person.family for person in people if person.key == applicant), None)
    tag = wanted_tag(lookup.key_field or "")
    fitting = [person for person in people if tag in person.tags] if tag else []
    ranked = sorted(
        fitting or [person for person in people if person.key not in taken],
        key=lambda person: (person.family != family or not family, person.key in taken, -len(person.uses)),
    )
    return ranked[0].key if ranked else None


def sample_draft(spec: ServiceSpec, registries: Registries | None = None, applicant: str | None = None) -> Sample:
    """A fresh draft of ``spec`` prefilled from the sandbox for ``applicant`` (default: chosen here)."""
    registries = registries or installed()
    fetch = sandbox_fetcher(registries)
    applicant = applicant or choose_applicant(spec, registries)
    draft = Draft.new(spec.id, spec.content_hash, owner=applicant)
    sample = Sample(draft, applicant)
    taken = {applicant} if applicant else set()
    for lookup in spec.lookups.values():
        if lookup.by != "field" or not lookup.key_field:
            continue
        key = _typed_key(lookup, registries, applicant, taken)
        if key:
            draft.answers[lookup.key_field] = sample.typed_keys[lookup.key_field] = key
            taken.add(key)
    refresh_prefill(spec, draft, applicant, fetch=fetch)
    return sample
