"""`mpp import xlsform -o` and `mpp export xlsform -o`: a file is replaced whole, only when it is right, or not at all.

A failed import never clobbers a good file, an output folder that does not
exist is a usage error (exit 2) naming the folder, and the generated
definition's problems point at the spreadsheet cell a field came from.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from xlsforms import ID, column_of, row, write_xlsform

from framework.cli import main
from framework.core.settings import PROJECT_ROOT

KK = PROJECT_ROOT / "definitions" / "adminduk" / "kk.yaml"
GOOD = [row("text", "nama", ("Nama", "Name"))]
# two rows named `nama`: the import passes, the check of the generated definition finds DUPLICATE_ID
DUPLICATE = [row("text", "nama", ("Nama", "Name")), row("text", "nama", ("Nama lagi", "Name again"))]  # rows 2, 3


def mpp(*args: str):
    env = {"MPP_DEFINITIONS": str(PROJECT_ROOT / "definitions"), "MPP_LANG": ""}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def precious(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    target = folder / "precious.yaml"
    target.write_bytes(KK.read_bytes())
    return target


# --- 1. a failed check never replaces a good file ---------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "duplicate", "not_written"),
    [
        ("id", "DUPLICATE_ID id kolom `nama` dipakai dua kali", "tidak ditulis"),
        ("en", "DUPLICATE_ID field id `nama` is used twice", "was not written"),
    ],
)
def test_an_import_with_errors_leaves_the_existing_file_untouched(tmp_path, lang, duplicate, not_written):
    form = write_xlsform(tmp_path / "dupname.xlsx", DUPLICATE)
    target = precious(tmp_path / "out")
    result = mpp("import", "xlsform", str(form), "-o", str(target), "--lang", lang)
    assert result.exit_code == 1, result.output
    assert target.read_bytes() == KK.read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == ["precious.yaml"]  # no temporary file left behind
    assert f"dupname.xlsx:survey!{column_of(form, 'name')}3 (name): {duplicate}" in result.stderr
    assert not_written in result.stderr and str(target) in result.stderr


def test_a_problem_of_a_field_in_a_repeat_points_at_its_row_and_an_option_at_the_choices_sheet(tmp_path):
    survey = [
        row("begin_repeat", "anggota", ("Anggota", "Member"), mpp_repeat_max="3"),  # 2
        row("select_one s", "status", ("Status", "Status")),  # 3
        row("text", "status", ("Status lagi", "Status again")),  # 4
        row("end_repeat"),  # 5
    ]
    form = write_xlsform(tmp_path / "f.xlsx", survey, choices=[("s", "a", "A", None), ("s", "b", "B", "Bee")])
    result = mpp("import", "xlsform", str(form), "-o", str(tmp_path / "f.yaml"), "--lang", "en")
    assert result.exit_code == 1 and not (tmp_path / "f.yaml").exists()
    assert f"f.xlsx:survey!{column_of(form, 'name')}4 (name): DUPLICATE_ID" in result.stderr
    label = column_of(form, ID, "choices")
    assert f"f.xlsx:choices!{label}2 ({ID}): NOT_BILINGUAL warning: `A` has no English text" in result.stderr


def test_a_problem_from_outside_the_survey_keeps_its_yaml_place_under_the_name_given(tmp_path):
    form = write_xlsform(tmp_path / "f.xlsx", GOOD)  # the settings' form_title `Contoh` has no English
    target = tmp_path / "f.yaml"
    written = mpp("import", "xlsform", str(form), "-o", str(target), "--lang", "en")
    assert written.exit_code == 0, written.output
    assert f"{target}:4:8: NOT_BILINGUAL warning: `Contoh`" in written.stderr  # the name given, not ../../tmp
    printed = mpp("import", "xlsform", str(form), "--lang", "en")
    assert printed.exit_code == 0 and printed.stdout.startswith("# imported from f.xlsx")
    assert "<stdout>:4:8: NOT_BILINGUAL warning: `Contoh`" in printed.stderr
    assert "imported.yaml" not in printed.stderr + written.stderr  # no temporary name


def test_printing_to_stdout_points_a_problem_at_its_cell_too(tmp_path):
    form = write_xlsform(tmp_path / "dupname.xlsx", DUPLICATE)
    result = mpp("import", "xlsform", str(form), "--lang", "en")
    assert result.exit_code == 1
    assert f"dupname.xlsx:survey!{column_of(form, 'name')}3 (name): DUPLICATE_ID" in result.stderr


def test_a_good_import_replaces_the_file_whole(tmp_path):
    form = write_xlsform(tmp_path / "good.xlsx", GOOD)
    target = precious(tmp_path / "out")
    result = mpp("import", "xlsform", str(form), "-o", str(target), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("# imported from good.xlsx")
    assert sorted(p.name for p in target.parent.iterdir()) == ["precious.yaml"]
    assert mpp("validate", str(target)).exit_code == 0


def test_a_file_behind_a_link_is_replaced_and_the_link_kept(tmp_path):
    form = write_xlsform(tmp_path / "good.xlsx", GOOD)
    real = precious(tmp_path / "real")
    real.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    result = mpp("import", "xlsform", str(form), "-o", str(link), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("# imported from good.xlsx")
    assert real.stat().st_mode & 0o777 == 0o640  # the mode of the file it replaced


def test_an_export_that_fails_half_way_leaves_the_existing_workbook_untouched(tmp_path, monkeypatch):
    from framework.authoring import xlsform_export

    target = tmp_path / "kia.xlsx"
    target.write_bytes(b"the workbook the author edited")

    def crash(spec, path: Path) -> None:
        path.write_bytes(b"PK half a workbook")
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(xlsform_export, "write_xlsform", crash)
    with pytest.raises(RuntimeError):
        mpp("export", "xlsform", "adminduk.kia", "-o", str(target))
    assert target.read_bytes() == b"the workbook the author edited"
    assert [p.name for p in tmp_path.iterdir()] == ["kia.xlsx"]


def test_an_export_replaces_the_workbook_whole(tmp_path):
    target = tmp_path / "kia.xlsx"
    target.write_bytes(b"old")
    result = mpp("export", "xlsform", "adminduk.kia", "-o", str(target), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:2] == b"PK" and [p.name for p in tmp_path.iterdir()] == ["kia.xlsx"]
    assert f"{target} written" in result.stderr


# --- 2. an output folder that does not exist is a usage error --------------------------------------------


@pytest.mark.parametrize(("lang", "words"), [("id", "folder `{}` tidak ada"), ("en", "the folder `{}` does not exist")])
@pytest.mark.parametrize("command", ["import", "export"])
def test_an_output_folder_that_does_not_exist_is_a_usage_error(tmp_path, lang, words, command):
    form = write_xlsform(tmp_path / "good.xlsx", GOOD)
    missing = tmp_path / "nosuchdir"
    source, name = (str(form), "x.yaml") if command == "import" else ("adminduk.kia", "k.xlsx")
    result = mpp(command, "xlsform", source, "-o", str(missing / name), "--lang", lang)
    assert result.exit_code == 2, result.output
    assert words.format(missing) in result.stderr and "Traceback" not in result.output
    assert not missing.exists() and result.stdout == ""


def test_an_output_inside_a_file_is_a_usage_error(tmp_path):
    form = write_xlsform(tmp_path / "good.xlsx", GOOD)
    result = mpp("import", "xlsform", str(form), "-o", str(form / "x.yaml"), "--lang", "en")
    assert result.exit_code == 2 and f"`{form}` is not a folder" in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a folder this user cannot write")
def test_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path):
    form = write_xlsform(tmp_path / "good.xlsx", GOOD)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = mpp("import", "xlsform", str(form), "-o", str(locked / "x.yaml"), "--lang", "en")
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 1 and f"{locked / 'x.yaml'} cannot be written" in result.stderr
    assert list(locked.iterdir()) == []


def test_a_name_the_system_refuses_is_a_clear_error(tmp_path):
    form = write_xlsform(tmp_path / "good.xlsx", GOOD)
    target = tmp_path / ("x" * 300 + ".yaml")  # longer than a file name may be
    result = mpp("import", "xlsform", str(form), "-o", str(target), "--lang", "id")
    assert result.exit_code == 1 and "tidak dapat ditulis" in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.xlsx"]
