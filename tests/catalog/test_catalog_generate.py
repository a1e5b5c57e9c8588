"""`mpp generate`: generated/ matches the definitions, and goes stale when one changes."""

from __future__ import annotations

import re
import shutil

import pytest
from cataloghelpers import DEFINITIONS
from mpp_testing import PROJECT

from framework.definition import load_catalog
from framework.generate import generate, outputs
from framework.generate.diagram import workflow_diagram
from framework.generate.render import to_html, to_markdown
from framework.generate.standard import standard_document


def test_generated_folder_is_up_to_date(bundled):
    assert generate(check=True, target=PROJECT / "generated", catalog=bundled) == []


def test_every_offered_service_has_its_documents(bundled):
    files = outputs(bundled)
    for spec in bundled.offered():
        for name in ("standard.id.md", "standard.en.md", "standard.id.html", "standard.en.html", "workflow.mmd"):
            assert f"services/{spec.id}/{name}" in files
    assert not any(f"services/{s.id}/" in path for path in files for s in bundled.specs.values() if s.template)
    index = files["index.md"]
    assert all(f"`{spec.id}`" in index for spec in bundled.offered())


def test_check_fails_when_a_definition_changes(tmp_path, bundled):
    target = tmp_path / "generated"
    shutil.copytree(PROJECT / "generated", target)
    definitions = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS, definitions)
    path = definitions / "adminduk" / "kia.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "en: Child identity card (KIA) issuance", "en: Child ID card issuance"
        ),
        encoding="utf-8",
    )
    changed = load_catalog(definitions)
    stale = generate(check=True, target=target, catalog=changed)
    assert "services/adminduk.kia/standard.en.md" in stale and "index.md" in stale
    assert "services/adminduk.kia/standard.id.md" not in stale
    assert generate(target=target, catalog=changed) == stale
    assert generate(check=True, target=target, catalog=changed) == []


def test_generate_check_speaks_the_language_validate_speaks(tmp_path, monkeypatch):
    """`mpp generate --check` printed English beside the Indonesian lines of the errors, and had no `--lang`."""
    from click.testing import CliRunner

    from framework.cli import main

    target = tmp_path / "generated"
    shutil.copytree(PROJECT / "generated", target)
    definitions = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS, definitions)
    kia = definitions / "adminduk" / "kia.yaml"
    kia.write_text(kia.read_text(encoding="utf-8").replace("Child identity card (KIA)", "Child ID card"), "utf-8")
    monkeypatch.setattr("framework.generate.generated_dir", lambda: target)
    monkeypatch.setenv("MPP_DEFINITIONS", str(definitions))
    monkeypatch.setenv("MPP_LANG", "id")
    runner = CliRunner()
    indonesian = runner.invoke(main, ["generate", "--check"])
    assert indonesian.exit_code == 1 and "usang: services/adminduk.kia/standard.en.md" in indonesian.output
    assert "generated/ sudah usang: jalankan `mpp generate`" in indonesian.output and "stale" not in indonesian.output
    english = runner.invoke(main, ["generate", "--check", "--lang", "en"])
    assert english.exit_code == 1 and "stale: services/adminduk.kia/standard.en.md" in english.output
    assert "generated/ is out of date" in english.output

    kia.write_text(kia.read_text(encoding="utf-8").replace("type: date", "type: tanggal", 1), "utf-8")
    broken = runner.invoke(main, ["generate", "--check"])
    assert broken.exit_code == 1, broken.output
    assert broken.output.startswith("tidak dapat membuat generated/: definisi memiliki kesalahan\n")
    assert "BAD_VALUE nilai `tanggal` tidak diizinkan" in broken.output and "cannot generate" not in broken.output
    english = runner.invoke(main, ["generate", "--check", "--lang", "en"])
    assert english.output.startswith("cannot generate: the definitions have errors\n")
    assert "BAD_VALUE `tanggal` is not allowed" in english.output


@pytest.mark.parametrize("language", ["id", "en"])
def test_standard_publishes_every_element_in_its_language(bundled, language):
    spec = bundled.specs["nakes.sip-bidan"]
    markdown = to_markdown(standard_document(spec, bundled, language))
    assert spec.title.get(language) in markdown
    assert spec.standard.fee_basis.get(language) in markdown
    for requirement in spec.standard.requirements:
        assert requirement.get(language) in markdown
    for value in spec.standard.management.values():
        assert value.get(language) in markdown
    assert ("5 hari kerja" if language == "id" else "5 working day(s)") in markdown


def test_html_is_plain_and_self_contained(bundled):
    spec = bundled.specs["adminduk.akta-kelahiran"]
    page = to_html(standard_document(spec, bundled, "en"))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert not re.search(r"<(script|link)\b", page) and "http" not in page.split("<main>")[0]
    assert '<th scope="col">' in page and "Parents&#x27; marriage book" in page


def test_workflow_diagram_shows_roles_slas_and_automatic_approval(bundled):
    diagram = workflow_diagram(bundled.specs["nakes.sip-dokter"])
    assert diagram.startswith("flowchart TD")
    for step in bundled.specs["nakes.sip-dokter"].steps:
        assert f"{step.role} · SLA {step.sla}" in diagram
    assert "step_tanda_tangan -->|setuju / approve| approved" in diagram
    assert "step_pemeriksaan_berkas -.->" in diagram
    adminduk = workflow_diagram(bundled.specs["adminduk.kk"])
    assert "-.->" not in adminduk and "step_pemeriksaan_berkas -->|kembalikan / return| returned" in adminduk


