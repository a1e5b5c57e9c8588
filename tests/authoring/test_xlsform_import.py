"""`mpp import xlsform`: XLSForms written here with openpyxl, read by pyxform's reader, become valid definitions."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from mpp_testing import load_test_catalog
from openpyxl import Workbook
from xlsforms import EN, ID, column_of, row, write_xlsform

from framework.authoring.emit import to_yaml
from framework.authoring.xlsform_import import import_xlsform
from framework.authoring.xlsform_origins import Origins
from framework.authoring.xlsform_read import read_workbook
from framework.authoring.xlsform_structure import Structure
from framework.cli import main
from framework.core.settings import PROJECT_ROOT

HOUSEHOLD = [
    row("begin_group", "pemohon", ("Data Pemohon", "Applicant")),  # 2
    row("text", "nik_pemohon", ("NIK", "NIK"), mpp_type="nik", mpp_prefill="pemohon.nik", mpp_locked="yes"),  # 3
    row("text", "nama_pemohon", ("Nama", "Name"), mpp_prefill="pemohon.nama_lengkap", mpp_locked="yes"),  # 4
    row("select_one status", "status", ("Status pekerjaan", "Employment"), required="yes"),  # 5
    row("text", "pekerjaan_lain", ("Pekerjaan lain", "Other work"), relevant="${status} = 'lainnya'"),  # 6
    row("integer", "umur", ("Umur", "Age"), constraint=". >= 17 and . <= 120"),  # 7
    row("end_group"),  # 8
    row("begin_group", "keluarga", ("Keluarga", "Household")),  # 9
    row(
        "begin_repeat",
        "anggota",
        ("Anggota keluarga", "Household member"),
        required="yes",
        constraint="sum(${penghasilan}) < 3000000",
        mpp_repeat_max="8",
        **{
            "constraint_message::Indonesian (id)": "Penghasilan keluarga melebihi batas.",
            "constraint_message::English (en)": "The household income is over the limit.",
        },
    ),  # 10
    row("text", "nama", ("Nama", "Name"), required="yes"),  # 11
    row("integer", "penghasilan", ("Penghasilan per bulan", "Monthly income"), constraint=". >= 0"),  # 12
    row("select_multiple bantuan", "bantuan", ("Bantuan yang diterima", "Aid received")),  # 13
    row(
        "text",
        "nik",
        ("NIK", "NIK"),
        constraint="regex(., '^[0-9]{16}$')",
        **{"constraint_message::Indonesian (id)": "NIK 16 angka.", "constraint_message::English (en)": "16 digits."},
    ),  # 14
    row("end_repeat"),  # 15
    row(
        "text",
        "catatan",
        ("Catatan", "Notes"),
        relevant="count(${anggota}) > 2 and selected(${syarat}, 'ktp')",
        appearance="multiline",
    ),  # 16
    row("select_multiple syarat", "syarat", ("Syarat", "Requirements"), constraint="count-selected(.) <= 2"),  # 17
    row(
        "date",
        "tanggal_pengajuan",
        ("Tanggal pengajuan", "Date of application"),
        constraint=". <= today()",
        **{
            "constraint_message::Indonesian (id)": "Tanggal tidak boleh di masa depan.",
            "constraint_message::English (en)": "The date cannot be in the future.",
        },
    ),  # 18
    row("acknowledge", "pernyataan", ("Saya menyatakan data ini benar.", "I declare this is true.")),  # 19
    row("end_group"),  # 20
    row("image", "foto_rumah", ("Foto rumah", "Photo of the house"), required="yes"),  # 21
    row("calculate", "total", calculation="sum(${penghasilan})"),  # 22
]
CHOICES = [
    ("status", "bekerja", "Bekerja", "Employed"),
    ("status", "lainnya", "Lainnya", "Other"),
    ("bantuan", "pkh", "PKH", "Family Hope Programme"),
    ("bantuan", "bpnt", "BPNT", "Food aid"),
    ("syarat", "ktp", "KTP", "ID card"),
    ("syarat", "kk", "KK", "Family card"),
]
SETTINGS = {
    "form_title": "Surat Keterangan Tidak Mampu",
    "form_id": "sosial.sktm",
    "version": "2",
    "default_language": "Indonesian (id)",
}
MPP = [
    ("title", "{id: Surat Keterangan Tidak Mampu, en: Certificate of low income}"),
    ("summary", "{id: Keterangan keluarga berpenghasilan rendah., en: A certificate for a low-income household.}"),
    ("prefill", "pemohon: {source: ikd, by: applicant}"),
]


@pytest.fixture
def household(tmp_path: Path) -> Path:
    return write_xlsform(tmp_path / "sktm.xlsx", HOUSEHOLD, CHOICES, SETTINGS, MPP)


def compiled(folder: Path, data: dict):
    """The definition checked and compiled by the real pipeline (fails on any error)."""
    folder.mkdir()
    return load_test_catalog(folder, to_yaml(data)).specs[data["service"]]


def fields_of(data: dict) -> dict[str, dict]:
    found = {}
    for page in data["pages"]:
        for item in page["fields"]:
            found[item["id"]] = item
            found.update({f"{item['id']}.{c['id']}": c for c in item.get("fields", [])})
    return found


def test_the_household_form_becomes_a_valid_definition(household, tmp_path):
    result = import_xlsform(household)
    assert result.data is not None, [p.format("sktm.xlsx", "en") for p in result.problems]
    data = result.data
    assert (data["service"], data["version"], data["sector"]) == ("sosial.sktm", 2, "sosial")
    assert data["title"] == {"id": "Surat Keterangan Tidak Mampu", "en": "Certificate of low income"}
    assert [page["id"] for page in data["pages"]] == ["pemohon", "keluarga"]
    spec = compiled(tmp_path / "catalog", data)
    assert spec.field("anggota").repeat.max == 8


def test_types_labels_choices_and_prefill(household):
    fields = fields_of(import_xlsform(household).data)
    assert fields["nik_pemohon"] == {
        "id": "nik_pemohon",
        "type": "nik",
        "label": {"id": "NIK", "en": "NIK"},
        "prefill": "pemohon.nik",
        "locked": True,
    }
    assert fields["status"]["type"] == "choice" and fields["status"]["required"] is True
    assert fields["status"]["options"] == {
        "bekerja": {"id": "Bekerja", "en": "Employed"},
        "lainnya": {"id": "Lainnya", "en": "Other"},
    }
    assert fields["anggota.bantuan"]["type"] == "multichoice"
    assert fields["catatan"]["type"] == "textarea"
    assert fields["pernyataan"]["type"] == "declaration" and "required" not in fields["pernyataan"]


def test_relevant_becomes_when(household):
    fields = fields_of(import_xlsform(household).data)
    assert fields["pekerjaan_lain"]["when"] == "status == 'lainnya'"
    assert fields["catatan"]["when"] == "count(anggota) > 2 and 'ktp' in syarat"


def test_bounds_become_field_keys(household):
    fields = fields_of(import_xlsform(household).data)
    assert (fields["umur"]["min"], fields["umur"]["max"]) == (17, 120)
    assert fields["anggota.penghasilan"]["min"] == 0
    assert fields["anggota.nik"]["pattern"] == "^[0-9]{16}$"
    assert fields["anggota.nik"]["pattern_message"] == {"id": "NIK 16 angka.", "en": "16 digits."}
    assert fields["syarat"]["max"] == 2
    assert fields["anggota"]["repeat"] == {"min": 1, "max": 8}


def test_other_constraints_become_rules_on_their_field(household):
    rules = import_xlsform(household).data["rules"]
    assert rules == [
        {
            "when": "sum(anggota.penghasilan) >= 3000000",
            "message": {"id": "Penghasilan keluarga melebihi batas.", "en": "The household income is over the limit."},
        },
        {
            "when": "tanggal_pengajuan > today()",
            "message": {"id": "Tanggal tidak boleh di masa depan.", "en": "The date cannot be in the future."},
        },
    ]


def test_files_become_documents_and_calculations_are_left_out(household):
    result = import_xlsform(household)
    assert result.data["documents"] == [
        {
            "id": "foto_rumah",
            "label": {"id": "Foto rumah", "en": "Photo of the house"},
            "accept": ["jpg", "png"],
            "max_mb": 2,
            "required": True,
        }
    ]
    skipped = [p for p in result.problems if p.code == "XLSFORM_SKIPPED"]
    assert [(p.cell, p.severity) for p in skipped] == [("survey!A22", "warning")]


@pytest.mark.parametrize(
    ("constraint", "when"),
    [
        (". = 'x'", "kode != null and kode != 'x'"),  # an empty answer is not a mistake
        ("not(. = 'x')", "kode == 'x'"),  # what `mpp export xlsform` writes
        (". != 'x' or string-length(.) > 3", "kode != null and kode == 'x' and len(kode) <= 3"),
        ("string-length(.) > 3", "kode != null and len(kode) <= 3"),  # len() of no answer is 0, not undecided
        ("selected(., 'a')", "kode != null and not (kode == 'a')"),
    ],
)
def test_a_constraint_negated_into_the_mistake_a_rule_describes(tmp_path, constraint, when):
    form = write_xlsform(tmp_path / "f.xlsx", [row("text", "kode", ("Kode", "Code"), constraint=constraint)])
    assert import_xlsform(form).data["rules"][0]["when"] == when


def test_a_constraint_inside_a_repeat_is_checked_on_every_row(tmp_path):
    survey = [
        row("begin_repeat", "anggota", ("Anggota", "Members")),
        row("integer", "umur", ("Umur", "Age")),
        row("text", "nik", ("NIK", "NIK"), constraint="${umur} < 17 or string-length(.) = 16"),
        row("end_repeat"),
    ]
    rule = import_xlsform(write_xlsform(tmp_path / "f.xlsx", survey)).data["rules"][0]
    assert rule["when"] == "any(anggota.nik != null and anggota.umur >= 17 and len(anggota.nik) != 16)"
    assert "field" not in rule  # its message goes beside the group `anggota`, the first field it reads


# --- located problems --------------------------------------------------------------------


def problems_of(path: Path) -> list[str]:
    return [p.format(path.name, "en") for p in import_xlsform(path).problems if p.severity == "error"]


def test_untranslatable_xpath_is_a_located_error_with_advice(tmp_path):
    survey = list(HOUSEHOLD)
    survey[4] = row(
        "text",
        "pekerjaan_lain",
        ("Pekerjaan lain", "Other work"),
        relevant="format-date(${tanggal_pengajuan}, '%Y') = '2024'",
    )
    form = write_xlsform(tmp_path / "sktm.xlsx", survey, CHOICES, SETTINGS, MPP)
    letter = column_of(form, "relevant")
    assert problems_of(form) == [
        f"sktm.xlsx:survey!{letter}6 (relevant): XLSFORM_XPATH XPath `format-date()` has no counterpart; "
        "compare dates directly, or use `umur()`/`selisih_hari()` in the `mpp_relevant` column (character 1)"
    ]
    result = import_xlsform(form)
    assert result.data is None
    error = next(p for p in result.problems if p.code == "XLSFORM_XPATH")
    assert (error.sheet, error.row, error.column) == ("survey", 6, letter)
    assert "format-date()" in error.text.id and "tidak ada padanannya" in error.text.id


@pytest.mark.parametrize(
    ("relevant", "words", "character"),
    [
        ("/data/pemohon/status = 'x'", "XPath paths", 1),
        ("count(${anggota}[${umur} > 1]) > 0", "XPath paths", 17),
        ("${penghasilan} > 100", "inside the repeat `anggota`", 1),
        ("${statu} = 'x'", "did you mean `status`?", 1),
        ("${status} == 'x'", "unexpected `=`", 12),
        ("pulldata('x', 'y', 'z', 'w')", "`pulldata()` has no counterpart", 1),
    ],
)
def test_each_untranslatable_form_says_where_and_what_instead(tmp_path, relevant, words, character):
    survey = list(HOUSEHOLD)
    survey[4] = row("text", "pekerjaan_lain", ("Pekerjaan lain", "Other work"), relevant=relevant)
    form = write_xlsform(tmp_path / "sktm.xlsx", survey, CHOICES, SETTINGS, MPP)
    [line] = problems_of(form)
    assert line.startswith(f"sktm.xlsx:survey!{column_of(form, 'relevant')}6 (relevant): XLSFORM_XPATH ")
    assert words in line and line.endswith(f"(character {character})")


def test_structure_and_name_problems_are_located(tmp_path):
    survey = [
        row("begin_group", "satu", ("Satu", "One")),  # 2
        row("text", "Nama Lengkap", ("Nama", "Name")),  # 3
        row("select_one warna", "warna", ("Warna", "Colour")),  # 4
        row("geopoint", "lokasi", ("Lokasi", "Location")),  # 5
        row("begin_repeat", "a", ("A", "A")),  # 6
        row("begin_repeat", "b", ("B", "B")),  # 7
        row("end_repeat"),  # 8
        row("end_repeat"),  # 9
        row("end_repeat"),  # 10
    ]
    form = write_xlsform(tmp_path / "f.xlsx", survey)
    found = {(p.code, p.cell) for p in import_xlsform(form).problems if p.severity == "error"}
    assert found == {
        ("XLSFORM_BAD_NAME", "survey!B3"),
        ("XLSFORM_UNKNOWN_LIST", "survey!A4"),
        ("XLSFORM_UNSUPPORTED_TYPE", "survey!A5"),
        ("XLSFORM_STRUCTURE", "survey!A7"),  # a repeat inside a repeat
        ("XLSFORM_STRUCTURE", "survey!A10"),  # an end_repeat closing the page's group
        ("XLSFORM_STRUCTURE", "survey!A2"),  # the page's group never closed
    }
    bad_name = next(p for p in import_xlsform(form).problems if p.code == "XLSFORM_BAD_NAME")
    assert "e.g. `nama_lengkap`" in bad_name.text.en and "mis. `nama_lengkap`" in bad_name.text.id


def test_bad_yaml_on_the_mpp_sheet_is_located(tmp_path):
    form = write_xlsform(tmp_path / "f.xlsx", [row("text", "nama", ("Nama", "Name"))], mpp=[("standard", "sla: [1d")])
    [error] = [p for p in import_xlsform(form).problems if p.severity == "error"]
    assert (error.code, error.cell, error.header) == ("XLSFORM_BAD_VALUE", "mpp!B2", "value")


def test_what_xlsform_cannot_say_comes_from_defaults_with_a_warning(tmp_path):
    form = write_xlsform(
        tmp_path / "f.xlsx",
        [row("text", "nama", ("Nama", "Name"))],
        settings={"form_title": "Izin", "form_id": "izin_usaha"},
    )
    result = import_xlsform(form)
    assert (result.data["service"], result.data["sector"], result.data["provider"]) == (
        "umum.izin-usaha",
        "umum",
        "dpmptsp",
    )
    assert result.data["steps"][0]["role"] == "operator_dpmptsp"
    [assumed] = [p for p in result.problems if p.code == "XLSFORM_ASSUMED"]
    assert "provider, standard, steps" in assumed.text.en
    compiled(tmp_path / "catalog", result.data)


# --- the command -------------------------------------------------------------------------


def mpp(*args: str):
    env = {"MPP_DEFINITIONS": str(PROJECT_ROOT / "definitions")}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_the_command_writes_yaml_that_mpp_validate_accepts(household, tmp_path):
    target = tmp_path / "sktm.yaml"
    result = mpp("import", "xlsform", str(household), "-o", str(target), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("# imported from sktm.xlsx")
    validated = mpp("validate", str(target))
    assert validated.exit_code == 0, validated.output


def test_the_command_takes_what_xlsform_cannot_say_from_a_template(tmp_path):
    form = write_xlsform(
        tmp_path / "kia.xlsx",
        [row("text", "nama_anak", ("Nama anak", "Child's name"))],
        settings={"form_id": "adminduk.kia-baru", "form_title": "KIA"},
    )
    result = mpp("import", "xlsform", str(form), "--template", "adminduk.kia", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "provider: dukcapil" in result.stdout and "role: operator_dukcapil" in result.stdout


def test_the_command_refuses_a_form_with_errors(tmp_path):
    form = write_xlsform(tmp_path / "f.xlsx", [row("text", "nama", ("Nama", "Name"), relevant="now() > 1")])
    result = mpp("import", "xlsform", str(form), "-o", str(tmp_path / "f.yaml"), "--lang", "id")
    assert result.exit_code == 1 and not (tmp_path / "f.yaml").exists()
    assert (
        f"f.xlsx:survey!{column_of(form, 'relevant')}2 (relevant): XLSFORM_XPATH fungsi XPath `now()`" in result.stderr
    )
    assert "pakai `today()`" in result.stderr


def test_labels_in_one_language_only(tmp_path):
    survey = [{"type": "text", "name": "nama", EN: "Name"}, {"type": "text", "name": "alamat", ID: "Alamat"}]
    result = import_xlsform(write_xlsform(tmp_path / "f.xlsx", survey))
    fields = fields_of(result.data)
    assert fields["nama"]["label"] == {"id": "Name", "en": "Name"} and fields["alamat"]["label"] == {"id": "Alamat"}
    assert any(p.code == "XLSFORM_ASSUMED" and p.cell == "survey!C2" for p in result.problems)


def test_an_unreadable_file_and_an_empty_label(tmp_path):
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"not a spreadsheet")
    [unreadable] = import_xlsform(broken).problems
    assert unreadable.code == "XLSFORM_UNREADABLE"
    assert unreadable.format("rusak.xlsx", "en").startswith(
        "rusak.xlsx: XLSFORM_UNREADABLE the file cannot be opened as an XLSForm workbook (.xlsx)"
    )
    assert unreadable.format("rusak.xlsx", "id").startswith(
        "rusak.xlsx: XLSFORM_UNREADABLE berkas tidak dapat dibuka sebagai buku kerja XLSForm (.xlsx)"
    )
    form = write_xlsform(tmp_path / "f.xlsx", [row("text", "nama")])
    [missing] = [p for p in import_xlsform(form).problems if p.severity == "error"]
    assert (missing.code, missing.cell, missing.header) == ("XLSFORM_MISSING", "survey!C2", ID)


def _zip_of_text(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("catatan.txt", "bukan buku kerja")


def _duplicate_header(path: Path) -> None:
    book = Workbook()
    book.active.title = "survey"
    book.active.append(["type", "name", "name"])
    book.save(path)


OLE2 = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)  # the start of an old .xls (or a password-protected .xlsx)
NOT_A_WORKBOOK = [
    ("empty", b"", "the file is empty (0 bytes)", "berkas kosong (0 bita)"),
    ("csv", b"type,name,label\ntext,nama,Nama\n", "not an Excel workbook at all but plain text", "teks biasa"),
    ("random", random.Random(7).randbytes(300), "not an Excel workbook at all (an .xlsx", "arsip zip"),
    ("zip", _zip_of_text, "a zip archive but not an Excel workbook", "arsip zip, tetapi bukan buku kerja Excel"),
    ("ole2", OLE2, "an old Excel workbook (.xls) or one protected by a password", "dilindungi kata sandi"),
]


@pytest.mark.parametrize(
    ("case", "content", "english", "indonesian"), NOT_A_WORKBOOK, ids=[c[0] for c in NOT_A_WORKBOOK]
)
def test_a_file_that_is_no_workbook_says_what_it_is_instead(tmp_path, case, content, english, indonesian):
    path = tmp_path / "formulir.xlsx"
    content(path) if callable(content) else path.write_bytes(content)
    [unreadable] = import_xlsform(path).problems
    assert unreadable.code == "XLSFORM_UNREADABLE"
    en, id_ = unreadable.format("formulir.xlsx", "en"), unreadable.format("formulir.xlsx", "id")
    assert en.startswith("formulir.xlsx: XLSFORM_UNREADABLE the file cannot be opened as an XLSForm workbook (.xlsx): ")
    assert id_.startswith("formulir.xlsx: XLSFORM_UNREADABLE berkas tidak dapat dibuka sebagai buku kerja XLSForm")
    assert english in en and indonesian in id_
    assert "pyxform" not in en + id_ and "supported type" not in en


def test_a_real_workbook_keeps_what_pyxform_says_is_wrong_with_it(tmp_path):
    path = tmp_path / "formulir.xlsx"
    _duplicate_header(path)
    [unreadable] = import_xlsform(path).problems
    assert unreadable.format("f.xlsx", "en").endswith(
        "it is an Excel workbook, but pyxform cannot read it as an XLSForm: Duplicate column header: name"
    )
    assert "buku kerja Excel, tetapi pyxform tidak dapat membacanya sebagai XLSForm: Duplicate column header: name" in (
        unreadable.format("f.xlsx", "id")
    )
    renamed = tmp_path / "formulir.xls"  # an .xlsx under an old name: pyxform tries the .xls reader only
    write_xlsform(renamed, [row("text", "nama", ("Nama", "Name"))])
    [misnamed] = import_xlsform(renamed).problems
    assert "it is an .xlsx workbook under another name: name it formulir.xlsx" in misnamed.format("x", "en")


def test_the_command_explains_an_empty_file_without_a_traceback(tmp_path):
    empty = tmp_path / "kosong.xlsx"
    empty.write_bytes(b"")
    result = mpp("import", "xlsform", str(empty), "-o", str(tmp_path / "k.yaml"), "--lang", "id")
    assert result.exit_code == 1 and not (tmp_path / "k.yaml").exists()
    assert f"{empty}: XLSFORM_UNREADABLE berkas tidak dapat dibuka" in result.stderr
    assert "berkas kosong (0 bita)" in result.stderr


def test_the_origins_of_an_imported_definition_are_the_rows_of_its_ids(household):
    """Every page, field and document ``Origins`` names has the id of the row it names; keys point at columns."""
    form = household
    data = import_xlsform(form).data
    workbook, _ = read_workbook(form)
    structure = Structure(workbook, [])
    structure.run()
    origins = Origins.of(workbook, structure)
    assert len(origins.rows) == 17  # 2 pages, 14 fields (4 in the repeat), 1 document
    for path, found in origins.rows.items():
        node = data
        for step in path:
            node = node[step]
        assert node["id"] == found.name, path
    name = column_of(form, "name")
    assert origins.cell(("pages", 1, "fields", 0, "fields", 3, "id")) == ("survey", 14, name, "name")
    assert origins.cell(("documents", 0, "accept")) == ("survey", 21, name, "name")  # no `body::accept` column
    assert origins.cell(("pages", 0, "fields", 1, "label", "en")) == ("survey", 4, column_of(form, ID), ID)
    assert origins.cell(("pages", 1, "fields", 1, "when")) == ("survey", 16, column_of(form, "relevant"), "relevant")
    assert origins.cell(("pages", 0, "fields", 2, "options", "lainnya")) == ("choices", 3, "C", ID)
    assert origins.cell(("title",)) is None and origins.cell(("rules", 0, "when")) is None


def test_every_problem_code_is_documented():
    from framework.authoring.problems import CODES

    text = (PROJECT_ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert [code for code, (severity, _) in CODES.items() if f"| `{code}` | {severity} |" not in text] == []
