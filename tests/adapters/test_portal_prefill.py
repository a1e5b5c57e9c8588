"""Done-when of issue 6 through the real portal: signed in with the sandbox IKD, the
reference example opens filled from IKD, the mother's name fills from the NIK typed
on the parents' page; with the IKD server stopped the same form still works, unverified."""

from __future__ import annotations

import pytest
from forms.portal_helpers import SANDBOX_CHILD, SERVICE, page_url, post_page

from plugins.ikd import sandbox_server

FATHER, FATHER_NAME = "3203011205820001", "BUDI SAPUTRA"  # the demo family of docs/plugins.md
MOTHER, MOTHER_NAME = "3203014204850001", "RINA SAPUTRA"


@pytest.fixture
def client(make_app, tmp_path):
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    assert client.post("/masuk/ikd/sandbox", data={"nik": FATHER}).status_code == 302
    assert client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"}).status_code == 302
    return client


def walk_to_parents_page(client):
    assert post_page(client, "pemohon", {"hubungan": "ayah", "telepon_pemohon": "081234567890"}).location.endswith(
        page_url("anak")
    )
    answer = post_page(client, "anak", SANDBOX_CHILD)
    assert answer.location.endswith(page_url("orang_tua")), answer.get_data(as_text=True)[:3000]


def test_form_opens_filled_from_sandbox_ikd_and_looks_the_mother_up(client):
    html = client.get(page_url("pemohon")).get_data(as_text=True)
    assert FATHER_NAME in html and "dari IKD" in html and 'name="nama_pemohon"' not in html
    walk_to_parents_page(client)
    post_page(client, "orang_tua", {"nik_ibu": MOTHER, "pernyataan": "y"})
    html = client.get(page_url("orang_tua")).get_data(as_text=True)
    assert MOTHER_NAME in html and 'name="nama_ibu"' not in html


def test_with_the_ikd_server_stopped_the_citizen_goes_on_without_the_data(make_app, tmp_path, serve, monkeypatch):
    server = serve(sandbox_server.make_app())
    monkeypatch.setenv("MPP_IKD_MODE", "http")
    monkeypatch.setenv("MPP_IKD_URL", server.url)
    monkeypatch.setenv("MPP_IKD_RETRIES", "0")
    server.stop()
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    client.post("/masuk/ikd/sandbox", data={"nik": FATHER})  # sign-in is its own plugin, still in sandbox mode
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    html = client.get(page_url("pemohon")).get_data(as_text=True)
    # the applicant's own IKD data is never typed (it would be on their word): shown missing, not a dead end
    assert 'name="nama_pemohon"' not in html and FATHER_NAME not in html and "Tidak ada data di registri" in html
    answer = post_page(
        client,
        "pemohon",
        {"nik_pemohon": FATHER, "nama_pemohon": "Budi Saputra", "hubungan": "ayah", "telepon_pemohon": "081234567890"},
    )
    assert answer.status_code == 302 and answer.location.endswith(page_url("anak"))  # the citizen goes on
