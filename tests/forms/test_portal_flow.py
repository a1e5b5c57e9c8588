"""A complete application of the reference example through the HTML portal, without JavaScript.

Covers: locked prefill shown with its source and ignored on POST, a
condition revealing a repeating group, "add another"/"remove", the region
cascade, a validation error with its summary link, an upload checked by
content, the check-your-answers page with a change link, and the final
submit through framework.services.applications.
"""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from framework.store.models import Application

from .portal_helpers import APPLICANT, MOTHER, PDF, SERVICE, page_url, post_page, registries


@pytest.fixture
def portal(make_app, tmp_path):
    app = make_app(WTF_CSRF_ENABLED=False, MPP_PLUGINS=registries())
    client = app.test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    return app, client


def test_a_complete_application_without_javascript(portal, sessions):
    app, client = portal
    start = client.get(f"/layanan/{SERVICE}")
    assert "Surat keterangan kelahiran" in start.get_data(as_text=True)
    assert client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"}).location.endswith(page_url("pemohon"))

    # page 1: locked values from IKD, shown read-only with their source; a posted value is ignored
    html = client.get(page_url("pemohon")).get_data(as_text=True)
    assert "BUDI SANTOSO" in html and "dari IKD" in html and 'name="nama_pemohon"' not in html
    response = post_page(
        client, "pemohon", {"hubungan": "ayah", "nama_pemohon": "PENYUSUP", "_field": ["hubungan", "nama_pemohon"]}
    )
    assert response.location.endswith(page_url("anak"))

    # page 2: the twins group is hidden until `kembar` is yes, then appears (the page is shown again)
    html = client.get(page_url("anak")).get_data(as_text=True)
    assert 'name="_later" value="saudara_kembar"' in html and 'name="_field" value="saudara_kembar"' not in html
    response = post_page(client, "anak", {"jenis_kelamin": "LAKI-LAKI", "tanggal_lahir": "2024-03-01", "kembar": "ya"})
    assert response.location.endswith(page_url("anak"))
    html = client.get(page_url("anak")).get_data(as_text=True)
    assert 'name="saudara_kembar-0-nama"' in html and "pertanyaan baru" in html
    # what was typed wrong is said at once, beside the questions a save reveals (the empty ones wait)
    response = post_page(client, "anak", {"nama_anak": "x" * 101, "kembar": "tidak"})
    response = post_page(client, "anak", {"kembar": "ya"})
    html = response.get_data(as_text=True)
    assert 'name="saudara_kembar-0-nama"' in html and "Paling banyak 100 karakter." in html
    assert "Wajib diisi" not in html.split('id="saudara_kembar', 1)[1]

    # region cascade without JS: choose the province, ask for the next list, choose the regency
    response = post_page(client, "anak", {"tempat_lahir--province": "73", "_action": "pilih:tempat_lahir"})
    html = client.get(response.location).get_data(as_text=True)
    assert 'name="tempat_lahir--regency"' in html and "Kabupaten Gowa" in html

    # add another, then remove one
    post_page(client, "anak", {"saudara_kembar-0-nama": "Adi", "_action": "tambah:saudara_kembar"})
    html = client.get(page_url("anak")).get_data(as_text=True)
    assert 'name="saudara_kembar-1-nama"' in html and 'value="Adi"' in html
    post_page(client, "anak", {"saudara_kembar-1-nama": "Ani", "_action": "hapus:saudara_kembar:0"})
    html = client.get(page_url("anak")).get_data(as_text=True)
    assert 'name="saudara_kembar-1-nama"' not in html and 'value="Ani"' in html

    # a validation error: summary at the top links to the field, message beside it, text kept
    response = post_page(
        client,
        "anak",
        {"tempat_lahir--province": "73", "tempat_lahir--regency": "73.06", "saudara_kembar-0-urutan": "2"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="#nama_anak"' in html and "Paling banyak 100 karakter." in html
    assert 'aria-describedby="nama_anak-error"' in html and "x" * 101 in html

    response = post_page(
        client, "anak", {"nama_anak": "Budi Kecil", "tempat_lahir--province": "73", "tempat_lahir--regency": "73.06"}
    )
    assert response.location.endswith(page_url("orang_tua"))

    # page 3: the mother's name is looked up from the NIK typed on the same page
    response = post_page(client, "orang_tua", {"nik_ibu": MOTHER, "nama_ibu": "", "pernyataan": "y"})
    assert response.location.endswith(page_url("orang_tua"))
    html = client.get(page_url("orang_tua")).get_data(as_text=True)
    assert "SITI AMINAH" in html and 'name="nama_ibu"' not in html
    assert post_page(client, "orang_tua", {"pernyataan": "y"}).location.endswith(page_url("unggah-dokumen"))

    # documents: a renamed executable is refused by content; a real PDF is stored
    exe = (io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200), "surat.pdf")
    response = client.post(
        page_url("unggah-dokumen"), data={"surat_keterangan_lahir": exe}, content_type="multipart/form-data"
    )
    assert response.status_code == 200 and "Jenis berkas tidak diterima" in response.get_data(as_text=True)
    pdf = (io.BytesIO(PDF), "surat-lahir.pdf")
    response = client.post(
        page_url("unggah-dokumen"), data={"surat_keterangan_lahir": pdf}, content_type="multipart/form-data"
    )
    assert response.location.endswith(page_url("periksa-jawaban"))

    # check your answers, change one through its link, come back to the summary
    html = client.get(page_url("periksa-jawaban")).get_data(as_text=True)
    for shown in ("Budi Kecil", "Ani", "Kabupaten Gowa", "surat-lahir.pdf", "SITI AMINAH", "dari IKD", "1 Maret 2024"):
        assert shown in html
    change = f"{page_url('anak')}?kembali=periksa-jawaban"
    assert f'href="{change}#nama_anak"' in html
    response = post_page(
        client,
        "anak",
        {"nama_anak": "Budi Besar", "tempat_lahir--province": "73", "tempat_lahir--regency": "73.06"},
        query="?kembali=periksa-jawaban",
    )
    assert response.location.endswith(page_url("periksa-jawaban"))

    # submit: filed through framework.services.applications with the cleaned answers
    response = client.post(page_url("periksa-jawaban"), data={"region": "73.06"})
    assert response.status_code == 302 and response.location.endswith(page_url("terkirim"))  # post/redirect/get
    html = client.get(response.location).get_data(as_text=True)
    assert "Nomor pelacakan" in html, html
    assert (
        client.get(response.location).get_data(as_text=True) == html
    )  # a refresh shows the number again, files nothing
    with sessions() as session:
        application = session.scalars(select(Application)).one()
    assert application.answers["nama_anak"] == "Budi Besar"
    assert application.answers["nama_pemohon"] == "BUDI SANTOSO"
    assert application.answers["saudara_kembar"] == [{"nama": "Ani", "urutan": 2}]
    assert application.answers["tempat_lahir"] == "73.06"
    assert application.prefill["nama_ibu"]["source"] == "ikd"
    assert set(application.documents) == {"surat_keterangan_lahir"}
    assert application.tracking_number in html and f'href="/lacak/{application.tracking_number}"' in html


def at_the_child_page(client, kembar: str):
    """A fresh application past the applicant's page; the child's page sent with ``kembar`` (twins or not)."""
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    post_page(client, "pemohon", {"hubungan": "ayah"})
    return post_page(client, "anak", {"jenis_kelamin": "LAKI-LAKI", "tanggal_lahir": "2024-03-01", "kembar": kembar})


def test_a_blank_row_with_a_mistyped_number_keeps_its_place_and_the_rows_keep_their_text(portal, sessions):
    """Row 0 (no name, birth order "dua") was dropped as blank: its "dua" stuck to Ani's row, Ani's 3 was lost."""
    _app, client = portal
    at_the_child_page(client, "ya")
    post_page(client, "anak", {"saudara_kembar-0-nama": "Adi", "_action": "tambah:saudara_kembar"})
    answer = post_page(
        client,
        "anak",
        {
            "saudara_kembar-0-nama": "",
            "saudara_kembar-0-urutan": "dua",
            "saudara_kembar-1-nama": "Ani",
            "saudara_kembar-1-urutan": "3",
        },
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    row_one = re.search(r'name="saudara_kembar-1-urutan"[^>]*value="([^"]*)"', html)
    assert row_one is not None and row_one.group(1) == "3", "Ani's birth order is kept in her row"
    assert re.search(r'name="saudara_kembar-0-urutan"[^>]*value="dua"', html), "the mistyped text stays in row 0"
    assert 'href="#saudara_kembar-0-urutan"' in html and 'href="#saudara_kembar-0-nama"' in html


def test_blank_rows_go_and_the_rows_after_them_move_up_with_their_text(portal):
    _app, client = portal
    at_the_child_page(client, "ya")
    post_page(client, "anak", {"saudara_kembar-0-nama": "", "_action": "tambah:saudara_kembar"})
    answer = post_page(
        client, "anak", {"saudara_kembar-0-nama": "", "saudara_kembar-1-nama": "Ani", "saudara_kembar-1-urutan": "x"}
    )
    html = answer.get_data(as_text=True)
    assert re.search(r'name="saudara_kembar-0-nama"[^>]*value="Ani"', html), "Ani moved up to row 0"
    assert re.search(r'name="saudara_kembar-0-urutan"[^>]*value="x"', html), "with her mistyped text"
    assert 'href="#saudara_kembar-0-urutan"' in html and 'name="saudara_kembar-1-nama"' not in html


def test_a_tampered_yes_no_answer_is_refused_not_read_as_blank(portal):
    _app, client = portal
    answer = at_the_child_page(client, "maybe")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and 'href="#kembar-0"' in html and "Pilih salah satu pilihan" in html
