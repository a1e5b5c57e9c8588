"""What a citizen browses: the catalog searched by words, narrowed to a sector and to one kabupaten/kota.

Thirty-nine services in one list do not fit a 360 px screen. The portal (and
any other entry point) asks :func:`browse` with what the citizen typed, the
sector they picked and their kabupaten/kota (from IKD, or chosen), and gets
one entry per national service: a region's own variant is shown inside its
national service's entry, never as a second one. Pure function of the
catalog it is given, so a publication (a new live catalog) is seen at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from framework.definition.catalog import Catalog
from framework.definition.model import ServiceSpec
from framework.workflow.loci import Loci
from framework.workflow.offering import filed_by_region, offering_errors

WORD = re.compile(r"[0-9a-z]+")
MAX_QUERY = 100  # characters read from the search box


@dataclass(frozen=True)
class Entry:
    """One national service; ``variant``: the chosen region's own version of it; ``variant_regions``: who has one."""

    spec: ServiceSpec
    variant: ServiceSpec | None = None
    variant_regions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Listing:
    entries: tuple[Entry, ...]
    sectors: tuple[tuple[str, int], ...]  # every sector with how many entries match the words and region
    total: int  # national services in the catalog, before any filter
    unsearchable: bool = False  # something was typed, but no letter or digit to search with (`😀`, `<>`)


def browse(
    catalog: Catalog, definitions: Path, loci: Loci, *, query: str = "", sector: str = "", region: str = ""
) -> Listing:
    """The entries matching every word of ``query``, in ``sector`` (any when empty), offered in ``region`` (any).

    A region's own application to the ministry (``filed_by_region``) is filed
    in the officer workspace, never listed for citizens.
    """
    words = words_of(query[:MAX_QUERY])
    unsearchable = bool(query.strip()) and not words  # it matched every service, and the page said so
    forms = [_forms(word) for word in words]
    national = [spec for spec in catalog.national() if not filed_by_region(spec)]
    found = [
        spec
        for spec in national
        if not unsearchable
        and _has_every_word(_haystack(catalog, spec), forms)
        and (not region or offered_in(catalog, spec, region, definitions, loci))
    ]
    sectors = Counter(spec.sector for spec in found)
    chosen = [spec for spec in found if not sector or spec.sector == sector]
    ranked = sorted(chosen, key=lambda spec: (-_title_hits(spec, words), spec.title.id.casefold()))
    return Listing(
        entries=tuple(_entry(catalog, spec, region) for spec in ranked),
        sectors=tuple(sorted((name, sectors[name]) for name in {spec.sector for spec in national})),
        total=len(national),
        unsearchable=unsearchable,
    )


def words_of(text: str) -> list[str]:
    """Lower-case words without accents: `Kartu  Keluarga` and `kartu keluarga` search alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    # accents go (é → e); any other non-ASCII character (a dash, a quote) separates words
    plain = "".join(c if c.isascii() else "" if unicodedata.combining(c) else " " for c in decomposed)
    return WORD.findall(plain.casefold())


def _has_every_word(haystack: str, forms: list[tuple[str, ...]]) -> bool:
    """Each typed word found in one of its forms (the haystack built once per service, not once per word)."""
    return all(any(form in haystack for form in word) for word in forms)


def _forms(word: str) -> tuple[str, ...]:
    """A typed word and the English plural a title may use instead: the search hint's "midwife" found nothing,
    the title says "midwives" (a word is found inside a longer one, so "nurse" finds "nurses" already)."""
    if word.endswith("fe"):
        return word, word[:-2] + "ves"
    if word.endswith("f"):
        return word, word[:-1] + "ves"
    if word.endswith("y") and len(word) > 2:
        return word, word[:-1] + "ies"
    return (word,)


def offered_in(catalog: Catalog, spec: ServiceSpec, region: str, definitions: Path, loci: Loci) -> bool:
    """Can a citizen of ``region`` file this service there (its variant if the region has one)?"""
    return not offering_errors(catalog.variant_for(spec.id, region), region, definitions, catalog.offered(), loci)


def regions_with_services(catalog: Catalog, loci: Loci) -> list[str]:
    """Kabupaten/kota codes where some service is offered: the loci (onboarded ones too) and every variant's region."""
    return sorted(set(loci.by_region) | {spec.region for spec in catalog.offered() if spec.region})


def _entry(catalog: Catalog, spec: ServiceSpec, region: str) -> Entry:
    variants = [other for other in catalog.offered() if other.extends == spec.id and other.region]
    chosen = next((other for other in variants if other.region == region), None)
    return Entry(spec, chosen, tuple(sorted({other.region for other in variants if other.region})))


def _haystack(catalog: Catalog, spec: ServiceSpec) -> str:
    """Everything a citizen might type to find the service: titles, summaries and the id, its variants' too."""
    family = [spec, *(other for other in catalog.offered() if other.extends == spec.id and other.region)]
    return " ".join(" ".join(words_of(text)) for member in family for text in _texts(member))


def _texts(spec: ServiceSpec) -> Iterable[str]:
    yield spec.id.replace(".", " ").replace("-", " ")
    for text in (spec.title, spec.summary):
        yield text.id
        yield text.en or ""


def _title_hits(spec: ServiceSpec, words: list[str]) -> int:
    title = " ".join(words_of(f"{spec.title.id} {spec.title.en or ''}"))
    return sum(word in title for word in words)
