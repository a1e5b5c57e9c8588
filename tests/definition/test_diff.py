"""`mpp diff OLD NEW`: what changed in meaning, in text and JSON; reformatting is no change."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from defhelpers import CODELIST, MINIMAL, mutate

from framework.cli import main

OLD = mutate(MINIMAL, {"  sla: 1d\n": "  requirements:\n    - {id: KTP-el, en: ID card}\n  sla: 1d\n"}) + (
    "documents:\n  - {id: ktp, label: {id: KTP, en: ID card}, accept: [pdf], max_mb: 2, required: true}\n"
)

NEW = mutate(
    OLD,
    {
        "version: 1": "version: 2",
        "    - {id: KTP-el, en: ID card}\n": "    - {id: KK, en: Family card}\n",
        "  sla: 1d\n  fee: 0": "  sla: 2d\n  fee: 10000",
        "        label: {id: Nama, en: Name}\n": (
            "        label: {id: Nama, en: Name}\n"
            "        required: true\n"
            "      - {id: telepon, type: phone, label: {id: Telepon, en: Phone}}\n"
            "  - id: dua\n"
            "    title: {id: Dua, en: Two}\n"
            "    fields:\n"
            "      - {id: alamat, type: textarea, label: {id: Alamat, en: Address}}\n"
        ),
        "    role: operator\n    sla: 4h\n": "    role: verifikator\n    sla: 2h\n",
        "    actions: [approve, reject]\n": (
            "    actions: [return, reject]\n"
            "  - {id: tanda_tangan, title: {id: Tanda tangan, en: Signature}, role: pejabat, sla: 4h, actions: [approve]}\n"
        ),
        "max_mb: 2, required: true}\n": "max_mb: 5, required: true}\n  - {id: kk, label: {id: KK, en: Family card}, accept: [pdf], max_mb: 2}\n",
    },
)

# OLD, written differently: block style, other key order, comments, defaults written out
OLD_REFORMATTED = """\
# the same service, formatted by someone else
version: 1
service: adminduk.contoh
sector: adminduk
provider: dukcapil
summary:
  en: An example service
  id: Layanan contoh
title: {en: Example, id: Contoh}
steps:
  - actions:
      - approve
      - reject
    id: verifikasi
    role: operator
    sla: 4h
    title: {id: Verifikasi, en: Check}
pages:
  - title: {id: Satu, en: One}
    id: satu
    fields:
      - label: {id: Nama, en: Name}
        id: nama
        required: false
        type: text
documents:
  - id: ktp
    label:
      id: KTP
      en: ID card
    accept: [pdf]
    max_mb: 2.0
    required: true
standard:
  complaints: lapor
  fee: 0
  sla: 1d
  requirements:
    - id: KTP-el
      en: ID card
"""


def diff(tmp_path: Path, old: str, new: str, *options: str):
    root = tmp_path / "definitions"
    (root / "codelists").mkdir(parents=True, exist_ok=True)
    (root / "codelists" / "jenis-kelamin.yaml").write_text(CODELIST, encoding="utf-8")
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    args = ["diff", *options, str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")]
    return CliRunner().invoke(main, args, env={"MPP_DEFINITIONS": str(root)}, catch_exceptions=False)


EXPECTED = {
    "~ service adminduk.contoh: version 1 → 2",
    "+ page dua",
    '~ page satu: field_order ["nama"] → ["nama", "telepon"]',
    "~ field nama: required false → true",
    "+ field telepon",
    "+ field alamat",
    "~ document ktp: max_mb 2 → 5",
    "+ document kk",
    '~ step verifikasi: role "operator" → "verifikator"',
    '~ step verifikasi: sla "4h" → "2h"',
    '~ step verifikasi: actions ["approve", "reject"] → ["return", "reject"]',
    "+ step tanda_tangan",
    "- role operator",
    "+ role verifikator",
    "+ role pejabat",
    "~ standard: fee 0 → 10000",
    '~ standard: sla "1d" → "2d"',
    "- requirement KTP-el",
    "+ requirement KK",
}


def test_text_diff_lists_every_change(tmp_path):
    result = diff(tmp_path, OLD, NEW)
    assert result.exit_code == 0, result.output
    header, *lines = result.stdout.splitlines()
    assert header == "adminduk.contoh v1 → adminduk.contoh v2"
    assert sorted(lines) == sorted(EXPECTED)


def test_json_diff(tmp_path):
    result = diff(tmp_path, OLD, NEW, "--format", "json")
    report = json.loads(result.stdout)
    assert (report["old"], report["new"]) == ("adminduk.contoh v1", "adminduk.contoh v2")
    changes = report["changes"]
    assert len(changes) == len(EXPECTED)
    assert {
        "kind": "standard",
        "item": "standard",
        "change": "changed",
        "attribute": "fee",
        "old": 0,
        "new": 10000,
    } in changes
    assert {"kind": "field", "item": "telepon", "change": "added"} in changes
    assert {"kind": "requirement", "item": "KTP-el", "change": "removed"} in changes


def test_reformatting_is_no_change(tmp_path):
    result = diff(tmp_path, OLD, OLD_REFORMATTED)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == ["no semantic changes"]
    assert json.loads(diff(tmp_path, OLD, OLD_REFORMATTED, "--format", "json").stdout)["changes"] == []


def test_an_invalid_version_is_reported_not_diffed(tmp_path):
    result = diff(tmp_path, OLD, mutate(OLD, {"version: 1": "version: 0"}))
    assert result.exit_code == 1
    assert result.stdout == "" and "new.yaml:2:10: OUT_OF_RANGE" in result.stderr
