"""Every bundled service goes to XLSForm and back: pyxform accepts the export, the import is the same service."""

from __future__ import annotations

import pytest
from cataloghelpers import DEFINITIONS
from pyxform import xls2xform

from framework.authoring import import_xlsform, write_xlsform
from framework.authoring.emit import to_yaml
from framework.definition import load_catalog


def comparable(data: dict) -> dict:
    """What the round trip keeps: all but a variant's `extends`, rules in any order, no empty lists."""
    kept = {k: v for k, v in data.items() if k not in ("extends", "template", "region") and v not in ([], {})}
    kept["rules"] = sorted(kept.get("rules", []), key=lambda rule: rule["when"])
    return kept


@pytest.mark.parametrize(
    "service", ["adminduk.pindah", "adminduk.kk.gowa", "nakes.sip-bidan.soppeng", "nakes.sip-dokter"]
)
def test_a_bundled_service_survives_the_round_trip(bundled, service, tmp_path):
    spec = bundled.specs[service]
    workbook = tmp_path / f"{service}.xlsx"
    write_xlsform(spec, workbook)
    assert xls2xform.convert(xlsform=str(workbook), validate=False).warnings == []
    imported = import_xlsform(workbook)
    assert [p for p in imported.problems if p.severity == "error"] == []
    path = tmp_path / f"{service}.yaml"
    path.write_text(to_yaml(imported.data), encoding="utf-8")
    again = load_catalog(DEFINITIONS, [path])
    assert [str(e) for e in again.errors if e.file.endswith(path.name)] == []
    assert comparable(again.specs[service].data) == comparable(spec.data)
