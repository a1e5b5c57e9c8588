"""`mpp validate` and its contract: `path:line:col: CODE message`, exit 0/1,
`--format json`, `--strict`, `--explain`, the whole catalog when no path is
given; run through click's CliRunner and as the installed `mpp` program."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from defhelpers import CODELIST, MINIMAL, REFERENCE_EXAMPLE, mutate

from framework.cli import main
from framework.core.settings import PROJECT_ROOT
from framework.definition import CODES
from framework.definition.examples import EXAMPLES

MPP = Path(sys.executable).parent / "mpp"
CONTRACT_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z0-9_]+) (?P<message>.+)$")


def run(*args: str, definitions: Path | None = None):
    env = {"MPP_DEFINITIONS": str(definitions or PROJECT_ROOT / "definitions")}
    return CliRunner().invoke(main, ["validate", *args], env=env, catch_exceptions=False)


def catalog_dir(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "definitions"
    (root / "codelists").mkdir(parents=True)
    (root / "codelists" / "jenis-kelamin.yaml").write_text(CODELIST, encoding="utf-8")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


# --- the reference example ------------------------------------------------------------


def test_reference_example_validates_through_click():
    result = run(str(REFERENCE_EXAMPLE))
    assert result.exit_code == 0, result.output
    assert result.stdout == "", "the reference example has no problem, not even a warning"
    assert "1 definition(s) valid" in result.stderr


def test_reference_example_validates_as_a_program():
    done = subprocess.run(
        [str(MPP), "validate", str(REFERENCE_EXAMPLE)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT_ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_reference_example_is_flagged_by_strict_for_its_missing_service_standard_only():
    # The example publishes no procedure and no management part of the service standard, which
    # `mpp audit` reports; strict validation now reports it too (shared/examples must add them).
    result = run("--strict", "--format", "json", str(REFERENCE_EXAMPLE))
    problems = json.loads(result.stdout)["problems"]
    assert {p["code"] for p in problems} <= {"STANDARD_INCOMPLETE"}, problems
    assert run(str(REFERENCE_EXAMPLE)).exit_code == 0


def test_a_warning_fails_strict(tmp_path):
    # an unquoted flow text with a comma (the reference example had one until it was quoted) is rejoined with a warning
    warned = tmp_path / "koma.yaml"
    warned.write_text(
        mutate(  # checked beside the bundled code lists, whose officer-role list does not name MINIMAL's `operator`
            MINIMAL,
            {
                "title: {id: Contoh, en: Example}": "title: {id: Contoh, en: Example, with a comma}",
                "role: operator": "role: operator_dukcapil",
            },
        ),
        encoding="utf-8",
    )
    assert "title: {id: Contoh, en: Example}" in MINIMAL, "the fixture this test edits has changed"
    lenient = run(str(warned))
    assert lenient.exit_code == 0, lenient.output
    assert [CONTRACT_LINE.match(line)["code"] for line in lenient.stdout.splitlines()] == ["TEXT_SPLIT_BY_COMMA"]
    strict = run("--strict", str(warned))
    assert strict.exit_code == 1
    assert "TEXT_SPLIT_BY_COMMA warning:" in strict.stdout


def test_catalog_in_the_repository_validates():
    result = run()
    assert result.exit_code == 0, result.output


def test_a_regional_file_copied_into_another_regions_folder_is_located_at_its_region(tmp_path):
    """Soppeng's midwife licence filed under Gowa's folder: the line points at `region:`'s value."""
    misfiled = tmp_path / "regions" / "73.06" / "sip-bidan.yaml"
    misfiled.parent.mkdir(parents=True)
    source = PROJECT_ROOT / "definitions" / "regions" / "73.12" / "sip-bidan.yaml"
    misfiled.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    result = run(str(misfiled))
    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if "REGION_FOLDER_MISMATCH" in line]
    found = CONTRACT_LINE.match(line)
    assert found and found["file"].endswith("regions/73.06/sip-bidan.yaml"), line
    assert (found["line"], found["col"]) == ("5", "9")  # `region: "73.12"`, the value after `region: `
    assert "73.06" in found["message"] and "73.12" in found["message"]


# --- the contract ---------------------------------------------------------------------


def test_problems_follow_the_contract_and_exit_1(tmp_path):
    root = catalog_dir(tmp_path, {})
    broken = tmp_path / "rusak.yaml"
    broken.write_text(
        mutate(MINIMAL, {"version: 1": "version: satu", "provider: dukcapil": "provider: dukcapill"}), encoding="utf-8"
    )
    result = run(str(broken), definitions=root)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    matches = [CONTRACT_LINE.match(line) for line in lines]
    assert all(matches), lines
    assert [(m["file"].endswith("rusak.yaml"), m["line"], m["col"], m["code"]) for m in matches] == [
        (True, "2", "10", "WRONG_TYPE")
    ]


