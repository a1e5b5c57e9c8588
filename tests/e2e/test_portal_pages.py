"""The citizen's own pages and the catalog in a real browser: a cheap phone, JavaScript off (issue 14).

My applications with something in every group (a draft to resume and one to
delete, one to fix with a link straight to the field, one in progress with
its working days left, one rejected with the reason, one issued with its
PDF), and the catalog searched by words, narrowed by sector and by the
citizen's kabupaten/kota (from IKD, or chosen), a region's variant inside
its national service's entry.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from framework.worker import loop as worker

from .test_accessibility import FAMILY_CARD, budi_applications  # noqa: F401  the fixture, shared
from .test_journeys import FATHER, REGION, follow

GOWA_CITIZEN = "YUSUF SAPUTRA"  # lives in Kabupaten Gowa (the picker's first Gowa citizen)


def sign_in(page, name: str = FATHER) -> None:
    page.goto("/masuk/ikd")
    follow(page.get_by_role("button", name=name))


def card(page, number: str):
    return page.locator(f'li[data-tracking-number="{number}"]')


def test_my_applications_in_every_state(citizen, budi_applications, sessions):  # noqa: F811
    for _ in range(3):  # the worker issues the approved one's product (what `mpp worker` does)
        worker.run_once(sessions, worker.WorkerConfig(worker_id="e2e", base_delay=0))
    sign_in(citizen)
    for service in ("adminduk.akta-kelahiran", "adminduk.ktp-el"):  # two drafts
        citizen.goto(f"/layanan/{service}")
        citizen.get_by_label("Kabupaten/kota tempat Anda mengajukan").select_option(REGION)
        follow(citizen.get_by_role("button", name="Mulai sekarang"))
    follow(citizen.get_by_role("banner").get_by_role("link", name="Permohonan saya"))
    assert citizen.get_by_role("heading", level=1).inner_text() == "Permohonan saya"
    headings = citizen.get_by_role("heading", level=2).all_inner_texts()
    assert [text.split(" (")[0] for text in headings] == [
        "Perlu diperbaiki",
        "Draf",
        "Sedang diproses",
        "Sudah diputuskan",
    ]

    returned = card(citizen, budi_applications["returned"])
    assert "Periksa lagi" in returned.inner_text() and "Belum sesuai" in returned.inner_text()
    follow(returned.get_by_role("listitem").first.get_by_role("link"))  # straight to the field on the correction page
    assert urlsplit(citizen.url).path == f"/lacak/{budi_applications['returned']}/perbaiki"
    fragment = urlsplit(citizen.url).fragment
    assert fragment and citizen.locator(f"#{fragment}").count() == 1
    citizen.go_back()

    waiting = card(citizen, budi_applications["waiting"]).inner_text()
    assert "Pemeriksaan Berkas" in waiting and ("hari kerja lagi" in waiting or "kurang dari 1 hari kerja" in waiting)
    rejected = card(citizen, budi_applications["rejected"]).inner_text()
    assert "Ditolak" in rejected and "Persyaratan tidak terpenuhi" in rejected
    issued = card(citizen, budi_applications["approved"])
    assert "Selesai, produk terbit" in issued.inner_text()
    with citizen.expect_download() as download:
        issued.get_by_role("link", name="Unduh dokumen (PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    drafts = citizen.locator("li[data-draft]")
    assert drafts.count() == 2
    follow(drafts.filter(has_text="KTP Elektronik").get_by_role("link", name="Hapus draf"))
    assert citizen.get_by_role("heading", level=1).inner_text() == "Hapus draf?"  # asked first, nothing gone yet
    follow(citizen.get_by_role("button", name="Ya, hapus draf ini"))
    assert citizen.get_by_role("status").inner_text() == "Draf dihapus."
    assert citizen.locator("li[data-draft]").count() == 1
    follow(citizen.locator("li[data-draft]").get_by_role("link", name="Lanjutkan"))
    assert "/layanan/adminduk.akta-kelahiran/" in citizen.url


def test_the_catalog_searched_by_words_and_narrowed_by_sector(citizen):
    citizen.goto("/layanan/")
    assert citizen.get_by_role("status").inner_text() == "39 layanan"
    citizen.get_by_label("Cari layanan").fill("akta kelahiran")
    follow(citizen.get_by_role("button", name="Cari"))
    assert citizen.locator(".service-list > li > a").first.inner_text() == "Penerbitan Akta Kelahiran"
    assert "cocok dengan" in citizen.get_by_role("status").inner_text()

    citizen.get_by_label("Cari layanan").fill("")
    follow(citizen.get_by_role("button", name="Cari"))
    sectors = citizen.get_by_role("navigation", name="Sektor")
    follow(sectors.get_by_role("link", name="Izin praktik tenaga kesehatan (31)"))
    titles = citizen.locator(".service-list > li > a").all_inner_texts()
    assert len(titles) == 31 and all("Izin Praktik" in title or "SIP" in title for title in titles), titles
    assert (
        sectors.get_by_role("link", name="Izin praktik tenaga kesehatan (31)").get_attribute("aria-current") == "page"
    )
    citizen.get_by_label("Cari layanan").fill("bidan")  # the sector is kept while searching
    follow(citizen.get_by_role("button", name="Cari"))
    assert citizen.locator(".service-list > li").count() == 1

    follow(citizen.get_by_role("link", name="Pilih kabupaten/kota Anda"))
    citizen.get_by_label("Kabupaten/kota").select_option("73.12")
    follow(citizen.get_by_role("button", name="Tampilkan layanan"))
    entry = citizen.locator(".service-list > li").first
    assert "Versi Kabupaten Soppeng" in entry.inner_text()  # Soppeng's midwife licence, inside the national entry


def test_the_catalog_starts_from_the_citizens_kabupaten_from_ikd(citizen):
    sign_in(citizen, GOWA_CITIZEN)
    citizen.goto("/layanan/")
    assert "Kabupaten Gowa (dari IKD)" in citizen.locator(".region-line").inner_text()
    family_card = citizen.locator(".service-list > li", has=citizen.locator(f'a[href*="{FAMILY_CARD}?"]'))
    assert family_card.count() == 1 and "Versi Kabupaten Gowa" in family_card.inner_text()
    follow(family_card.get_by_role("link"))
    assert citizen.get_by_label("Kabupaten/kota tempat Anda mengajukan").input_value() == "73.06"
    follow(citizen.get_by_role("button", name="Mulai sekarang"))
    assert "/layanan/adminduk.kk.gowa/" in citizen.url  # Gowa's own family card
    citizen.goto("/layanan/?wilayah=semua")
    assert "semua" in citizen.locator(".region-line").inner_text()
    assert citizen.get_by_role("status").inner_text() == "39 layanan"