def test_openapi_document_has_a_filing_operation_per_service(bundled):
    import json

    document = json.loads(outputs(bundled)["openapi.json"])
    assert document["openapi"].startswith("3.1")
    for spec in bundled.offered():
        assert f"/services/{spec.id}/applications" in document["paths"]
    assert not any("template" in path for path in document["paths"])


@pytest.mark.parametrize(
    ("service_id", "document", "language", "words"),
    [
        ("adminduk.ktp-el", "surat_kehilangan", "id", "“Alasan permohonan” adalah “Hilang”"),
        ("adminduk.ktp-el", "surat_kehilangan", "en", "“Reason for the application” is “Lost”"),
        ("adminduk.perubahan-biodata", "ijazah", "en", "“Data to change” includes “Highest education”"),
        (
            "nakes.sip-dokter",
            "persetujuan_atasan",
            "en",
            "“I am a civil servant (ASN)” is yes and “Application type” is not “Revocation”",
        ),
        ("adminduk.kia", "pas_foto_anak", "en", "age from “Child's date of birth” ≥ 5"),
    ],
)
def test_conditions_are_published_in_words(bundled, service_id, document, language, words):
    from framework.generate.conditions import in_words

    spec = bundled.specs[service_id]
    condition = next(d for d in spec.documents if d.id == document).when
    assert in_words(condition.source, spec, language) == words
    assert words in to_markdown(standard_document(spec, bundled, language))


def test_a_condition_beyond_words_is_published_as_written(bundled):
    from framework.generate.conditions import in_words

    assert (
        in_words("lower(nama_anak) == 'budi'", bundled.specs["adminduk.akta-kelahiran"], "en")
        == "`lower(nama_anak) == 'budi'`"
    )


def test_an_authors_copy_is_generated_beside_it_or_where_out_says(tmp_path, monkeypatch):
    """With MPP_DEFINITIONS set, `mpp generate` wrote the project's generated/ (and --check compared with it)."""
    from click.testing import CliRunner

    from framework.cli import main

    definitions = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS, definitions)
    monkeypatch.setenv("MPP_DEFINITIONS", str(definitions))
    project_before = (PROJECT / "generated" / "openapi.json").stat().st_mtime_ns
    runner = CliRunner()
    assert runner.invoke(main, ["generate", "--check"]).exit_code == 1  # nothing generated beside the copy yet
    assert runner.invoke(main, ["generate"]).exit_code == 0
    assert (tmp_path / "generated" / "openapi.json").read_text(encoding="utf-8") == (
        PROJECT / "generated" / "openapi.json"
    ).read_text(encoding="utf-8")
    assert runner.invoke(main, ["generate", "--check"]).exit_code == 0
    elsewhere = tmp_path / "keluaran"
    assert runner.invoke(main, ["generate", "--out", str(elsewhere)]).exit_code == 0
    assert (elsewhere / "openapi.json").is_file()
    assert (PROJECT / "generated" / "openapi.json").stat().st_mtime_ns == project_before


def test_an_empty_or_missing_definitions_folder_never_empties_generated(tmp_path, monkeypatch):
    """A mistyped MPP_DEFINITIONS once read as an empty catalog: `mpp generate` deleted generated/ and
    `mpp validate` said every definition was valid."""
    from click.testing import CliRunner

    from framework.cli import main

    target = tmp_path / "generated"
    shutil.copytree(PROJECT / "generated", target)
    before = sorted(path.relative_to(target) for path in target.rglob("*"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SystemExit, match="no definitions"):
        generate(target=target, catalog=load_catalog(empty))
    assert sorted(path.relative_to(target) for path in target.rglob("*")) == before

    runner = CliRunner()
    monkeypatch.setenv("MPP_LANG", "en")
    monkeypatch.setenv("MPP_DEFINITIONS", str(tmp_path / "mistyped"))
    for command in (["generate"], ["validate"], ["audit"]):
        answer = runner.invoke(main, command)
        assert answer.exit_code == 1 and "this folder does not exist" in answer.output, command
    monkeypatch.setenv("MPP_DEFINITIONS", str(empty))
    checked = runner.invoke(main, ["validate"])
    assert checked.exit_code == 1 and "this folder holds no definitions" in checked.output
    named = runner.invoke(main, ["validate", str(empty)])
    assert named.exit_code == 1 and "this folder holds no definitions" in named.output


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_standard_names_a_role_by_the_code_list_and_an_unnamed_role_by_its_code(bundled, language):
    from dataclasses import replace

    spec = bundled.specs["nakes.sip-dokter"]
    renamed = replace(spec, steps=(replace(spec.steps[0], role="petugas_baru"), *spec.steps[1:]))
    markdown = to_markdown(standard_document(renamed, bundled, language))
    assert "| petugas_baru |" in markdown
    named = bundled.codelists["codelists/peran-petugas"][spec.steps[1].role]
    assert f"| {named[language]} |" in markdown and f"| {spec.steps[1].role} |" not in markdown
