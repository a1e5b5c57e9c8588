"""A citizen's journey end to end, where it used to break: resuming a regional variant's draft on
another device, a session that ended mid-form, the back button and a second click after sending,
the language link of a refused start."""

from __future__ import annotations

import io
import re

from framework.core.settings import definitions_dir
from framework.definition import load_catalog

from .portal_helpers import APPLICANT, MOTHER, PDF, SERVICE, form_values, page_url, post_page


def _signed_in_elsewhere(client):
    """Another browser (or the same one after the session ended): a fresh cookie jar, signed in again."""
    other = client.application.test_client()
    with other.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    return other


def _fill(client) -> None:
    post_page(client, "pemohon", {"hubungan": "ayah"})
    child = {"nama_anak": "Ma'ruf", "jenis_kelamin": "LAKI-LAKI", "tanggal_lahir": "2025-01-05"}
    post_page(client, "anak", {**child, "tempat_lahir--province": "73", "tempat_lahir--regency": "73.06"})
    post_page(client, "orang_tua", {"nik_ibu": MOTHER})
    post_page(client, "orang_tua", {"pernyataan": "y"})
    client.post(
        page_url("unggah-dokumen"),
        data={"surat_keterangan_lahir": (io.BytesIO(PDF), "surat.pdf")},
        content_type="multipart/form-data",
    )


def test_the_resume_link_of_a_regional_variant_works_on_another_device(make_portal):
    bundled = load_catalog(definitions_dir())
    client = make_portal(MPP_CATALOG=bundled)
    first = client.post("/layanan/adminduk.kk/mulai", data={"region": "73.06"}).location
    assert "/layanan/adminduk.kk.gowa/" in first
    html = client.get(first).get_data(as_text=True)
    link = re.search(r'href="http://localhost(/layanan/adminduk\.kk\.gowa/lanjut/[^"]+)"', html).group(1)
    other = _signed_in_elsewhere(client)
    page = other.get(link).location
    assert page == first  # before: keyed by the variant, the draft was not found and the citizen sent to the start
    assert other.get(page).status_code == 200


def test_after_the_session_ended_the_start_page_offers_the_draft_again(make_portal):
    client = make_portal()
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    post_page(client, "anak", {"nama_anak": "Ni Luh Putu Ayu"})
    again = _signed_in_elsewhere(client)
    start = again.get(f"/layanan/{SERVICE}").get_data(as_text=True)
    assert "Lanjutkan permohonan" in start and 'name="region"' not in start
    resumed = again.post(f"/layanan/{SERVICE}/mulai", data={})
    values = form_values(again.get(resumed.location.replace("pemohon", "anak")).get_data(as_text=True))
    assert values["nama_anak"] == "Ni Luh Putu Ayu"
    assert again.get(page_url("anak")).status_code == 200  # no second draft beside the first


