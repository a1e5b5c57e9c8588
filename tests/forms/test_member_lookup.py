"""A family-card member's NIK is looked up per row, as the mother's NIK is on the birth certificate.

Reported: a member's name was never shown, and a NIK IKD does not know was
accepted silently. Now each row's NIK fills its ``nama_anggota`` (locked) from
IKD; an unknown one is accepted, said "Belum terverifikasi (dari IKD)" on the
page and on "Periksa jawaban", and the citizen may type the name.
"""

from __future__ import annotations

from framework.core.settings import definitions_dir
from framework.definition import load_catalog

from .portal_helpers import MOTHER, FakeIKD, form_values

UNKNOWN = "7306130604780009"  # a well-formed NIK no one has in the (fake) IKD


def _start(make_portal):
    client = make_portal(MPP_CATALOG=load_catalog(definitions_dir()))
    first = client.post("/layanan/adminduk.kk/mulai", data={"region": "32.03"}).location
    service = first.split("/")[2]
    return client, f"/layanan/{service}/permohonan"


def _post(client, page: str, data: dict):
    body = form_values(client.get(page).get_data(as_text=True))
    for name, value in data.items():
        body.setlist(name, [value])
    return client.post(page, data=body)


def _members(client, page: str, *niks: str):
    _post(client, page, {"alasan_kk": "PERUBAHAN"})
    rows = {"keterangan_perubahan": "Anak lahir", "anggota-rows": str(len(niks))}
    for index, nik in enumerate(niks):
        rows.update({f"anggota-{index}-nik_anggota": nik, f"anggota-{index}-hubungan": "ANAK"})
        rows[f"anggota-{index}-perubahan"] = "MASUK"
    return _post(client, page, rows)


def test_a_members_name_comes_from_ikd_and_shows_on_the_page_and_the_summary(make_portal):
    client, page = _start(make_portal)
    FakeIKD.calls.clear()
    found = _members(client, page, MOTHER)
    assert found.status_code == 302 and found.location.endswith("/permohonan"), "stays: the name appeared"
    html = client.get(page).get_data(as_text=True)
    assert "SITI AMINAH" in html and 'name="anggota-0-nama_anggota"' not in html  # locked: shown, not typed
    assert _post(client, page, {}).status_code == 302
    assert FakeIKD.calls.count(MOTHER) == 1, "an unchanged NIK is not asked again"
    summary = client.get(page.replace("/permohonan", "/periksa-jawaban")).get_data(as_text=True)
    assert "Nama anggota: SITI AMINAH (dari IKD)" in summary


def test_an_unknown_members_nik_is_said_unverified_and_the_name_may_be_typed(make_portal):
    client, page = _start(make_portal)
    _members(client, page, UNKNOWN)
    html = client.get(page).get_data(as_text=True)
    assert 'name="anggota-0-nama_anggota"' in html and "Belum terverifikasi" in html
    _post(client, page, {"anggota-0-nama_anggota": "Bayi Hidayat"})
    summary = client.get(page.replace("/permohonan", "/periksa-jawaban")).get_data(as_text=True)
    assert "Nama anggota: Bayi Hidayat (Belum terverifikasi (dari IKD))" in summary


def test_a_typed_name_never_replaces_the_one_ikd_gives(make_portal):
    client, page = _start(make_portal)
    _members(client, page, MOTHER)
    _post(client, page, {"anggota-0-nama_anggota": "SESEORANG LAIN"})  # forged: the page has no such input
    html = client.get(page).get_data(as_text=True)
    assert "SITI AMINAH" in html and "SESEORANG LAIN" not in html


def test_removing_a_row_keeps_the_names_with_their_nik_without_asking_again(make_portal):
    client, page = _start(make_portal)
    _members(client, page, UNKNOWN, MOTHER)
    FakeIKD.calls.clear()
    _post(client, page, {"_action": "hapus:anggota:0"})
    html = client.get(page).get_data(as_text=True)
    assert "SITI AMINAH" in html and 'name="anggota-1-nik_anggota"' not in html
    assert FakeIKD.calls == []
