"""Counter filing: a front-office officer files a family card for a walk-in citizen, in the citizen's name."""

from __future__ import annotations

import re

import pytest
from adminhelpers import BUDI_VILLAGE, REGION_A, sign_in
from sqlalchemy import select

from framework.forms.examples import example_file
from framework.store.models import Application, AuditEvent

RINA = "3203014204850001"  # Budi's wife: same desa (sandbox IKD)
ANSWERS = {
    "pemohon": {"_field": ["telepon_pemohon"], "telepon_pemohon": "0812-3456-7890"},
    "permohonan": {"_field": ["alasan_kk"], "alasan_kk": "HILANG"},
    "pernyataan": {"_field": ["pernyataan_benar"], "pernyataan_benar": "y"},
}


@pytest.fixture
def desk(admin_app, officer):
    officer("loket.desa", "operator_dukcapil", BUDI_VILLAGE)  # a desa front office
    client = admin_app.test_client()
    sign_in(client, "loket.desa")
    return client


def test_a_front_office_files_a_family_card_for_a_walk_in_citizen(desk, admin_app, sessions, tmp_path):
    start = desk.get("/admin/loket/").get_data(as_text=True)
    assert 'value="adminduk.kk"' in start and "nakes" not in start  # the services whose front office is theirs
    refused = desk.post("/admin/loket/", data={"layanan": "adminduk.kk", "nik": "3203019913851234"})
    assert refused.status_code == 422 and "NIK harus 16 angka yang sah" in refused.get_data(as_text=True)
    assert 'value="3203019913851234"' in refused.get_data(as_text=True)  # what was typed stays
    step = desk.post("/admin/loket/", data={"layanan": "adminduk.kk", "nik": f" {RINA} "})
    address = step.location
    assert address.endswith("/admin/loket/adminduk.kk/halaman/pemohon")
    first = desk.get(address).get_data(as_text=True)
    assert "RINA SAPUTRA" in first and "dari IKD" in first  # prefilled exactly as for the citizen
    for page_id, answers in ANSWERS.items():
        assert address.endswith(f"/halaman/{page_id}"), address
        moved = desk.post(address, data=answers)
        assert moved.status_code == 302, moved.get_data(as_text=True)
        address = moved.location
    assert address.endswith("/admin/loket/adminduk.kk/dokumen")
    name, data = example_file(["pdf"])
    path = tmp_path / name
    path.write_bytes(data)
    with path.open("rb") as handle:
        uploaded = desk.post(address, data={"surat_kehilangan": (handle, name)}, content_type="multipart/form-data")
    assert uploaded.location.endswith("/admin/loket/adminduk.kk/periksa")
    summary = desk.get(uploaded.location).get_data(as_text=True)
    assert "RINA SAPUTRA" in summary and "KK hilang" in summary and name in summary
    no_consent = desk.post(uploaded.location, data={})
    assert no_consent.status_code == 422 and "menyetujui pengajuan atas namanya" in no_consent.get_data(as_text=True)
    sent = desk.post(uploaded.location, data={"persetujuan": "1"})
    assert sent.status_code == 302 and "/admin/loket/terkirim/" in sent.location
    number = sent.location.rsplit("/", 1)[1]
    assert number in desk.get(sent.location).get_data(as_text=True)

    with sessions() as session:
        filed = session.scalar(select(Application).where(Application.tracking_number == number))
        assert (filed.applicant_nik, filed.filed_by, filed.region, filed.area) == (
            RINA,
            "loket.desa",
            REGION_A,
            BUDI_VILLAGE,
        )
        assert filed.prefill["nama_pemohon"]["verified"] is True
        first_entry = filed.history[0]
        assert (first_entry.action, first_entry.actor, first_entry.fields) == (
            "submit",
            "loket.desa",
            {"counter": True},
        )
        lookup = session.scalar(select(AuditEvent).where(AuditEvent.action == "counter.prefill"))
        assert lookup.actor == "loket.desa" and lookup.details["nik"] == "3203********0001"

    citizen = admin_app.test_client()
    sign_in(citizen, citizen=RINA)
    tracking = citizen.get(f"/lacak/{number}").get_data(as_text=True)
    assert "Diajukan di loket oleh petugas loket.desa" in tracking
    queue = desk.get("/admin/antrian/").get_data(as_text=True)
    assert f'data-tracking-number="{number}"' in queue and "loket</span>" in queue


