"""Build definitions/reference/wilayah.csv from the idn-area-data CSV files.

How the committed file was made (once, by hand; not part of the build):

    cd "$(mktemp -d)" && npm install idn-area-data@4.0.1
    python scripts/import_wilayah.py node_modules/idn-area-data/data \
        definitions/reference/wilayah.csv

idn-area-data (MIT code, ODbL data; https://github.com/fityannugroho/idn-area-data)
transcribes the Kemendagri decision on region codes (Kepmendagri
300.2.2-2138/2025 is the newest reference it lists). It is not a dependency of
this project: this script only reads its data folder.

The output holds every province and regency/city, and every district and
village of the demo regencies in DEMO_REGENCIES. Codes are in dotted notation
(73.12.01.2001); names are kept as the source writes them (original case since
idn-area-data 4.x). Rows are sorted by code so each region follows its parent.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

# Regencies/cities whose districts and villages are included in full.
DEMO_REGENCIES = {
    "73.12": "Kabupaten Soppeng",
    "73.06": "Kabupaten Gowa",
    "34.71": "Kota Yogyakarta",
    "35.10": "Kabupaten Banyuwangi",
    "32.03": "Kabupaten Cianjur",
}

EXPECTED_PROVINCES = 38
EXPECTED_REGENCIES = 514


def read_rows(data_dir: Path, name: str) -> list[dict[str, str]]:
    with open(data_dir / f"{name}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def build(data_dir: Path) -> list[tuple[str, str, str]]:
    """Return (code, name, level) rows, sorted by code."""
    provinces = read_rows(data_dir, "provinces")
    regencies = read_rows(data_dir, "regencies")
    districts = read_rows(data_dir, "districts")
    villages = read_rows(data_dir, "villages")

    regency_names = {row["code"]: row["name"] for row in regencies}
    for code, name in DEMO_REGENCIES.items():
        if regency_names.get(code) != name:
            raise SystemExit(f"demo regency {code} is {regency_names.get(code)!r}, expected {name!r}")

    rows = [(row["code"], row["name"], "province") for row in provinces]
    rows += [(row["code"], row["name"], "regency") for row in regencies]
    rows += [(row["code"], row["name"], "district") for row in districts if row["regency_code"] in DEMO_REGENCIES]
    rows += [(row["code"], row["name"], "village") for row in villages if row["district_code"][:5] in DEMO_REGENCIES]
    rows.sort(key=lambda row: row[0])

    if len(provinces) != EXPECTED_PROVINCES or len(regencies) != EXPECTED_REGENCIES:
        print(
            f"warning: source has {len(provinces)} provinces and {len(regencies)} "
            f"regencies/cities (expected {EXPECTED_PROVINCES} and {EXPECTED_REGENCIES})",
            file=sys.stderr,
        )
    return rows


def write(rows: list[tuple[str, str, str]], out_path: Path) -> None:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "name", "level"])
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        print("usage: import_wilayah.py IDN_AREA_DATA_DIR OUT_CSV", file=sys.stderr)
        return 2
    rows = build(Path(argv[1]))
    write(rows, Path(argv[2]))
    levels: dict[str, int] = {}
    for _code, _name, level in rows:
        levels[level] = levels.get(level, 0) + 1
    print(", ".join(f"{count} {level}" for level, count in levels.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
