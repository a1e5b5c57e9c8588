"""Where a service is offered: which kabupaten/kota may receive its applications.

A regional variant (`region: 73.12`) is offered only in its region, and a
national service is not filed in a region that has its own variant of it.
Otherwise `definitions/loci.yaml` says which MPP Digital loci run which
services (`adminduk.*`). Codes are checked against the Kemendagri reference.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from framework.core.errors import FieldError, field_error
from framework.definition.catalog import regional_variant
from framework.definition.model import ServiceSpec


@lru_cache(maxsize=8)
def _loci(path: Path) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    if not path.is_file():
        return None
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    return tuple((str(item["region"]), tuple(item.get("services", ["*"]))) for item in data.get("loci", []))


@lru_cache(maxsize=8)
def _regencies(root: Path) -> frozenset[str] | None:
    from framework.definition.catalog import load_regencies

    return load_regencies(root)


def offering_errors(
    spec: ServiceSpec, region: str, definitions: Path, others: Iterable[ServiceSpec] = ()
) -> list[FieldError]:
    """Why ``spec`` cannot be filed in ``region`` (empty when it can)."""
    regencies = _regencies(definitions)
    if not isinstance(region, str) or (regencies is not None and region not in regencies):
        return [
            field_error(
                "region",
                "unknown_region",
                f"`{region}` bukan kode kabupaten/kota Kemendagri.",
                f"`{region}` is not a Kemendagri kabupaten/kota code.",
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
    loci = _loci(definitions / "loci.yaml")
    if (
        spec.region is None
        and loci is not None
        and not any(code == region and _matches(spec.id, patterns) for code, patterns in loci)
    ):
        return [
            field_error(
                "region",
                "not_offered",
                "Layanan ini belum tersedia di wilayah tersebut.",
                "This service is not offered in that region yet.",
            )
        ]
    return []


def loci_regions(definitions: Path) -> tuple[str, ...]:
    """The kabupaten/kota codes `definitions/loci.yaml` lists (none when the folder has no such file)."""
    return tuple(code for code, _patterns in _loci(definitions / "loci.yaml") or ())


def _matches(service_id: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(service_id, pattern) for pattern in patterns)