def test_only_front_office_roles_file_at_the_counter(admin_app, officer):
    officer("ver", "verifikator_dukcapil", REGION_A)
    client = admin_app.test_client()
    sign_in(client, "ver")
    assert client.get("/admin/loket/").status_code == 403
    assert client.get("/admin/loket/adminduk.kk/periksa").status_code == 403


def test_a_draft_begun_at_the_counter_is_marked_on_the_citizens_start_page(desk, admin_app):
    """Else "Mulai dari awal" reads as harmless while it throws away what the officer typed."""
    step = desk.post("/admin/loket/", data={"layanan": "adminduk.kk", "nik": RINA})
    assert desk.post(step.location, data=ANSWERS["pemohon"]).status_code == 302
    citizen = admin_app.test_client()
    sign_in(citizen, citizen=RINA)
    start = citizen.get("/layanan/adminduk.kk").get_data(as_text=True)
    assert "Lanjutkan permohonan" in start
    assert "dimulai untuk Anda oleh petugas di loket MPP" in start and "loket.desa" not in start
    english = citizen.get("/layanan/adminduk.kk?lang=en").get_data(as_text=True)
    assert "started for you by an officer at an MPP counter" in english


def test_a_citizens_own_draft_has_no_counter_mark(admin_app):
    citizen = admin_app.test_client()
    sign_in(citizen, citizen=RINA)
    started = citizen.post("/layanan/adminduk.kk/mulai", data={"region": REGION_A})
    assert started.status_code == 302
    start = citizen.get("/layanan/adminduk.kk").get_data(as_text=True)
    assert "Lanjutkan permohonan" in start and "petugas di loket" not in start


def test_a_nul_on_a_counter_page_keeps_what_the_officer_typed_and_says_where(desk, admin_app):
    """The site's guard answered a bare error page for a NUL, and the page's answers were gone with it."""
    step = desk.post("/admin/loket/", data={"layanan": "adminduk.kk", "nik": RINA})
    address = step.location.replace("/halaman/pemohon", "/halaman/permohonan")
    typed = {
        "_field": ["alasan_kk", "keterangan_perubahan"],
        "alasan_kk": "PERUBAHAN",
        "keterangan_perubahan": "Menikah pada\x00 1 Mei 2026",
    }
    answer = desk.post(address, data=typed)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "\x00" not in html
    assert re.search(r'<input checked [^>]*value="PERUBAHAN"', html)  # the other answer typed on the page
    assert "Menikah pada\ufffd 1 Mei 2026</textarea>" in html
    beside = r'id="keterangan_perubahan-error"><span[^>]*>[^<]*</span>\s*Isian berisi karakter yang tidak sah'
    assert re.search(beside, html) and re.search(r'href="#keterangan_perubahan"[^>]*>[^<]*Isian berisi', html)
    again = desk.get(address).get_data(as_text=True)  # nothing of the post was saved
    assert "\ufffd" not in again and "Menikah pada" not in again


def test_a_document_no_longer_asked_after_a_changed_answer_is_not_filed_at_the_counter(desk, sessions, tmp_path):
    """The police report of a loss, uploaded before the reason became a damaged card: not the officers' business."""
    address = desk.post("/admin/loket/", data={"layanan": "adminduk.kk", "nik": RINA}).location
    for answers in ANSWERS.values():
        address = desk.post(address, data=answers).location
    name, data = example_file(["pdf"])
    (tmp_path / name).write_bytes(data)
    with (tmp_path / name).open("rb") as handle:
        desk.post(address, data={"surat_kehilangan": (handle, name)}, content_type="multipart/form-data")
    changed = desk.post(
        "/admin/loket/adminduk.kk/halaman/permohonan", data={"_field": ["alasan_kk"], "alasan_kk": "RUSAK"}
    )
    assert changed.status_code == 302, changed.get_data(as_text=True)
    sent = desk.post("/admin/loket/adminduk.kk/periksa", data={"persetujuan": "1"})
    assert sent.status_code == 302, sent.get_data(as_text=True)
    with sessions() as session:
        filed = session.scalar(
            select(Application).where(Application.tracking_number == sent.location.rsplit("/", 1)[1])
        )
        assert filed.answers["alasan_kk"] == "RUSAK" and filed.documents == {}
