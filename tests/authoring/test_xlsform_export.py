"""`mpp export xlsform`: pyxform accepts the workbook, and importing it gives the same service back."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from mpp_testing import HOUSEHOLD_MEMBERS, REFERENCE_EXAMPLE, load_test_catalog
from pyxform import xls2xform
from xlsforms import cells

from framework.authoring.emit import to_yaml
from framework.authoring.xlsform_export import write_xlsform
from framework.authoring.xlsform_import import import_xlsform
from framework.cli import main
from framework.core.settings import PROJECT_ROOT

BANTUAN = """\
service: sosial.bantuan-sekolah
version: 3
title: {id: Bantuan Biaya Sekolah, en: School fee assistance}
summary: {id: Bantuan biaya sekolah bagi keluarga berpenghasilan rendah., en: School fees for low-income households.}
sector: sosial
provider: dpmptsp
standard: {sla: 3d, fee: 0, complaints: lapor, product: {id: Surat keputusan bantuan, en: Assistance decision}}
prefill:
  pemohon: {source: ikd, by: applicant}
pages:
  - id: pemohon
    title: {id: Pemohon, en: Applicant}
    intro: {id: Data Anda dari IKD., en: Your data from IKD.}
    fields:
      - {id: nik, type: nik, label: {id: NIK, en: NIK}, prefill: pemohon.nik, locked: true}
      - {id: tanggal_lahir, type: date, label: {id: Tanggal lahir, en: Date of birth}, prefill: pemohon.tanggal_lahir}
      - {id: telepon, type: phone, label: {id: Nomor HP, en: Mobile number}, required: true}
      - {id: domisili, type: region, level: district, label: {id: Domisili, en: Residence}}
      - {id: punya_kip, type: boolean, label: {id: Punya KIP?, en: Has a KIP?}}
      - id: nomor_kip
        type: text
        label: {id: Nomor KIP, en: KIP number}
        when: punya_kip == true
        pattern: '^[0-9]{10}$'
        pattern_message: {id: Sepuluh angka., en: Ten digits.}
        max_length: 10
      - id: keperluan
        type: choice
        label: {id: Keperluan, en: Purpose}
        options:
          sekolah: {id: Sekolah, en: School}
          berobat: {id: Berobat, en: Medical care}
          lainnya: {id: Lainnya, en: Other}
      - {id: keperluan_lain, type: textarea, label: {id: Keperluan lain, en: Other purpose}, when: "keperluan not in ['sekolah', 'berobat']"}
      - {id: catatan_lansia, type: text, label: {id: Catatan, en: Note}, when: umur(tanggal_lahir) >= 60}
  - id: keluarga
    title: {id: Keluarga, en: Household}
    when: keperluan != null
    fields:
{HOUSEHOLD_MEMBERS}          - {id: umur, type: integer, label: {id: Umur, en: Age}, max: 120}
          - {id: bantuan, type: multichoice, label: {id: Bantuan, en: Aid}, options: {pkh: {id: PKH, en: PKH}, bpnt: {id: BPNT, en: BPNT}}, max: 2}
          - {id: sekolah, type: text, label: {id: Sekolah, en: School}, when: "'pkh' in bantuan"}
      - id: alamat
        type: group
        label: {id: Alamat, en: Address}
        fields:
          - {id: jalan, type: text, label: {id: Jalan, en: Street}}
      - {id: jenis_kelamin_kk, type: choice, label: {id: Jenis kelamin kepala keluarga, en: Sex of the head}, options_from: codelists/jenis-kelamin}
      - {id: pernyataan, type: declaration, label: {id: Data ini benar., en: This is true.}}
documents:
  - {id: foto_rumah, label: {id: Foto rumah, en: Photo of the house}, accept: [jpg, png], max_mb: 5, required: true}
  - {id: surat_rt, label: {id: Surat RT, en: Letter from the RT}, accept: [pdf], max_mb: 2, when: count(anggota) > 3}
rules:
  - when: sum(anggota.penghasilan) >= 3000000
    message: {id: Penghasilan keluarga melebihi batas., en: The household income is over the limit.}
  - when: any(anggota.penghasilan > 2000000)
    message: {id: Seorang anggota berpenghasilan terlalu tinggi., en: One member earns too much.}
    field: keperluan
  - when: telepon == '+6281111111111'
    message: {id: Nomor contoh tidak boleh., en: The example number is not allowed.}
  - id: batas_anggota
    when: count(anggota) > 6 and keperluan == 'lainnya'
    message: {id: Terlalu banyak anggota., en: Too many members.}
steps:
  - {id: verifikasi, title: {id: Verifikasi, en: Check}, role: operator_dinsos, sla: 2d, actions: [approve, return, reject]}
  - {id: tanda_tangan, title: {id: Tanda tangan, en: Signature}, role: kepala_dinsos, sla: 1d, actions: [approve, reject]}
notify:
  submitted: [inbox, email]
