"""Kemendagri region codes from ``definitions/reference/wilayah.csv``.

`region` fields store a dotted code (``73.12`` a kabupaten/kota,
``73.12.01.2001`` a village). The form cascades province → regency →
district → village from this table; validation accepts a code that is in
the table at the field's level. The table is read once per process.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from framework.core import settings

LEVELS: tuple[str, ...] = ("province", "regency", "district", "village")
CODE_PATTERNS: dict[str, str] = {
    # [0-9], not \d: Python's \d also matches other scripts' digits ("٧٣"), JSON Schema's (ECMA-262) does not
    "province": r"^[0-9]{2}$",
    "regency": r"^[0-9]{2}\.[0-9]{2}$",
    "district": r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$",
    "village": r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$",
}


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str

    @property
    def parent(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


class RegionTable:
    """All regions by code, and the children of each code."""

    def __init__(self, regions: list[Region]) -> None:
        self.by_code = {r.code: r for r in regions}
        self._children: dict[str | None, list[Region]] = {}
        for region in regions:
            self._children.setdefault(region.parent, []).append(region)

    def children(self, parent: str | None) -> list[Region]:
        """Regions one level under ``parent`` (provinces for ``None``), by name."""
        return sorted(self._children.get(parent, []), key=lambda r: r.name)

    def name(self, code: str) -> str:
        region = self.by_code.get(code)
        return region.name if region else code

    def labelled(self, code: str) -> str:
        """``73.12`` → "Kabupaten Soppeng (73.12)", as every screen and document names a region; an unknown
        code alone (the table is incomplete below a few regencies)."""
        region = self.by_code.get(code)
        return f"{region.name} ({code})" if region else code

    def ancestors(self, code: str) -> list[str]:
        """``73.12.01`` → ``['73', '73.12', '73.12.01']``."""
        parts = code.split(".")
        return [".".join(parts[: i + 1]) for i in range(len(parts))]

    def accepts(self, code: str, level: str) -> bool:
        """Is ``code`` a region at ``level``?

        The table holds districts and villages for a few regencies only; below
        a known region without listed children, a well-formed code is accepted
        (the reference data is incomplete there, not the citizen's answer).
        """
        if not re.fullmatch(CODE_PATTERNS[level], code):
            return False
        if code in self.by_code:
            return True
        known = [c for c in self.ancestors(code)[:-1] if c in self.by_code]
        return bool(known) and not self._children.get(known[-1])


def level_of(code: str) -> str | None:
    return next((level for level, pattern in CODE_PATTERNS.items() if re.fullmatch(pattern, code)), None)


@functools.cache
def _load(path: Path) -> RegionTable:
    with path.open(encoding="utf-8", newline="") as handle:
        return RegionTable([Region(row["code"], row["name"], row["level"]) for row in csv.DictReader(handle)])


def region_table(definitions: Path | None = None) -> RegionTable:
    root = definitions or settings.definitions_dir()
    path = root / "reference" / "wilayah.csv"
    if not path.is_file():
        path = settings.PROJECT_ROOT / "definitions" / "reference" / "wilayah.csv"
    return _load(path)
