"""The officers' journeys of issue 9 in a real browser (Debian chromium, JavaScript off).

A citizen files a birth certificate in the portal; the front office finds it in
the queue and returns it with two field-level reasons; the citizen fixes just
those in the portal; the chain approves it step by step in the admin; the
worker issues the PDF and the citizen downloads it. And a front-office officer
files a family card at the counter for a walk-in citizen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browsers import LiveServer

from framework.services.accounts import add_user, hash_password
from framework.worker import loop as worker

from .conftest import officer_desks
from .test_journeys import (
    OFFICERS,
    REGION,
    file_birth_certificate,
    follow,
)

PASSWORD = "sapi-terbang-di-sawah-41"
RINA = "3203014204850001"  # lives in desa Mekarsari (32.03.01.2004), like her husband Budi


@pytest.fixture
def officers(sessions):
    hashed = hash_password(PASSWORD)
    with sessions() as session:
        for username, role in OFFICERS:
            add_user(session, username, role, REGION, password_hash=hashed)
        add_user(session, "loket.mekarsari", "operator_dukcapil", "32.03.01.2004", password_hash=hashed)


@pytest.fixture
def desk(browser, live: LiveServer):
    """An officer's computer, JavaScript off; a fresh context (cookie jar) per sign-in."""
    with officer_desks(browser, live.url, PASSWORD) as open_as:
        yield open_as


def open_from_queue(page, number: str) -> None:
    """Find the application by its number in the queue's search and open it."""
    page.get_by_label("Cari nomor pelacakan atau NIK").fill(number)
    follow(page.get_by_role("button", name="Terapkan"))
    follow(page.get_by_role("link", name=number))
    assert page.get_by_role("heading", level=1).inner_text() == number


def test_return_fix_approve_and_download(citizen, desk, officers, sessions, pdf, tmp_path):
    number = file_birth_certificate(citizen, pdf)

    front = desk("fo")
    assert front.url.endswith("/admin/antrian/")  # officers land on their queue
    assert front.locator(f'tr[data-tracking-number="{number}"]').is_visible()
    open_from_queue(front, number)
    assert "BUDI SAPUTRA" in front.get_by_role("main").inner_text()
    front.get_by_role("checkbox", name="Nama anak", exact=True).check()
    front.get_by_label("Alasan untuk Nama anak").fill("Ejaan nama tidak sesuai surat keterangan lahir")
    front.get_by_role("checkbox", name="Surat keterangan kelahiran", exact=True).check()
    front.get_by_label("Alasan untuk Surat keterangan kelahiran").fill("Berkas buram, unggah ulang")
    follow(front.get_by_role("button", name="Kembalikan"))
    assert front.get_by_role("status").inner_text().startswith(f"Permohonan {number}: dikembalikan")

    citizen.goto(f"/lacak/{number}")
    notice = citizen.get_by_role("main").inner_text()
    assert "Ejaan nama tidak sesuai surat keterangan lahir" in notice and "Berkas buram, unggah ulang" in notice
    follow(citizen.get_by_role("link", name="Perbaiki permohonan"))
    assert citizen.get_by_label("Nama anak").is_visible() and citizen.get_by_label("Anak ke-").count() == 0
    citizen.get_by_label("Nama anak").fill("ANISA SAPUTRI")
    fresh = tmp_path / "surat-keterangan-lahir-jelas.pdf"
    fresh.write_bytes(pdf.read_bytes().replace(b"%%EOF", b"% jelas\n%%EOF"))
    citizen.get_by_label("Surat keterangan kelahiran").set_input_files(fresh)
    follow(citizen.get_by_role("button", name="Kirim perbaikan"))
    assert citizen.locator("dd[data-state]").get_attribute("data-state") == "pemeriksaan_berkas"

    for username, _role in OFFICERS:
        page = front if username == "fo" else desk(username)
        page.goto("/admin/antrian/")
        open_from_queue(page, number)
        if username == "fo":
            changes = page.get_by_role("region", name="Yang diubah saat diajukan ulang", exact=False).inner_text()
            assert "ANISA SAPUTRI" in changes and "surat-keterangan-lahir-jelas.pdf" in changes
        follow(page.get_by_role("button", name="Setujui"))
        assert "disetujui" in page.get_by_role("status").inner_text()

    for _ in range(3):  # the worker issues the product (what `mpp worker` does)
        worker.run_once(sessions, worker.WorkerConfig(worker_id="e2e", base_delay=0))
    citizen.goto(f"/lacak/{number}")
    assert citizen.locator("dd[data-state]").get_attribute("data-state") == "issued"
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name="Unduh dokumen (PDF)").click()
    saved = Path(download.value.path())
    assert saved.read_bytes().startswith(b"%PDF")


def test_a_front_office_files_a_family_card_at_the_counter(desk, officers, sessions, tmp_path, citizen):
    counter = desk("loket.mekarsari")
    follow(counter.get_by_role("navigation", name="Menu petugas").get_by_role("link", name="Loket"))
    counter.get_by_label("Layanan").select_option("adminduk.kk")
    counter.get_by_label("NIK warga (dari KTP-el)").fill(RINA)
    follow(counter.get_by_role("button", name="Mulai"))
    assert counter.get_by_label("Nama lengkap", exact=True).inner_text().startswith("RINA SAPUTRA")  # from IKD
    counter.get_by_label("Nomor HP").fill("0812-3456-7890")
    follow(counter.get_by_role("button", name="Simpan dan lanjutkan"))
    counter.get_by_label("KK hilang").check()
    follow(counter.get_by_role("button", name="Simpan dan lanjutkan"))
    counter.get_by_label("Saya menyatakan bahwa data dan dokumen").check()
    follow(counter.get_by_role("button", name="Simpan dan lanjutkan"))
    report = tmp_path / "laporan-kehilangan.pdf"
    report.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    counter.get_by_label("Surat keterangan kehilangan dari kepolisian").set_input_files(report)
    follow(counter.get_by_role("button", name="Simpan dan lanjutkan"))
    assert "RINA SAPUTRA" in counter.get_by_role("main").inner_text()
    follow(counter.get_by_role("button", name="Kirim permohonan atas nama warga"))
    assert counter.get_by_role("alert").is_visible()  # no consent recorded: refused, located
    counter.get_by_label("Warga telah memeriksa data di atas").check()
    follow(counter.get_by_role("button", name="Kirim permohonan atas nama warga"))
    number = counter.locator(".tracking-number").inner_text().strip()
    follow(counter.get_by_role("navigation", name="Menu petugas").get_by_role("link", name="Antrian"))
    assert counter.locator(f'tr[data-tracking-number="{number}"]').get_by_text("loket").is_visible()

    citizen.goto("/masuk/ikd")
    follow(citizen.get_by_role("button", name="RINA SAPUTRA"))
    citizen.goto(f"/lacak/{number}")
    assert "Diajukan di loket oleh petugas loket.mekarsari" in citizen.get_by_role("main").inner_text()