def test_valid_file_exits_0_with_no_output(tmp_path):
    root = catalog_dir(tmp_path, {"contoh.yaml": MINIMAL})
    result = run(str(root / "contoh.yaml"), definitions=root)
    assert (result.exit_code, result.stdout) == (0, "")


def test_warnings_do_not_fail_unless_strict(tmp_path):
    root = catalog_dir(
        tmp_path, {"contoh.yaml": mutate(MINIMAL, {"title: {id: Contoh, en: Example}": "title: Contoh"})}
    )
    relaxed = run(str(root / "contoh.yaml"), definitions=root)
    strict = run("--strict", str(root / "contoh.yaml"), definitions=root)
    assert relaxed.exit_code == 0 and "NOT_BILINGUAL warning:" in relaxed.stdout
    assert strict.exit_code == 1 and strict.stdout.startswith(relaxed.stdout)
    # strict adds what `mpp audit` flags: MINIMAL publishes only part of the service standard
    added = strict.stdout[len(relaxed.stdout) :].splitlines()
    assert added and all(" STANDARD_INCOMPLETE warning: " in line for line in added)


def test_json_format(tmp_path):
    root = catalog_dir(tmp_path, {"contoh.yaml": mutate(MINIMAL, {"type: text": "type: teks"})})
    result = run("--format", "json", str(root / "contoh.yaml"), definitions=root)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["valid"], report["checked"]) == (False, 1)
    [problem] = report["problems"]
    assert {k: problem[k] for k in ("line", "col", "code", "severity", "path")} == {
        "line": 16,
        "col": 15,
        "code": "BAD_VALUE",
        "severity": "error",
        "path": "pages/0/fields/0/type",
    }
    assert problem["file"].endswith("contoh.yaml") and "did you mean `text`?" in problem["message"]


def test_json_format_of_a_valid_file(tmp_path):
    root = catalog_dir(tmp_path, {"contoh.yaml": MINIMAL})
    report = json.loads(run("--format", "json", str(root / "contoh.yaml"), definitions=root).stdout)
    assert report == {"valid": True, "checked": 1, "problems": []}


def test_missing_path(tmp_path):
    result = run(str(tmp_path / "tidak-ada.yaml"), definitions=catalog_dir(tmp_path, {}))
    assert result.exit_code == 1 and "FILE_UNREADABLE no such file or folder" in result.stdout


def test_a_folder_argument_checks_the_definitions_in_it(tmp_path):
    root = catalog_dir(
        tmp_path,
        {
            "a/satu.yaml": MINIMAL,
            "a/dua.yaml": mutate(MINIMAL, {"adminduk.contoh": "adminduk.contoh-dua", "version: 1": "version: 0"}),
        },
    )
    result = run(str(root / "a"), definitions=root)
    assert result.exit_code == 1
    assert [m["code"] for m in map(CONTRACT_LINE.match, result.stdout.splitlines())] == ["OUT_OF_RANGE"]


def test_a_named_catalog_file_reusing_another_files_service_id_is_refused(tmp_path):
    # a national file copied into regions/ and not renamed: checking the copy alone must say so
    root = catalog_dir(tmp_path, {"adminduk/contoh.yaml": MINIMAL, "regions/73.06/contoh.yaml": MINIMAL})
    for named in (root / "regions" / "73.06" / "contoh.yaml", root / "regions"):
        result = run(str(named), definitions=root)
        match = CONTRACT_LINE.match(result.stdout.strip())
        assert result.exit_code == 1 and match and match["code"] == "DUPLICATE_ID"
        assert match["file"].endswith("contoh.yaml") and "regions" in match["file"]


def test_a_draft_outside_the_catalog_replaces_the_catalog_file_of_its_service(tmp_path):
    root = catalog_dir(tmp_path, {"adminduk/contoh.yaml": MINIMAL})
    draft = tmp_path / "contoh.yaml"
    draft.write_text(MINIMAL, encoding="utf-8")
    assert run(str(draft), definitions=root).exit_code == 0


def test_a_second_file_of_a_service_whose_first_file_is_broken_is_reported(tmp_path):
    # the second file was neither checked nor reported: it looked valid behind the broken one
    broken = mutate(MINIMAL, {"version: 1": "versoin: 1"})
    root = catalog_dir(tmp_path, {"a/contoh.yaml": broken, "b/contoh.yaml": MINIMAL})
    found = [m.group("file", "code") for m in map(CONTRACT_LINE.match, run(definitions=root).stdout.splitlines())]
    assert [(Path(file).parent.name, code) for file, code in found] == [("a", "UNKNOWN_KEY"), ("b", "DUPLICATE_ID")]