def test_a_page_posted_after_the_session_ended_keeps_what_was_typed_to_send_after_signing_in_again(make_portal):
    """Before: a 400 page that said to go back and type the page again; the answers typed on it were lost."""
    client = make_portal(WTF_CSRF_ENABLED=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"/layanan/{SERVICE}").get_data(as_text=True))
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06", "csrf_token": token.group(1)})
    form = form_values(client.get(page_url("anak")).get_data(as_text=True))
    client.delete_cookie("session")  # the session's row is gone (30 minutes idle): its cookie is worthless
    typed = {**form.to_dict(), "nama_anak": "Sari Ayu", "_action": "lanjut"}
    response = client.post(page_url("anak"), data=typed, headers={"Origin": "http://localhost"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Tidak ada yang tersimpan" in html
    assert 'value="Sari Ayu"' in html and 'href="/masuk/ikd" target="_blank"' in html
    assert f'href="{page_url("anak")}"' in html and "yang tersimpan sebelumnya tetap ada" in html
    with client.session_transaction() as session:  # signed in again in another tab of the same browser
        session["citizen_nik"] = APPLICANT
    resend = re.search(r'<form method="post" action="([^"]+)" class="form">(.*?)</form>', html, re.S)
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', resend.group(2))
    client.post(resend.group(1), data=dict(pairs), headers={"Origin": "http://localhost"})
    assert form_values(client.get(page_url("anak")).get_data(as_text=True))["nama_anak"] == "Sari Ayu"


def test_a_page_posted_with_a_stale_token_comes_back_with_its_answers_and_saves_nothing(make_portal):
    client = make_portal(WTF_CSRF_ENABLED=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"/layanan/{SERVICE}").get_data(as_text=True))
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06", "csrf_token": token.group(1)})
    form = form_values(client.get(page_url("anak")).get_data(as_text=True))
    typed = {**form.to_dict(), "csrf_token": "basi", "nama_anak": "Sari Ayu"}
    html = client.post(page_url("anak"), data=typed, headers={"Origin": "http://localhost"}).get_data(as_text=True)
    assert 'value="Sari Ayu"' in html and "Simpan lagi</button>" in html and "/masuk/ikd" not in html
    assert form_values(client.get(page_url("anak")).get_data(as_text=True))["nama_anak"] != "Sari Ayu"


def test_a_page_posted_after_its_draft_was_deleted_in_another_tab_says_so(make_portal):
    client = make_portal()
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    with client.session_transaction() as session:
        draft_id = session["drafts"][SERVICE]
    client.post(f"/permohonan-saya/draf/{draft_id}/hapus")
    response = client.post(page_url("anak"), data={"_field": "nama_anak", "nama_anak": "Sari"})
    assert response.location.endswith(f"/layanan/{SERVICE}")
    assert "draf permohonan ini tidak ditemukan lagi" in client.get(response.location).get_data(as_text=True)


def test_back_and_a_second_click_after_sending_show_the_tracking_number(make_portal):
    client = make_portal()
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    _fill(client)
    sent = client.post(page_url("periksa-jawaban"))
    assert sent.location.endswith(f"/layanan/{SERVICE}/terkirim")
    number = re.search(r"/lacak/([A-Z0-9-]+)", client.get(sent.location).get_data(as_text=True)).group(1)
    for again in (client.post(page_url("periksa-jawaban")), client.get(page_url("orang_tua"))):
        assert again.location.endswith(f"/layanan/{SERVICE}/terkirim")
        assert number in client.get(again.location).get_data(as_text=True)


def test_the_language_link_of_a_refused_start_keeps_the_citizen_on_the_service(make_portal):
    client = make_portal()
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    refused = client.post(f"/layanan/{SERVICE}/mulai", data={"region": "", "baru": "1"})  # start over, no region
    assert refused.status_code == 400
    link = re.search(r'href="([^"]+lang=en)"', refused.get_data(as_text=True)).group(1)
    switched = client.get(link)
    assert switched.status_code == 302 and switched.location.endswith(f"/layanan/{SERVICE}")
    assert '<html lang="en">' in client.get(switched.location).get_data(as_text=True)


def test_deleting_a_draft_after_the_session_ended_signs_in_and_returns_to_the_list(make_portal):
    client = make_portal(signed_in=False)
    response = client.post("/permohonan-saya/draf/xIDOJMuhP8nw8X3lfQSDVmBDqNtVr7au/hapus")
    assert response.location == "/masuk/ikd?next=/permohonan-saya"  # before: next was the POST-only address, a 405


def test_removing_a_row_keeps_what_was_typed_in_the_rows_below(make_portal):
    client = make_portal()
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    post_page(client, "anak", {"kembar": "ya"})
    post_page(client, "anak", {"saudara_kembar-0-nama": "Ni Luh Putu Ayu", "_action": "tambah:saudara_kembar"})
    changes = {"saudara_kembar-1-nama": "Ma'ruf", "saudara_kembar-1-urutan": "dua", "_action": "hapus:saudara_kembar:0"}
    post_page(client, "anak", changes)
    values = form_values(client.get(page_url("anak")).get_data(as_text=True))
    # before: the text that did not parse ("dua") was dropped from every row, so the moved row lost it silently
    assert (values["saudara_kembar-0-nama"], values["saudara_kembar-0-urutan"]) == ("Ma'ruf", "dua")
    assert "saudara_kembar-1-nama" not in values
    assert "Masukkan bilangan bulat" in post_page(client, "anak", {}).get_data(as_text=True)
