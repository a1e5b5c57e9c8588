"""The checker speaks Bahasa Indonesia first: `mpp validate` and `mpp diff` print
Indonesian unless `--lang en` or `MPP_LANG=en` asks for English, and
`--format json` carries both texts.

(That every code has a message in both languages is checked by ``at`` in
defhelpers.py, which every located test of a code goes through.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from defhelpers import MINIMAL, mutate, with_fields

from framework.cli import main
from framework.core.text import Text, current_language, did_you_mean, msg
from framework.definition.errors import DefinitionError, Severity

TYPO = mutate(replace={"        type: text\n": "        type: text\n        prefil: ikd.nama\n"})  # line 17
UNKNOWN_NAME = with_fields("        when: kembar == true\n")  # line 18
TEMPLATE = mutate(
    replace={"service: adminduk.contoh\n": "service: adminduk.contoh\ntemplate: true\n", "  sla: 1d\n": "  sla: 3d\n"}
)
LONGER = (
    'service: adminduk.contoh-soppeng\nversion: 1\nextends: adminduk.contoh\nregion: "73.12"\nstandard:\n  sla: 5d\n'
)


@pytest.fixture
def indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    """No language chosen: what a regional admin sees on a fresh install."""
    monkeypatch.delenv("MPP_LANG", raising=False)


def validate(check, files: dict[str, str], *args: str):
    for name, text in files.items():
        check.write(name, text)
    paths = [str(check.root / name) for name in files]
    return CliRunner().invoke(
        main, ["validate", *args, *paths], env={"MPP_DEFINITIONS": str(check.root)}, catch_exceptions=False
    )


def message_of(output: str, code: str) -> str:
    [line] = [line for line in output.splitlines() if f": {code} " in line]
    return line.split(f": {code} ", 1)[1]


def test_unknown_key_is_indonesian_by_default(check, indonesian):
    result = validate(check, {"contoh.yaml": TYPO})
    assert result.exit_code == 1
    assert (
        message_of(result.output, "UNKNOWN_KEY")
        == "kunci `prefil` tidak dikenal di kolom `nama` (halaman `satu`); maksud Anda `prefill`?"
    )
    assert ":17:9: UNKNOWN_KEY " in result.output


def test_unknown_name_in_a_condition_is_indonesian_by_default(check, indonesian):
    result = validate(check, {"contoh.yaml": UNKNOWN_NAME})
    assert message_of(result.output, "EXPR_UNKNOWN_NAME") == "`kembar` bukan kolom pada layanan ini"


def test_longer_sla_of_a_variant_is_indonesian_by_default(check, indonesian):
    result = validate(check, {"template.yaml": TEMPLATE, "soppeng.yaml": LONGER})
    assert (
        message_of(result.output, "VARIANT_LONGER_SLA")
        == "SLA `5d` lebih lama dari SLA templat `3d`; varian hanya boleh memperpendek"
    )


def test_warnings_and_the_summary_are_indonesian_by_default(check, indonesian):
    result = validate(check, {"contoh.yaml": mutate(replace={"title: {id: Contoh, en: Example}": "title: Contoh"})})
    assert result.exit_code == 0
    assert "NOT_BILINGUAL peringatan: `Contoh` belum memiliki teks bahasa Inggris" in result.output
    assert "1 definisi sah, 1 peringatan" in result.stderr


def test_lang_en_gives_english(check, indonesian):
    result = validate(check, {"contoh.yaml": TYPO}, "--lang", "en")
    assert (
        message_of(result.output, "UNKNOWN_KEY")
        == "unknown key `prefil` in field `nama` (page `satu`); did you mean `prefill`?"
    )


def test_mpp_lang_chooses_and_lang_overrides_it(check, monkeypatch):
    monkeypatch.setenv("MPP_LANG", "en")
    assert "did you mean" in message_of(validate(check, {"contoh.yaml": TYPO}).output, "UNKNOWN_KEY")
    assert "maksud Anda" in message_of(validate(check, {"contoh.yaml": TYPO}, "--lang", "id").output, "UNKNOWN_KEY")


def test_an_unknown_language_is_refused(check, indonesian):
    result = validate(check, {"contoh.yaml": MINIMAL}, "--lang", "fr")
    assert result.exit_code == 2 and "--lang" in result.output


def test_json_carries_both_texts(check, indonesian):
    result = validate(check, {"contoh.yaml": TYPO}, "--format", "json")
    [problem] = json.loads(result.output)["problems"]
    assert (
        problem["message"]
        == problem["message_id"]
        == "kunci `prefil` tidak dikenal di kolom `nama` (halaman `satu`); maksud Anda `prefill`?"
    )
    assert problem["message_en"] == "unknown key `prefil` in field `nama` (page `satu`); did you mean `prefill`?"
    english = json.loads(validate(check, {"contoh.yaml": TYPO}, "--format", "json", "--lang", "en").output)["problems"][
        0
    ]
    assert english["message"] == english["message_en"]


def test_diff_errors_follow_the_language(tmp_path: Path, indonesian):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(MINIMAL, encoding="utf-8")
    new.write_text("service: [\n", encoding="utf-8")
    indonesian_run = CliRunner().invoke(main, ["diff", str(old), str(new)])
    english_run = CliRunner().invoke(main, ["diff", "--lang", "en", str(old), str(new)])
    assert indonesian_run.exit_code == english_run.exit_code == 1
    assert "YAML_SYNTAX YAML tidak sah" in indonesian_run.stderr
    assert "YAML_SYNTAX" in english_run.stderr and "YAML tidak sah" not in english_run.stderr


def test_str_of_an_error_uses_mpp_lang(monkeypatch):
    error = DefinitionError(
        "a.yaml", 3, 5, "UNKNOWN_FIELD", msg("`x` bukan kolom", "`x` is not a field"), Severity.ERROR
    )
    monkeypatch.setenv("MPP_LANG", "en")
    assert str(error) == "a.yaml:3:5: UNKNOWN_FIELD `x` is not a field" and error.message == "`x` is not a field"
    monkeypatch.setenv("MPP_LANG", "id")
    assert str(error) == "a.yaml:3:5: UNKNOWN_FIELD `x` bukan kolom" and error.format("en").endswith(
        "`x` is not a field"
    )
    monkeypatch.setenv("MPP_LANG", "klingon")
    assert current_language() == "id"


def test_messages_join_in_both_languages():
    joined = msg("kunci `a` tidak dikenal", "unknown key `a`") + did_you_mean("b")
    assert joined == Text("kunci `a` tidak dikenal; maksud Anda `b`?", "unknown key `a`; did you mean `b`?")
    assert did_you_mean(None) == Text("", "")
    assert ("awal: " + msg("x", "y")).as_dict() == {"id": "awal: x", "en": "awal: y"}


def test_an_unknown_code_to_explain_is_answered_in_indonesian(indonesian):
    result = CliRunner().invoke(main, ["validate", "--explain", "VARIANT_LONG"])
    assert result.exit_code == 1
    assert "tidak ada kode kesalahan `VARIANT_LONG`; maksud Anda `VARIANT_LONGER_SLA`?" in result.stderr


def test_a_missing_key_is_explained_in_indonesian(check, indonesian):
    result = validate(check, {"contoh.yaml": mutate(drop=("version: 1\n",))})
    assert message_of(result.output, "MISSING_KEY") == (
        "kunci wajib `version` tidak ada di tingkat teratas: nomor versi, dinaikkan "
        "pada setiap perubahan yang diterbitkan; permohonan menyimpan versi saat diajukan"
    )