"""  # noqa: E501
BANTUAN = BANTUAN.replace("{HOUSEHOLD_MEMBERS}", HOUSEHOLD_MEMBERS)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return load_test_catalog(tmp_path_factory.mktemp("originals"), REFERENCE_EXAMPLE, BANTUAN)


SERVICES = ("adminduk.akta-kelahiran", "sosial.bantuan-sekolah")


@pytest.fixture(scope="module", params=SERVICES)
def exported(request, catalog, tmp_path_factory):
    spec = catalog.specs[request.param]
    path = tmp_path_factory.mktemp("exported") / f"{spec.id}.xlsx"
    write_xlsform(spec, path)
    return spec, path


def test_pyxform_converts_the_export_to_an_xform(exported):
    spec, path = exported
    result = xls2xform.convert(xlsform=str(path), validate=False)
    assert result.warnings == []
    assert f'<data id="{spec.id}" version="{spec.version}">' in result.xform
    if spec.id == "sosial.bantuan-sekolah":
        xform = re.sub(r"\s+", " ", result.xform)  # pyxform pads the paths it writes with spaces
        assert "relevant=\" /data/pemohon/punya_kip = 'true'\"" in xform
        assert 'constraint="not(sum( /data/keluarga/anggota/penghasilan ) &gt;= 3000000)"' in xform
        assert "relevant=\"selected( ../bantuan , 'pkh')\"" in xform  # a sibling in the repeat
        assert 'mediatype="application/*" accept=".pdf"' in xform


def comparable(data: dict) -> dict:
    """A compiled definition as the round trip must keep it (rules in any order; a variant's `extends` aside)."""
    kept = {k: v for k, v in data.items() if k not in ("extends", "template", "region")}
    kept["rules"] = sorted(kept.get("rules", []), key=lambda rule: rule["when"])
    return kept


def test_the_export_imported_again_is_the_same_service(exported, tmp_path):
    spec, path = exported
    result = import_xlsform(path)
    assert result.data is not None, [p.format(path.name, "en") for p in result.problems]
    assert [p for p in result.problems if p.severity == "error"] == []
    folder = tmp_path / "imported"
    folder.mkdir()
    again = load_test_catalog(folder, to_yaml(result.data)).specs[spec.id]
    assert comparable(again.data) == comparable(spec.data)


def test_what_xpath_cannot_say_travels_in_mpp_columns_and_the_mpp_sheet(catalog, tmp_path):
    path = tmp_path / "bantuan.xlsx"
    write_xlsform(catalog.specs["sosial.bantuan-sekolah"], path)
    rows = cells(path)
    header = rows[0]
    by_name = {r[header.index("name")]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_name["catatan_lansia"]["mpp_relevant"] == "umur(tanggal_lahir) >= 60"
    assert by_name["catatan_lansia"]["relevant"] is None
    assert by_name["keperluan_lain"]["relevant"] == "(${keperluan} != 'sekolah' and ${keperluan} != 'berobat')"
    assert by_name["anggota"]["constraint"] == "not(sum(${penghasilan}) >= 3000000)"
    assert by_name["penghasilan"]["constraint"] == ". >= 0"
    assert by_name["umur"]["constraint"] == ". <= 120"
    assert by_name["nomor_kip"]["constraint"] == "string-length(.) <= 10 and regex(., '^[0-9]{10}$')"
    assert (by_name["nik"]["mpp_type"], by_name["nik"]["mpp_prefill"], by_name["nik"]["mpp_locked"]) == (
        "nik",
        "pemohon.nik",
        "yes",
    )
    sheet = dict(cells(path, "mpp")[1:])
    assert "any(anggota.penghasilan > 2000000)" in sheet["rules"] and "id: batas_anggota" in sheet["rules"]
    assert "role: kepala_dinsos" in sheet["steps"] and sheet["provider"] == "dpmptsp"


def test_exporting_the_import_gives_the_same_workbook(exported, tmp_path):
    spec, path = exported
    folder = tmp_path / "imported"
    folder.mkdir()
    again = load_test_catalog(folder, to_yaml(import_xlsform(path).data)).specs[spec.id]
    second = tmp_path / "again.xlsx"
    write_xlsform(again, second)
    assert cells(second) == cells(path) and cells(second, "choices") == cells(path, "choices")


def test_the_commands_export_a_service_of_the_catalog_and_a_file(tmp_path):
    env = {"MPP_DEFINITIONS": str(PROJECT_ROOT / "definitions")}
    by_id = CliRunner().invoke(main, ["export", "xlsform", "adminduk.kia", "-o", str(tmp_path / "kia.xlsx")], env=env)
    assert by_id.exit_code == 0, by_id.output
    assert cells(tmp_path / "kia.xlsx", "settings")[1][1] == "adminduk.kia"
    by_file = CliRunner().invoke(
        main, ["export", "xlsform", str(REFERENCE_EXAMPLE), "-o", str(tmp_path / "akta.xlsx")], env=env
    )
    assert by_file.exit_code == 0, by_file.output
    unknown = CliRunner().invoke(main, ["export", "xlsform", "adminduk.kiaa", "--lang", "en"], env=env)
    assert unknown.exit_code == 1 and "did you mean `adminduk.kia`?" in unknown.stderr
