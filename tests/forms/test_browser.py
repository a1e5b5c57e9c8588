"""The portal in a real browser (Debian chromium via Playwright): 320 px wide, live conditions.

Uses the session's browser (tests/conftest.py); marked e2e.
"""

from __future__ import annotations

import pytest
from browsers import LiveServer

from .portal_helpers import SERVICE

pytestmark = pytest.mark.e2e


@pytest.fixture
def page(make_app, browser):
    with LiveServer(make_app()) as server:
        context = browser.new_context(viewport={"width": 320, "height": 640})
        tab = context.new_page()
        tab.base = server.url
        yield tab
        context.close()


def no_horizontal_scroll(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_form_fits_320_px_and_reveals_a_condition_live(page):
    page.goto(f"{page.base}/layanan/{SERVICE}")
    assert no_horizontal_scroll(page)
    page.get_by_role("main").get_by_role("link", name="Masuk dengan IKD").click()
    page.get_by_role("button").first.click()  # a synthetic citizen on the sandbox IKD picker
    page.wait_for_url(f"**/layanan/{SERVICE}")
    page.get_by_label("Kabupaten/kota tempat Anda mengajukan").select_option("73.06")
    page.get_by_role("button", name="Mulai sekarang").click()
    page.wait_for_url("**/pemohon")
    assert no_horizontal_scroll(page)
    page.goto(f"{page.base}/layanan/{SERVICE}/anak")
    twins = page.locator("[data-when]")
    assert twins.is_hidden()
    page.get_by_label("Ya", exact=True).check()
    assert twins.is_visible()  # when.js, no round trip
    page.get_by_label("Nama Anak").fill("Sari")
    page.get_by_label("Perempuan").check()
    page.get_by_label("Tanggal Lahir").fill("2024-03-01")
    page.locator("#tempat_lahir").select_option("73")
    page.get_by_role("button", name="Tampilkan pilihan berikutnya").click()
    page.locator("select[name='tempat_lahir--regency']").select_option("73.06")
    page.locator("#saudara_kembar-0-nama").fill("Sinta")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Simpan dan lanjutkan").last.click()
    page.wait_for_url("**/orang_tua")
    page.goto(f"{page.base}/layanan/{SERVICE}/anak?lang=en")
    assert page.locator("#saudara_kembar-0-nama").input_value() == "Sinta"
    assert "Child" in page.title() and no_horizontal_scroll(page)


@pytest.mark.parametrize(
    "address",
    [
        "/layanan/nakes.sip-perawat/standar-pelayanan",  # the documents table was 418 px wide
        "/layanan/adminduk.kk/standar-pelayanan?wilayah=73.06",  # the approval chain's, 353 px
        "/layanan/adminduk.kk/standar-pelayanan?wilayah=73.06&lang=en",
    ],
)
def test_the_service_standard_fits_320_px_its_tables_scroll_in_their_own_region(make_app, browser, address):
    """WCAG 1.4.10: the page never scrolls sideways; a wide table scrolls in a region a keyboard can reach."""
    from framework.core.settings import PROJECT_ROOT
    from framework.definition import load_catalog

    with LiveServer(make_app(MPP_CATALOG=load_catalog(PROJECT_ROOT / "definitions"))) as server:
        context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
        try:
            tab = context.new_page()
            tab.goto(f"{server.url}{address}")
            assert no_horizontal_scroll(tab)
            tables = tab.locator("main table")
            assert tables.count() >= 2
            assert tab.locator("main [role=region][tabindex='0'] table").count() == tables.count()
        finally:
            context.close()