# --- no argument: the catalog -----------------------------------------------------------


def test_no_argument_validates_the_configured_catalog(tmp_path):
    root = catalog_dir(
        tmp_path,
        {"adminduk/contoh.yaml": MINIMAL, "adminduk/lain.yaml": mutate(MINIMAL, {"adminduk.contoh": "adminduk.lain"})},
    )
    result = run(definitions=root)
    assert (result.exit_code, result.stdout) == (0, "")
    assert "2 definition(s) valid" in result.stderr


def test_no_argument_reports_a_broken_code_list(tmp_path):
    root = catalog_dir(tmp_path, {"contoh.yaml": MINIMAL})
    (root / "codelists" / "agama.yaml").write_text(
        "codelist: agama\ntitle: {id: Agama, en: Religion}\nitems:\n  ISLAM: [Islam]\n", encoding="utf-8"
    )
    result = run(definitions=root)
    assert result.exit_code == 1
    match = CONTRACT_LINE.match(result.stdout.strip())
    assert (
        match
        and match["file"].endswith("agama.yaml")
        and (match["line"], match["col"], match["code"]) == ("4", "10", "WRONG_TYPE")
    )


def test_a_code_list_named_unlike_its_file(tmp_path):
    root = catalog_dir(tmp_path, {})
    (root / "codelists" / "agama.yaml").write_text(
        "codelist: agam\ntitle: {id: Agama, en: Religion}\nitems:\n  ISLAM: {id: Islam, en: Islam}\n", encoding="utf-8"
    )
    match = CONTRACT_LINE.match(run(definitions=root).stdout.strip())
    assert (match["line"], match["col"], match["code"]) == ("1", "11", "BAD_VALUE")


def test_a_code_list_without_items(tmp_path):
    root = catalog_dir(tmp_path, {})
    (root / "codelists" / "agama.yaml").write_text(
        "codelist: agama\ntitle: {id: Agama, en: Religion}\nitem: {}\n", encoding="utf-8"
    )
    # `item:` is one mistake, said once: not also "`items` is missing"
    found = [m.group("code", "message") for m in map(CONTRACT_LINE.match, run(definitions=root).stdout.splitlines())]
    assert found == [("UNKNOWN_KEY", "unknown key `item` at the top level; did you mean `items`?")]


def test_a_named_file_shows_the_code_list_problems_too(tmp_path):
    root = catalog_dir(tmp_path, {"contoh.yaml": MINIMAL})
    (root / "codelists" / "jenis-kelamin.yaml").write_text(
        "codelist: jenis-kelamin\ntitle: Jenis kelamin\n", encoding="utf-8"
    )
    result = run(str(root / "contoh.yaml"), definitions=root)
    assert result.exit_code == 1 and "jenis-kelamin.yaml:1:1: MISSING_KEY" in result.stdout


# --- --explain ------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["VARIANT_LONGER_SLA", "not_bilingual"])
def test_explain(code):
    result = CliRunner().invoke(main, ["validate", "--explain", code])
    upper = code.upper()
    assert result.exit_code == 0
    assert result.stdout.startswith(
        f"{upper} ({CODES[upper][0].value})\n  id: {CODES[upper][1].id}\n  en: {CODES[upper][1].en}\n"
    )
    wrong, right = EXAMPLES[upper]
    assert "  salah / wrong:\n" + "".join(f"    {line}\n" for line in wrong.splitlines()) in result.stdout
    assert result.stdout.endswith("  benar / right:\n" + "".join(f"    {line}\n" for line in right.splitlines()))


def test_every_code_has_a_wrong_and_a_right_example():
    assert set(EXAMPLES) == set(CODES)
    for code, (wrong, right) in EXAMPLES.items():
        assert wrong.strip() and right.strip() and wrong != right, code


def test_explain_an_unknown_code():
    result = CliRunner().invoke(main, ["validate", "--explain", "VARIANT_LONG"])
    assert result.exit_code == 1 and "did you mean `VARIANT_LONGER_SLA`?" in result.stderr


def test_a_misspelt_step_role_warns_and_fails_strict(tmp_path):
    """`role: operatr_kecamatan` passed `mpp validate --strict`; once live, applications waited for no officer."""
    typo = tmp_path / "peran.yaml"
    typo.write_text(mutate(MINIMAL, {"role: operator": "role: operatr_kecamatan"}), encoding="utf-8")
    lenient = run(str(typo))  # beside the bundled definitions/codelists/peran-petugas.yaml
    assert lenient.exit_code == 0, lenient.output
    assert "UNKNOWN_ROLE warning:" in lenient.stdout and "did you mean `operator_kecamatan`?" in lenient.stdout
    assert run("--strict", str(typo)).exit_code == 1
