"""`mpp validate --strict` fails on what `mpp audit` would flag, located in the file.

A new service that passes `mpp validate` but misses part of the service
standard, or asks for data a registry holds, must fail strict validation, so
its author sees it before proposing it; the bundled catalog stays clean.
"""

from __future__ import annotations

import json

from click.testing import CliRunner
from defhelpers import MINIMAL, at, mutate, with_fields

from framework.cli import main
from framework.core.settings import PROJECT_ROOT
from framework.definition.audit import RegistryKnowledge, audit_specs, audit_warnings

KNOWLEDGE = RegistryKnowledge({"ikd": frozenset({"nik", "nama_lengkap", "tanggal_lahir", "nama_ibu"})})

FULL_STANDARD = """\
standard:
  legal_basis: [Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik]
  requirements: [{id: KTP-el, en: ID card}]
  procedure: [{id: Ajukan, en: Submit}]
  sla: 1d
  fee: 0
  product: {id: Surat, en: Letter}
  complaints: lapor
  facilities: {id: Loket, en: Counter}
  staff_competence: {id: Terlatih, en: Trained}
  oversight: {id: Atasan, en: Supervisor}
  staff_count: {id: Dua, en: Two}
  guarantee: {id: Maklumat, en: Pledge}
  security: {id: Aman, en: Safe}
  evaluation: {id: Bulanan, en: Monthly}
"""
COMPLETE = mutate(MINIMAL, {"standard:\n  sla: 1d\n  fee: 0\n  complaints: lapor\n": FULL_STANDARD})
# MINIMAL's page starts 11 lines later: extra fields of page `satu` start at line 29
AFTER_NAMA = "        label: {id: Nama, en: Name}\n"


def warnings_of(check, text: str):
    catalog = check.catalog({"contoh.yaml": text})
    assert catalog.ok, [str(e) for e in catalog.errors]
    files = [name for name in catalog.files if name.endswith("contoh.yaml")]
    return audit_warnings(catalog, files, KNOWLEDGE)


def test_a_complete_service_has_nothing_to_flag(check):
    assert warnings_of(check, COMPLETE) == []


def test_a_missing_element_of_the_standard_is_a_warning_at_the_standard(check):
    text = mutate(COMPLETE, {"  product: {id: Surat, en: Letter}\n": ""})
    error = at(warnings_of(check, text), "STANDARD_INCOMPLETE", 7, 1)
    assert "product" in error.message and "STANDARD_PRODUCT" in error.message


def test_a_missing_fee_is_a_warning_too(check):
    errors = warnings_of(check, mutate(COMPLETE, {"  fee: 0\n": ""}))
    at(errors, "STANDARD_INCOMPLETE", 7, 1)


def test_registry_data_asked_again_in_a_repeating_group_is_a_warning_at_the_field(check):
    group = (
        "      - id: saksi\n"  # 29
        "        type: group\n"
        "        label: {id: Saksi, en: Witnesses}\n"
        "        repeat: {min: 1, max: 2}\n"
        "        fields:\n"
        "          - {id: nik_saksi, type: nik, label: {id: NIK, en: NIK}}\n"  # 34
        "          - {id: tanggal_lahir, type: date, label: {id: Tanggal lahir, en: Date of birth}}\n"  # 35
    )
    error = at(warnings_of(check, with_fields(group, COMPLETE)), "DATA_NOT_MINIMAL", 35, 13)
    assert "ASKS_REGISTRY_DATA_IN_GROUP" in error.message and "`nik_saksi`" in error.message


def test_a_nik_typed_alone_in_a_repeating_group_identifies_people_and_is_not_flagged(check):
    group = (
        "      - id: anggota\n        type: group\n        label: {id: Anggota, en: Members}\n"
        "        repeat: {min: 1, max: 5}\n        fields:\n"
        "          - {id: nik_anggota, type: nik, label: {id: NIK, en: NIK}}\n"
        "          - {id: nama_panggilan, type: text, label: {id: Panggilan, en: Nickname}}\n"
    )
    assert warnings_of(check, with_fields(group, COMPLETE)) == []


def validate(check, text: str, *options: str):
    path = check.write("contoh.yaml", text)
    runner = CliRunner()
    return runner.invoke(main, ["validate", *options, str(path)], env={"MPP_DEFINITIONS": str(check.root)})


def test_strict_fails_on_what_audit_flags_and_lenient_does_not(check):
    lenient, strict = validate(check, MINIMAL), validate(check, MINIMAL, "--strict", "--format", "json")
    assert lenient.exit_code == 0 and lenient.stdout == ""
    assert strict.exit_code == 1
    problems = json.loads(strict.stdout)["problems"]
    assert {p["code"] for p in problems} == {"STANDARD_INCOMPLETE"}
    catalog = check.catalog({})
    [audited] = audit_specs([catalog.specs["adminduk.contoh"]], KNOWLEDGE).services
    assert len(problems) == len(audited.findings) and not audited.compliant


def test_the_bundled_catalog_passes_strict_validation():
    result = CliRunner().invoke(
        main, ["validate", "--strict"], env={"MPP_DEFINITIONS": str(PROJECT_ROOT / "definitions")}
    )
    assert result.exit_code == 0, result.output
