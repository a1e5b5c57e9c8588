"""`mpp preview`: the citizen's pages as static HTML, both languages, prefilled from the sandbox, with an index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from mpp_testing import REFERENCE_EXAMPLE

from framework.cli import main
from framework.core.settings import PROJECT_ROOT

PAGES = ("pemohon", "anak", "orang_tua", "unggah-dokumen")


def preview(*args: str):
    env = {"MPP_DEFINITIONS": str(PROJECT_ROOT / "definitions")}
    return CliRunner().invoke(main, ["preview", *args], env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("preview") / "akta"
    result = preview(str(REFERENCE_EXAMPLE), "--out", str(folder), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"page(s) written; open {folder / 'index.html'}" in result.stderr
    return folder


def read(folder: Path, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8")


def test_every_page_in_both_languages_and_an_index(written):
    expected = {f"{page}.{language}.html" for page in PAGES for language in ("id", "en")}
    assert {p.name for p in written.glob("*.html")} == expected | {"index.html"}
    assert (written / "static" / "portal.css").is_file()


def test_labels_in_both_languages(written):
    indonesian, english = read(written, "anak.id.html"), read(written, "anak.en.html")
    assert '<html lang="id">' in indonesian and "Nama Anak" in indonesian and "Simpan dan lanjutkan" in indonesian
    assert '<html lang="en">' in english and "Child&#39;s name" in english and "Save and continue" in english
    assert "Perempuan" in indonesian and "Female" in english  # a choice from a code list


def test_prefilled_from_the_sandbox_ikd(written):
    from plugins.sandbox.population import population

    applicant = read(written, "pemohon.en.html")
    shown = re.search(r'class="locked-value"[^>]*>([^<]+)<', applicant).group(1).strip()
    assert shown.isdigit() and len(shown) == 16  # the locked NIK
    assert population().person(shown) is not None and "from IKD" in applicant
    assert population().person(shown).name in applicant
    parents = read(written, "orang_tua.id.html")
    mother = re.search(r'name="nik_ibu"[^>]*value="(\d{16})"', parents) or re.search(
        r'value="(\d{16})"[^>]*name="nik_ibu"', parents
    )
    assert population().person(mother.group(1)).name in parents  # typed mother's NIK → her name from IKD


def test_conditional_fields_are_drawn_for_the_author(written):
    assert "Saudara Kembar" in read(written, "anak.id.html")  # when: kembar == true, not answered


def test_links_between_the_static_pages(written):
    page = read(written, "anak.id.html")
    assert 'href="static/portal.css"' in page and 'href="anak.en.html"' in page and 'href="index.html"' in page
    assert 'href="/' not in page and "http://localhost" not in page and "resume" not in page
    index = read(written, "index.html")
    for page_id in PAGES:
        assert f'href="{page_id}.id.html"' in index and f'href="{page_id}.en.html"' in index
    assert "Penerbitan Akta Kelahiran" in index and "Birth certificate issuance" in index
    assert "“Kelahiran kembar?” adalah ya" in index  # a condition in words


def test_a_chosen_sandbox_applicant(tmp_path):
    result = preview(str(REFERENCE_EXAMPLE), "--out", str(tmp_path), "--nik", "3203011205820001")
    assert result.exit_code == 0, result.output
    assert "BUDI SAPUTRA" in read(tmp_path, "pemohon.id.html")


def test_a_bad_definition_prints_the_errors_of_mpp_validate(tmp_path):
    bad = tmp_path / "salah.yaml"
    bad.write_text(
        REFERENCE_EXAMPLE.read_text(encoding="utf-8").replace("when: kembar == true", "when: kembarr == true"),
        encoding="utf-8",
    )
    result = preview(str(bad), "--out", str(tmp_path / "out"), "--lang", "en")
    validated = CliRunner().invoke(
        main, ["validate", str(bad), "--lang", "en"], env={"MPP_DEFINITIONS": str(PROJECT_ROOT / "definitions")}
    )
    assert result.exit_code == validated.exit_code == 1
    assert result.stdout == validated.stdout and "EXPR_UNKNOWN_NAME" in result.stdout
    assert not (tmp_path / "out").exists()
