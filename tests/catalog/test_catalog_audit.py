"""`mpp audit`: the bundled catalog is compliant and clean; bad definitions are caught."""

from __future__ import annotations

import json
import os

import pytest
from cataloghelpers import DEFINITIONS, compile_with_reference
from click.testing import CliRunner

from framework.cli import main
from framework.definition.audit import audit_specs

HEADER = """
service: uji.{slug}
version: 1
title: {{id: Uji, en: Test}}
summary: {{id: Uji, en: Test}}
sector: uji
provider: dukcapil
"""

FULL_STANDARD = """
standard:
  legal_basis: [Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik]
  requirements: [{id: KTP-el dari IKD, en: KTP-el from IKD}]
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

STEPS = """
steps:
  - {id: periksa, title: {id: Periksa, en: Check}, role: operator, sla: 4h, actions: [approve, return]}
"""

# Asks the signed-in citizen again for what IKD holds, and for a KTP copy.
BAD = (
    HEADER.format(slug="buruk")
    + FULL_STANDARD
    + STEPS
    + """
prefill:
  pemohon: {source: ikd, by: applicant}
  ibu: {source: ikd, by: field.nik_ibu}
pages:
  - id: pemohon
    title: {id: Pemohon, en: Applicant}
    fields:
      - {id: nik, type: nik, label: {id: NIK, en: NIK}, required: true}
      - {id: nama_pemohon, type: text, label: {id: Nama, en: Name}, required: true}
      - {id: tanggal_lahir, type: date, label: {id: Tanggal lahir, en: Date of birth}}
      - {id: nomor_kk, type: kk, label: {id: Nomor KK, en: Family card}}
      - {id: agama, type: choice, label: {id: Agama, en: Religion}, options_from: codelists/agama}
      - {id: alamat_pemohon, type: text, label: {id: Alamat, en: Address}, prefill: pemohon.alamat, locked: true}
      - {id: telepon, type: phone, label: {id: HP, en: Phone}}
  - id: anak
    title: {id: Anak, en: Child}
    fields:
      - {id: tanggal_lahir_anak, type: date, label: {id: Tanggal lahir anak, en: Child's date of birth}, required: true}
      - {id: jenis_kelamin, type: choice, label: {id: Jenis kelamin, en: Sex}, options_from: codelists/jenis-kelamin}
      - {id: nik_ibu, type: nik, label: {id: NIK ibu, en: Mother's NIK}, required: true}
      - {id: nama_ibu, type: text, label: {id: Nama ibu, en: Mother's name}, prefill: ibu.nama_lengkap, locked: true}
documents:
  - {id: ktp, label: {id: Fotokopi KTP-el, en: Copy of the identity card}, accept: [pdf], max_mb: 1, required: true}
  - {id: kk, label: {id: Kartu Keluarga, en: Family card}, accept: [pdf], max_mb: 1}
  - {id: lahir, label: {id: Surat keterangan lahir, en: Birth statement}, accept: [pdf], max_mb: 1}
"""
)

# Publishes neither a fee nor the management part of the standard.
INCOMPLETE = (
    HEADER.format(slug="kurang")
    + """
standard:
  requirements: [{id: Surat, en: Letter}]
  procedure: [{id: Ajukan, en: Submit}]
  sla: 1d
  product: {id: Surat, en: Letter}
  complaints: lapor
pages:
  - id: data
    title: {id: Data, en: Data}
    fields:
      - {id: keperluan, type: text, label: {id: Keperluan, en: Purpose}}
"""
    + STEPS
)


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    catalog = compile_with_reference(tmp_path_factory.mktemp("audit"), BAD, INCOMPLETE)
    assert catalog.ok, [str(e) for e in catalog.errors]
    return {r.service: r for r in audit_specs(catalog.offered()).services}


def test_every_bundled_service_is_compliant_and_clean(bundled):
    report = audit_specs(bundled.offered())
    assert len(report.services) == len(bundled.offered()) >= 42
    assert [(r.service, [f.code for f in r.findings]) for r in report.services if r.findings] == []
    assert report.ok


def test_fields_asking_for_registry_data_about_the_applicant_are_flagged(bad):
    flagged = {f.where for f in bad["uji.buruk"].flagged if f.code == "ASKS_REGISTRY_DATA"}
    assert flagged == {"field nik", "field nama_pemohon", "field tanggal_lahir", "field nomor_kk", "field agama"}


def test_data_about_other_people_is_not_flagged(bad):
    where = {f.where for f in bad["uji.buruk"].findings}
    for other in (
        "field tanggal_lahir_anak",
        "field jenis_kelamin",
        "field nik_ibu",
        "field nama_ibu",
        "field alamat_pemohon",
        "field telepon",
    ):
        assert other not in where


def test_documents_copying_prefilled_registry_data_are_flagged(bad):
    flagged = {f.where for f in bad["uji.buruk"].flagged if f.code == "ASKS_REGISTRY_COPY"}
    assert flagged == {"document ktp", "document kk"}


def test_a_flagged_service_can_still_publish_a_complete_standard(bad):
    result = bad["uji.buruk"].as_dict()
    assert result["compliant"] is True and result["flagged"] == 7


def test_missing_standard_elements_make_a_service_non_compliant(bad):
    result = bad["uji.kurang"]
    assert not result.compliant
    codes = {f.code for f in result.findings}
    assert codes == {
        "STANDARD_FEE",
        "STANDARD_LEGAL_BASIS",
        *(
            f"STANDARD_{k.upper()}"
            for k in (
                "facilities",
                "staff_competence",
                "oversight",
                "staff_count",
                "guarantee",
                "security",
                "evaluation",
            )
        ),
    }


def _run(*args, definitions=DEFINITIONS):
    return CliRunner().invoke(main, ["audit", *args], env={**os.environ, "MPP_DEFINITIONS": str(definitions)})


def test_cli_reports_the_bundled_catalog_in_every_format():
    assert _run().exit_code == 0
    data = json.loads(_run("--format", "json").output)
    assert data["ok"] and data["non_compliant"] == 0 and data["flagged"] == 0
    assert {r["service"] for r in data["results"]} >= {"adminduk.kk", "nakes.sip-dokter"}
    markdown = _run("--format", "md").output
    assert markdown.startswith("# Audit layanan") and "| `adminduk.kk` " in markdown


def test_cli_exits_1_on_a_bad_definition(tmp_path):
    compile_with_reference(tmp_path, BAD)
    result = _run("--format", "json", definitions=tmp_path)
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert not data["ok"] and data["flagged"] == 1


def test_cli_refuses_an_unknown_service():
    result = _run("adminduk.tidak-ada")
    assert result.exit_code == 1 and "adminduk.tidak-ada" in result.output


def test_every_format_shows_region_version_sla_and_fee():
    data = json.loads(_run("--format", "json").output)
    yogya = next(r for r in data["results"] if r["service"] == "adminduk.akta-kelahiran.yogyakarta")
    assert (yogya["region"], yogya["version"], yogya["sla"], yogya["fee"]) == ("34.71", 1, "4h", 0)
    national = next(r for r in data["results"] if r["service"] == "adminduk.akta-kelahiran")
    assert (national["region"], national["sla"]) == (None, "1d")
    text = _run("--lang", "id").output.splitlines()
    assert "adminduk.akta-kelahiran.yogyakarta [34.71, v1, SLA 4h, Rp 0, bawaan]: PATUH" in text
    assert "adminduk.akta-kelahiran [nasional, v4, SLA 1d, Rp 0, bawaan]: PATUH" in text
    assert text[-1].endswith("tidak patuh; 0 ditandai") and "/" not in text[-1]
    english = _run("--lang", "en").output.splitlines()
    assert "adminduk.akta-kelahiran.yogyakarta [34.71, v1, SLA 4h, Rp 0, bundled]: COMPLIANT" in english
    assert english[-1].endswith("non-compliant; 0 flagged")
    markdown = _run("--format", "md").output
    assert "| wilayah / region | versi / version | SLA | biaya / fee |" in markdown
    assert "| 34.71 | 1 | 4h | 0 | patuh / compliant | bersih / clean |" in markdown


# A repeating group of family members: their NIKs are typed, and what IKD knows about each asked again.
FAMILY = (
    HEADER.format(slug="keluarga")
    + FULL_STANDARD
    + STEPS
    + """
prefill:
  pemohon: {source: ikd, by: applicant}
pages:
  - id: keluarga
    title: {id: Keluarga, en: Family}
    fields:
      - {id: nama_pemohon, type: text, label: {id: Nama, en: Name}, prefill: pemohon.nama_lengkap, locked: true}
      - id: anggota
        type: group
        label: {id: Anggota, en: Members}
        repeat: {min: 1, max: 10}
        fields:
          - {id: nik_anggota, type: nik, label: {id: NIK, en: NIK}, required: true}
          - {id: tanggal_lahir, type: date, label: {id: Tanggal lahir, en: Date of birth}}
          - {id: agama, type: choice, label: {id: Agama, en: Religion}, options_from: codelists/agama}
          - {id: hubungan, type: choice, label: {id: Hubungan, en: Relation}, options_from: codelists/hubungan-keluarga}
"""
)


def test_registry_data_asked_beside_a_nik_in_a_repeating_group_is_flagged(tmp_path):
    catalog = compile_with_reference(tmp_path, FAMILY)
    assert catalog.ok, [str(e) for e in catalog.errors]
    [result] = audit_specs(catalog.offered()).services
    flagged = {(f.code, f.where) for f in result.flagged}
    assert flagged == {
        ("ASKS_REGISTRY_DATA_IN_GROUP", "field anggota.tanggal_lahir"),
        ("ASKS_REGISTRY_DATA_IN_GROUP", "field anggota.agama"),
    }
    assert all("nik_anggota" in f.message.en and "nik_anggota" in f.message.id for f in result.flagged)


BLANK_PAGES = """
pages:
  - id: data
    title: {id: Data, en: Data}
    fields:
      - {id: keperluan, type: text, label: {id: Keperluan, en: Purpose}}
"""


def test_a_standard_element_published_blank_is_missing(tmp_path):
    """The schema lets `" "` through; a blank facility, product or requirement publishes nothing."""
    blank = (
        FULL_STANDARD.replace("facilities: {id: Loket, en: Counter}", 'facilities: {id: " ", en: " "}')
        .replace("product: {id: Surat, en: Letter}", 'product: "  "')
        .replace("requirements: [{id: KTP-el dari IKD, en: KTP-el from IKD}]", 'requirements: [" "]')
    )
    catalog = compile_with_reference(tmp_path, HEADER.format(slug="kosong") + blank + STEPS + BLANK_PAGES)
    assert catalog.ok, [str(e) for e in catalog.errors]
    [result] = audit_specs(catalog.offered()).services
    assert not result.compliant
    assert {f.code for f in result.findings} == {"STANDARD_FACILITIES", "STANDARD_PRODUCT", "STANDARD_REQUIREMENTS"}


def test_a_fee_of_millions_is_printed_in_full(tmp_path):
    from framework.services.catalog_audit import catalog_audit, csv_rows

    costly = FULL_STANDARD.replace(
        "fee: 0", "fee: 1500000\n  fee_basis: {id: Perda Nomor 1 Tahun 2024, en: Regional regulation 1/2024}"
    )
    catalog = compile_with_reference(tmp_path, HEADER.format(slug="mahal") + costly + STEPS + BLANK_PAGES)
    assert catalog.ok, [str(e) for e in catalog.errors]
    assert "uji.mahal [nasional, v1, SLA 1d, Rp 1500000, bawaan]: PATUH" in _run(definitions=tmp_path).output
    assert "| 1500000 |" in _run("--format", "md", definitions=tmp_path).output
    [row] = csv_rows(catalog_audit(catalog), "id")[1:]
    assert row[8] == "1500000"
