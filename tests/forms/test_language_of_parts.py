"""A definition text without its English is marked as Indonesian on an English page (WCAG 3.1.2 Language of Parts).

An inline definition leaves out the English of a page title, an intro, a
label, a hint, two option labels (radios and a drop-down) and a document's
label; the English page shows their Indonesian inside ``lang="id"``, and
nothing else: not the texts that have English, not an Indonesian page.
"""

from __future__ import annotations

import re

import pytest
from mpp_testing import load_test_catalog

from framework.core.text import Text
from framework.forms.language_parts import in_language, lang_attribute

from .inline_service import service_yaml
from .portal_helpers import form_values

SERVICE = "adminduk.sebagian-inggris"
PARTLY_ENGLISH = service_yaml(
    SERVICE,
    "Sebagian Inggris",
    """\
pages:
  - id: data
    title: {id: Data pemohon}
    intro: {id: Isi sesuai KTP.}
    fields:
      - {id: nama, type: text, label: {id: Nama panggilan}, hint: {id: Seperti di rumah}, required: true}
      - {id: kota, type: text, label: {id: Kota asal, en: Home town}, hint: {id: Kota lahir, en: Town of birth}}
      - id: warna
        type: choice
        label: {id: Warna, en: Colour}
        options: {merah: {id: Merah}, biru: {id: Biru, en: Blue}}
      - id: hari
        type: choice
        label: {id: Hari, en: Day}
        options:
          senin: {id: Senin}
          selasa: {id: Selasa, en: Tuesday}
          rabu: {id: Rabu, en: Wednesday}
          kamis: {id: Kamis, en: Thursday}
          jumat: {id: Jumat, en: Friday}
          sabtu: {id: Sabtu, en: Saturday}
          minggu: {id: Minggu, en: Sunday}
      - id: alamat
        type: group
        label: {id: Alamat, en: Address}
        fields:
          - {id: jalan, type: text, label: {id: Jalan, en: Street}}
          - {id: gang, type: text, label: {id: Gang}}
documents:
  - {id: pasfoto, label: {id: Pasfoto}, hint: {id: Latar merah}, accept: [jpg], max_mb: 1}
  - {id: ktp, label: {id: KTP, en: ID card}, accept: [jpg], max_mb: 1}
steps:
  - {id: verifikasi, title: {id: Verifikasi, en: Check}, role: operator_dukcapil, sla: 4h, actions: [approve, reject]}
""",
)
MARKED = ("Data pemohon", "Isi sesuai KTP.", "Nama panggilan", "Seperti di rumah", "Merah")


@pytest.fixture
def client(make_portal, tmp_path):
    (tmp_path / "catalog").mkdir()
    client = make_portal(MPP_CATALOG=load_test_catalog(tmp_path / "catalog", PARTLY_ENGLISH))
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    return client


def page(client, name, lang):
    return client.get(f"/layanan/{SERVICE}/{name}?lang={lang}").get_data(as_text=True)


def marked(html: str) -> list[str]:
    """The texts of the page's spans marked Indonesian."""
    return re.findall(r'<span lang="id">([^<]*)</span>', html)


def test_an_english_page_marks_the_indonesian_that_stands_in_for_missing_english(client):
    html = page(client, "data", "en")
    assert '<html lang="en"' in html
    for text in MARKED:
        assert text in marked(html), text
    assert '<label class="radios-label" for="warna-0"><span lang="id">Merah</span></label>' in html
    assert '<option lang="id" value="senin">Senin</option>' in html  # no markup inside an option
    assert '<option value="selasa">Tuesday</option>' in html
    # the English texts and the page's own words stay unmarked
    for english in ("Home town", "Town of birth", "Colour", "Blue", "Day", "Tuesday"):
        assert english in html and english not in marked(html), english
    assert not re.search(r"<title>[^<]*<span", html)  # a title holds no markup: left as plain text


def test_an_indonesian_page_marks_nothing(client):
    html = page(client, "data", "id")
    assert '<html lang="id"' in html and "Nama panggilan" in html
    assert marked(html) == [] and 'lang="id"' not in html.split("<html", 1)[1].split(">", 1)[1]


def test_the_error_summary_and_the_documents_page_mark_it_too(client):
    body = form_values(page(client, "data", "en"))
    body["nama"] = ""
    refused = client.post(f"/layanan/{SERVICE}/data", data=body).get_data(as_text=True)
    summary = refused.split('id="error-summary"')[1].split("</div>")[0]
    assert '<span lang="id">Nama panggilan</span>:' in summary

    documents = page(client, "unggah-dokumen", "en")
    assert {"Pasfoto", "Latar merah"} <= set(marked(documents))
    assert "ID card" in documents and "ID card" not in marked(documents)
    assert marked(page(client, "unggah-dokumen", "id")) == []


def test_the_answers_summary_marks_the_labels(client):
    body = form_values(page(client, "data", "en"))
    for name, value in {"nama": "Budi", "alamat-0-jalan": "Jl. Mawar", "alamat-0-gang": "Melati"}.items():
        body[name] = value
    assert client.post(f"/layanan/{SERVICE}/data", data=body).status_code == 302
    client.post(f"/layanan/{SERVICE}/unggah-dokumen", data={}, content_type="multipart/form-data")
    summary = page(client, "periksa-jawaban", "en")
    assert '<dt><span lang="id">Nama panggilan</span></dt>' in summary and "<dt>Home town</dt>" in summary
    assert 'Street: Jl. Mawar, <span lang="id">Gang</span>: Melati' in summary  # a group's row
    assert "Budi" not in marked(summary) and marked(page(client, "periksa-jawaban", "id")) == []


def test_the_mark_names_the_language_actually_shown():
    missing, whole = Text("Nama"), Text("Nama", "Name")
    assert (missing.language("en"), missing.language("id"), whole.language("en")) == ("id", "id", "en")
    assert in_language(missing, "en") == '<span lang="id">Nama</span>' and in_language(whole, "en") == "Name"
    assert in_language({"id": "Diterima", "en": None}, "en") == '<span lang="id">Diterima</span>'
    assert in_language(Text("<b>"), "en") == '<span lang="id">&lt;b&gt;</span>'
    assert in_language(missing, "id") == "Nama" and in_language(Text(""), "en") == ""
    assert (lang_attribute(missing, "en"), lang_attribute(whole, "en"), lang_attribute(missing, "id")) == (
        ' lang="id"',
        "",
        "",
    )
