"""The ministry's overview, a region's page and the public page in a real browser, in both languages.

Debian chromium through Playwright, JavaScript off (every control is a link
or a form), on the known data set filed five weeks before today.
"""

from __future__ import annotations

import pytest
from browsers import LiveServer
from performance_helpers import SOPPENG, build, recent_monday

from framework.services import performance_stats
from framework.services.accounts import add_user, hash_password
from framework.store.types import utcnow

pytestmark = pytest.mark.e2e
PASSWORD = "sapi-terbang-di-sawah-41"
DESK = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}


@pytest.fixture
def live(make_app, catalog, sessions, spec, tmp_path):
    with sessions() as session:
        build(session, spec, recent_monday(utcnow()))
        performance_stats.refresh(session)
        add_user(session, "kemen", "auditor_kementerian", None, password_hash=hash_password(PASSWORD))
    with LiveServer(make_app(MPP_CATALOG=catalog, MPP_DRAFTS=str(tmp_path / "drafts"))) as server:
        yield server


def follow(control) -> None:
    with control.page.expect_navigation():
        control.click()


def rows(page) -> list[str]:
    return page.locator("#tabel-daerah tbody tr").evaluate_all("rows => rows.map(r => r.dataset.region)")


def test_the_ministry_reads_the_overview_and_a_region_in_both_languages(browser, live):
    context = browser.new_context(java_script_enabled=False, viewport=DESK, locale="id-ID", base_url=live.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/masuk/petugas")
    page.get_by_label("Nama pengguna").fill("kemen")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    follow(page.get_by_role("button", name="Masuk"))
    assert page.url.endswith("/admin/kinerja/")
    assert page.get_by_role("heading", name="Kinerja daerah MPP Digital").is_visible()
    assert page.get_by_role("img", name="Permohonan 90 hari terakhir per daerah").is_visible()  # the SVG chart
    assert len(rows(page)) == 60
    follow(page.get_by_role("link", name="Median (hari kerja)"))  # numbers sort largest first
    assert rows(page)[:2] == [SOPPENG, "73.06"]
    page.get_by_label("Gelombang").select_option("2023-06")
    follow(page.get_by_role("button", name="Terapkan"))
    assert len(rows(page)) == 21
    follow(page.get_by_role("link", name="English"))
    assert page.get_by_role("heading", name="Regional performance of MPP Digital").is_visible()
    assert page.get_by_role("columnheader", name="Within SLA").is_visible()
    page.get_by_label("Wave").select_option("")
    follow(page.get_by_role("button", name="Apply"))
    follow(page.get_by_role("link", name="Kabupaten Soppeng"))
    assert page.get_by_role("heading", name="Weekly trend").is_visible()
    assert page.get_by_role("img", name="Applications filed and decided per week").is_visible()
    assert page.locator('#tabel-tahap tr[data-step="nakes.sip-uji/verifikasi"]').is_visible()
    follow(page.get_by_role("link", name="Bahasa Indonesia"))
    assert page.get_by_role("heading", name="Tren mingguan").is_visible()
    assert page.get_by_role("heading", name="Tahap: di mana permohonan menunggu paling lama").is_visible()
    follow(page.locator("#tabel-layanan").get_by_role("link", name="Izin Praktik Uji"))  # from a figure to its cases
    assert page.get_by_role("heading", name="Izin Praktik Uji").is_visible()
    assert page.locator("#tabel-permohonan tbody tr").count() == 7
    follow(page.locator('#tabel-permohonan tr[data-late="true"] th a').first)
    assert page.get_by_role("heading", name="Tahap yang dilalui").is_visible()
    assert page.get_by_role(
        "table", name="Lama di setiap tahap dibandingkan dengan SLA tahap itu (hari kerja)"
    ).is_visible()
    context.close()


def test_anyone_reads_a_region_public_figures_on_a_phone(browser, live):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="id-ID", base_url=live.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/layanan/")
    follow(page.get_by_role("contentinfo").get_by_role("link", name="Kinerja daerah"))
    follow(page.get_by_role("link", name="Kabupaten Soppeng"))
    assert page.get_by_role("heading", name="Kabupaten Soppeng").is_visible()
    assert page.get_by_text("Median waktu keputusan", exact=True).is_visible()
    assert page.get_by_role("img", name="Median waktu keputusan per layanan").is_visible()
    assert page.get_by_role("rowheader", name="Izin Praktik Uji").is_visible()
    follow(page.get_by_role("link", name="English"))
    assert page.get_by_text("Median decision time", exact=True).is_visible()
    assert page.get_by_role("columnheader", name="Within SLA").is_visible()
    context.close()
