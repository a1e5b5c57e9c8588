"""What a screen-reader user learns from the citizen's pages without JavaScript (WCAG 2.1 AA, GOV.UK patterns).

After a refused post the page title starts with "Kesalahan:" (the first thing
read on the new page), the error summary links to each field, and each field
names its hint and error through aria-describedby. axe in a browser
(tests/e2e/test_accessibility.py) checks more rules but cannot hear a title.
"""

from __future__ import annotations

import pytest
from a11y_markup import Page

from .portal_helpers import APPLICANT, SERVICE, page_url, post_page, registries


@pytest.fixture
def citizen(make_app):
    client = make_app(WTF_CSRF_ENABLED=False, MPP_PLUGINS=registries()).test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    return client


def read(response) -> Page:
    return Page.read(response.get_data(as_text=True))


def test_the_start_page_refused_without_a_region_says_so_in_its_title_and_at_the_field(citizen):
    page = read(citizen.post(f"/layanan/{SERVICE}/mulai", data={"region": ""}))
    assert page.title.startswith("Kesalahan: Penerbitan Akta Kelahiran")
    summary = page.by_id["error-summary"]
    assert summary.attrs["role"] == "alert" and summary.attrs["tabindex"] == "-1"
    assert page.by_id["error-summary-title"].text == "Ada yang perlu diperbaiki"
    assert [a.attrs["href"] for a in page.find("a") if a.attrs.get("href", "").startswith("#")] == ["#main", "#region"]
    select = page.by_id["region"]
    assert select.attrs["aria-invalid"] == "true" and select.described_by() == ["region-hint", "region-error"]
    assert page.described("region").endswith("Kesalahan: Pilih kabupaten/kota tempat Anda mengajukan.")


def test_check_answers_showing_what_is_missing_says_so_in_its_title(citizen):
    citizen.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    for page in (read(citizen.get(page_url("periksa-jawaban"))), read(citizen.post(page_url("periksa-jawaban")))):
        assert "error-summary" in page.by_id  # nothing answered yet: the summary lists it, on sight and when sent
        assert page.title.startswith("Kesalahan: Periksa jawaban Anda")


def test_a_mistyped_tracking_number_says_so_in_the_title(citizen):
    assert read(citizen.get("/lacak/")).title.startswith("Lacak Permohonan")
    page = read(citizen.get("/lacak/?nomor=K7QM-XRP3E"))
    assert page.title.startswith("Kesalahan: Lacak Permohonan")
    assert page.by_id["nomor"].described_by() == ["nomor-hint", "nomor-error"]


def test_a_date_says_how_to_type_it_for_a_phone_without_a_date_picker(citizen):
    citizen.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    page = read(citizen.get(page_url("anak")))
    date = page.by_id["tanggal_lahir"]
    assert date.attrs["type"] == "date" and date.described_by() == ["tanggal_lahir-format"]
    assert page.described("tanggal_lahir") == "Contoh: 17-08-2024 (tanggal-bulan-tahun)"
    refused = read(post_page(citizen, "anak", {"tanggal_lahir": "17 Agustus"}))
    assert refused.by_id["tanggal_lahir"].described_by() == ["tanggal_lahir-format", "tanggal_lahir-error"]
    assert refused.by_id["tanggal_lahir"].attrs["aria-invalid"] == "true"
    typed = read(post_page(citizen, "anak", {"tanggal_lahir": "17-08-2024"}))  # the example, as typed, is taken
    assert "tanggal_lahir-error" not in typed.by_id


def test_the_public_performance_table_scrolls_by_keyboard_and_is_named(citizen):
    page = read(citizen.get("/kinerja/"))
    region = page.find("div", class_="table-scroll")[0]
    assert region.attrs["tabindex"] == "0" and region.attrs["role"] == "region"
    assert page.by_id[region.attrs["aria-labelledby"]].tag == "caption"


def test_the_preview_index_names_its_columns_and_marks_the_english(tmp_path):
    from click.testing import CliRunner
    from mpp_testing import REFERENCE_EXAMPLE

    from framework.cli import main
    from framework.core.settings import PROJECT_ROOT

    environment = {"MPP_DEFINITIONS": str(PROJECT_ROOT / "definitions")}
    result = CliRunner().invoke(main, ["preview", str(REFERENCE_EXAMPLE), "--out", str(tmp_path)], env=environment)
    assert result.exit_code == 0, result.output
    page = Page.read((tmp_path / "index.html").read_text(encoding="utf-8"))
    headers = page.find("th")
    assert headers and all(header.attrs.get("scope") == "col" for header in headers)
    assert page.find("th", scope="col", lang="en")  # "English" read in English on an Indonesian page


def test_the_error_summary_links_radios_to_their_first_option_so_the_link_moves_focus(citizen):
    citizen.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    page = read(post_page(citizen, "anak", {"nama_anak": ""}))
    links = [a.attrs["href"] for a in page.find("a") if a.attrs.get("href", "").startswith("#")][1:]  # after #main
    assert "#jenis_kelamin-0" in links and "#nama_anak" in links and "#tempat_lahir" in links
    for link in links:
        target = page.by_id[link[1:]]
        assert target.tag in ("input", "select", "textarea"), link  # a control: following the link focuses it
