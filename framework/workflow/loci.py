"""The MPP Digital loci: which kabupaten/kota run MPP Digital, since when, and which services.

Two sources make one list. ``definitions/loci.yaml`` holds the 60 pilot
regions named by the ministry (waves June and December 2023); regions that
joined later through the onboarding service (``kementerian.pengajuan-lokus``)
are rows in the database (``framework.services.loci`` reads both). This module
is the pure part: the shape of a locus, the file's reading and the one rule
"is this service offered in that region". ``everywhere`` lists services any
kabupaten/kota may file whether or not it is a locus: a region's own
applications to the ministry, such as asking to join.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

FILE = "loci.yaml"
FROM_FILE = "file"
FROM_ONBOARDING = "onboarding"


@dataclass(frozen=True)
class Locus:
    """One kabupaten/kota running MPP Digital: its code, name, wave (``2023-06``) and service patterns."""

    region: str
    name: str
    cohort: str
    services: tuple[str, ...] = ("*",)
    source: str = FROM_FILE
    tracking_number: str | None = None  # the onboarding application that made it a locus

    def offers(self, service_id: str) -> bool:
        return matches(self.services, service_id)


@dataclass(frozen=True)
class Loci:
    """Every locus by region, and the services offered in every kabupaten/kota.

    ``listed`` is False for a definitions folder without ``loci.yaml`` (a test
    catalog, a region's own deployment): then every service is offered everywhere.
    """

    by_region: dict[str, Locus] = field(default_factory=dict)
    everywhere: tuple[str, ...] = ()
    listed: bool = True

    def offers(self, service_id: str, region: str) -> bool:
        if not self.listed or matches(self.everywhere, service_id):
            return True
        locus = self.by_region.get(region)
        return locus is not None and locus.offers(service_id)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(sorted(self.by_region.values(), key=lambda locus: locus.region))

    def __len__(self) -> int:
        return len(self.by_region)

    def joined(self, more: Iterable[Locus]) -> Loci:
        """These loci with ``more`` added; a region in both keeps its wave and gains the services."""
        regions = dict(self.by_region)
        for locus in more:
            known = regions.get(locus.region)
            if known is None:
                regions[locus.region] = locus
            else:
                services = tuple(dict.fromkeys(known.services + locus.services))
                regions[locus.region] = Locus(
                    known.region, known.name, known.cohort, services, known.source, known.tracking_number
                )
        return Loci(regions, self.everywhere, self.listed)


def matches(patterns: tuple[str, ...], service_id: str) -> bool:
    """Does ``service_id`` match one of the shell patterns (`adminduk.*`)? One compiled expression per list."""
    return _compiled(patterns).match(service_id) is not None


@lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(fnmatch.translate(pattern) for pattern in patterns) or r"(?!)")


def file_loci(definitions: Path) -> Loci:
    """The loci of ``definitions/loci.yaml`` (none listed when the folder has no such file: offered everywhere)."""
    return _read(definitions / FILE)


@lru_cache(maxsize=8)
def _read(path: Path) -> Loci:
    if not path.is_file():
        return Loci(listed=False)
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    loci = {}
    for item in data.get("loci", []):
        region = str(item["region"])
        loci[region] = Locus(
            region,
            str(item.get("name", region)),
            str(item.get("cohort", "")),
            tuple(str(pattern) for pattern in item.get("services", ["*"])),
        )
    return Loci(loci, tuple(str(pattern) for pattern in data.get("everywhere", [])))
