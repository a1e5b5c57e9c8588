"""The service builder speaks the page's language: definitions' titles and labels in English on an English page.

The national services offered for a regional variant, the region's own
services and what a variant takes from its template are the definitions'
bilingual texts; an English page shows their English, an Indonesian page
(the default) their Indonesian.
"""

from __future__ import annotations

import io
import re

import pytest
from adminhelpers import REGION_B

GOWA = REGION_B

INDONESIAN = ("Nama lengkap", "Hubungan dengan anak", "Surat keterangan kelahiran", "Verifikasi dan Validasi Data")
ENGLISH = ("Full name", "Relationship to the child", "Birth statement", "Data verification and validation")


def select_of(page: str, name: str) -> str:
    return re.search(rf'<select class="select" id="{name}" name="{name}">(.*?)</select>', page, re.S)[1]


def inherited_of(page: str) -> str:
    return re.search(r'<section [^>]*aria-labelledby="inherited-title">(.*?)</section>', page, re.S)[1]


def start_variant(client, template: str) -> int:
    answer = client.post("/admin/pembuat/varian", data={"template": template})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return int(re.search(r"/admin/pembuat/(\d+)/", answer.headers["Location"])[1])


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"),
    [
        ("en", "Birth certificate issuance (adminduk.akta-kelahiran)", "Penerbitan Akta Kelahiran"),
        ("id", "Penerbitan Akta Kelahiran (adminduk.akta-kelahiran)", "Birth certificate issuance"),
    ],
)
def test_the_national_services_are_offered_in_the_page_language(gowa_admin, lang, shown, hidden):
    offered = select_of(gowa_admin.get(f"/admin/pembuat/?lang={lang}").get_data(as_text=True), "template")
    assert shown in offered and hidden not in offered


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"),
    [
        ("en", "Family card (KK) issuance (adminduk.kk.gowa)", "Penerbitan Kartu Keluarga"),
        ("id", "Penerbitan Kartu Keluarga (KK) (adminduk.kk.gowa)", "Family card"),
    ],
)
def test_the_regions_own_services_are_offered_in_the_page_language(gowa_admin, lang, shown, hidden):
    own = select_of(gowa_admin.get(f"/admin/pembuat/?lang={lang}").get_data(as_text=True), "service")
    assert shown in own and hidden not in own


@pytest.mark.parametrize(("lang", "shown", "hidden"), [("en", ENGLISH, INDONESIAN), ("id", INDONESIAN, ENGLISH)])
def test_what_a_variant_takes_from_its_template_is_in_the_page_language(gowa_admin, lang, shown, hidden):
    draft = start_variant(gowa_admin, "adminduk.akta-kelahiran")
    taken = inherited_of(gowa_admin.get(f"/admin/pembuat/{draft}/?lang={lang}").get_data(as_text=True))
    assert [text for text in shown if text not in taken] == []
    assert [text for text in hidden if text in taken] == []


def test_indonesian_stays_the_default(gowa_admin):
    draft = start_variant(gowa_admin, "adminduk.akta-kelahiran")
    taken = inherited_of(gowa_admin.get(f"/admin/pembuat/{draft}/").get_data(as_text=True))
    assert "Hubungan dengan anak" in taken and "Relationship to the child" not in taken


def test_a_drafts_title_is_in_the_page_language(gowa_admin):
    answer = gowa_admin.post(
        "/admin/pembuat/baru",
        data={"title_id": "Surat Keterangan Tidak Mampu", "title_en": "Certificate of low income", "sector": "sosial"},
    )
    draft = answer.headers["Location"]
    english = gowa_admin.get(f"{draft}?lang=en").get_data(as_text=True)
    assert "<h1>Certificate of low income</h1>" in english and "Surat Keterangan Tidak Mampu" not in english
    indonesian = gowa_admin.get(f"{draft}?lang=id").get_data(as_text=True)
    assert "<h1>Surat Keterangan Tidak Mampu</h1>" in indonesian and "Certificate of low income" not in indonesian


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"),
    [
        ("en", "x.yaml:1:1: NOT_UTF8 byte 0xff is not UTF-8", "bukan UTF-8"),
        ("id", "x.yaml:1:1: NOT_UTF8 bita 0xff bukan UTF-8", "is not UTF-8"),
    ],
)
def test_why_an_upload_cannot_be_read_is_in_the_page_language(gowa_admin, lang, shown, hidden):
    gowa_admin.get(f"/admin/pembuat/?lang={lang}")
    answer = gowa_admin.post(
        "/admin/pembuat/unggah", data={"file": (io.BytesIO(b"\xff\xfe"), "x.yaml")}, content_type="multipart/form-data"
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and shown in page and hidden not in page


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"),
    [
        ("en", "the file cannot be opened as an XLSForm workbook", "tidak dapat dibuka"),
        ("id", "berkas tidak dapat dibuka sebagai buku kerja XLSForm", "cannot be opened"),
    ],
)
def test_why_an_xlsform_cannot_be_read_is_in_the_page_language(gowa_admin, lang, shown, hidden):
    gowa_admin.get(f"/admin/pembuat/?lang={lang}")
    answer = gowa_admin.post(
        "/admin/pembuat/unggah",
        data={"file": (io.BytesIO(b"not a spreadsheet"), "formulir.xlsx")},
        content_type="multipart/form-data",
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and shown in page and hidden not in page


def test_the_list_of_drafts_and_the_discard_page_name_a_draft_in_the_page_language(gowa_admin):
    answer = gowa_admin.post(
        "/admin/pembuat/baru",
        data={"service": "sktm", "title_id": "Surat Keterangan Tidak Mampu", "title_en": "Certificate of low income"},
    )
    draft = answer.headers["Location"].rstrip("/")
    for lang, shown, hidden in (
        ("en", "Certificate of low income", "Surat Keterangan Tidak Mampu"),
        ("id", "Surat Keterangan Tidak Mampu", "Certificate of low income"),
    ):
        listed = gowa_admin.get(f"/admin/pembuat/?lang={lang}").get_data(as_text=True)
        assert shown in listed and hidden not in listed, lang
        confirm = gowa_admin.get(f"{draft}/buang").get_data(as_text=True)
        assert shown in confirm and hidden not in confirm, lang


def test_a_text_without_english_is_explained_in_the_builders_terms_not_the_yamls(gowa_admin):
    answer = gowa_admin.post(
        "/admin/pembuat/baru", data={"title_id": "Surat Keterangan Tidak Mampu", "title_en": "", "sector": "sosial"}
    )
    page = gowa_admin.get(answer.headers["Location"]).get_data(as_text=True)
    problems = re.findall(r'<p class="error-message builder-problem" data-code="NOT_BILINGUAL">(.*?)</p>', page, re.S)
    assert problems and all("isi kotak bahasa Inggris" in problem for problem in problems), problems
    assert "{id: ..., en: ...}" not in page and "baris" not in "".join(problems)
    english = gowa_admin.get(f"{answer.headers['Location']}?lang=en").get_data(as_text=True)
    assert "fill in the English box beside it" in english
