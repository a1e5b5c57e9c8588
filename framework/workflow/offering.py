"""Where a service is offered: which kabupaten/kota may receive its applications.

A regional variant (`region: 73.12`) is offered only in its region, and a
national service is not filed in a region that has its own variant of it.
Otherwise the loci say which kabupaten/kota run which services (`adminduk.*`):
`definitions/loci.yaml` by default, or the list a caller passes — the file
plus the regions onboarded since (``framework.services.loci.current_loci``).
Codes are checked against the Kemendagri reference. A region's own
application to the ministry (every step the ministry's, ``filed_by_region``)
is filed by the region's admin at the counter of the officer workspace, never
by citizens.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from framework.core.errors import FieldError, field_error
from framework.definition.catalog import regional_variant
from framework.definition.model import ServiceSpec
from framework.workflow.loci import Loci, file_loci
from framework.workflow.roles import MINISTRY_ROLE


def filed_by_region(spec: ServiceSpec) -> bool:
    """Is ``spec`` a region's application to the ministry (a chain of ministry steps only)?"""
    return bool(spec.steps) and all(step.role == MINISTRY_ROLE for step in spec.steps)


@lru_cache(maxsize=8)
def _regencies(root: Path) -> frozenset[str] | None:
    from framework.definition.catalog import load_regencies

    return load_regencies(root)


def offering_errors(
    spec: ServiceSpec,
    region: str,
    definitions: Path,
    others: Iterable[ServiceSpec] = (),
    loci: Loci | None = None,
) -> list[FieldError]:
    """Why ``spec`` cannot be filed in ``region`` (empty when it can); ``loci``: the file's when not given.

    ``region`` is what the client sent (the API passes it on): missing or not
    a string is located here, beside the answers' errors, not instead of them.
    """
    if region is None:
        return [
            field_error(
                "region", "required", "Kode kabupaten/kota wajib diisi.", "The kabupaten/kota code is required."
            )
        ]
    if not isinstance(region, str):
        return [
            field_error(
                "region",
                "type",
                "`region` harus teks: kode kabupaten/kota Kemendagri, misalnya `73.12`.",
                "`region` must be a string: a Kemendagri kabupaten/kota code such as `73.12`.",
            )
        ]
    regencies = _regencies(definitions)
    if regencies is not None and region not in regencies:
        shown = str(region) if len(str(region)) <= 20 else str(region)[:20] + "…"  # never echo a flood back
        return [
            field_error(
                "region",
                "unknown_region",
                f"`{shown}` bukan kode kabupaten/kota Kemendagri.",
                f"`{shown}` is not a Kemendagri kabupaten/kota code.",
            )
        ]
    if spec.region and region != spec.region:
        return [
            field_error(
                "region",
                "not_offered",
                f"Layanan ini hanya untuk wilayah {spec.region}.",
                f"This service is offered only in region {spec.region}.",
            )
        ]
    variant = regional_variant(others, spec.id, region)
    if variant:
        return [
            field_error(
                "region",
                "use_variant",
                f"Wilayah ini memakai layanan {variant.id}.",
                f"This region offers its own variant: {variant.id}.",
            )
        ]
    loci = loci if loci is not None else file_loci(definitions)
    if spec.region is None and not loci.offers(spec.id, region):
        return [
            field_error(
                "region",
                "not_offered",
                "Layanan ini belum tersedia di wilayah tersebut.",
                "This service is not offered in that region yet.",
            )
        ]
    return []
