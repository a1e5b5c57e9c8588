"""The citizen's and the officer's journeys of DESIGN.md ("Who uses it") in a real browser.

The app is built the way a user gets it: the bundled catalog under
`definitions/`, the installed plugins in their development default (sandbox
IKD), a fresh migrated database, served on 127.0.0.1. The citizen uses a cheap
phone: 320 x 640 px, JavaScript off, Bahasa Indonesia by default. Elements are
found the way a person finds them: by role, label and visible text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from framework.services.accounts import add_user, issue_token

from .conftest import PHONE

SERVICE = "adminduk.akta-kelahiran"
START = f"/layanan/{SERVICE}"
FATHER_NIK, FATHER = "3203011205820001", "BUDI SAPUTRA"  # docs/plugins.md: demo citizens
MOTHER_NIK, MOTHER = "3203014204850001", "RINA SAPUTRA"
REGION = "32.03"  # Kabupaten Cianjur: no regional variant, so the national form
CHILD = "ANISA SAPUTRA"
SAVE = "Simpan dan lanjutkan"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"
# The Disdukcapil approval chain of definitions/adminduk/_template.yaml, one officer per step.
OFFICERS = (("fo", "operator_dukcapil"), ("verifikator", "verifikator_dukcapil"), ("kadis", "kepala_dukcapil"))

AUDIT = """() => {
  const labelled = (el) => (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`))
    || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || el.closest("label");
  const controls = [...document.querySelectorAll("input, select, textarea")].filter((el) => el.type !== "hidden");
  return {
    controls: controls.length,
    unlabelled: controls.filter((el) => !labelled(el)).map((el) => el.name || el.outerHTML),
    h1: document.querySelectorAll("h1").length,
    scroll_width: document.documentElement.scrollWidth,
    viewport_width: window.innerWidth,
  };
}"""


# --- the journey, step by step ------------------------------------------------------------


def follow(control) -> None:
    """Click a link or a submit button and wait for the next page to load (no JavaScript: every step is a page load)."""
    with control.page.expect_navigation():
        control.click()


def sign_in_and_start(page, check: Callable = lambda page: None) -> None:
    """Open the service, sign in with the sandbox IKD picker as the father, choose Cianjur, start."""
    page.goto(START)
    check(page)
    follow(page.get_by_role("main").get_by_role("link", name="Masuk dengan IKD"))
    check(page)
    follow(page.get_by_role("button", name=FATHER))
    page.wait_for_url(f"**{START}")
    check(page)
    page.get_by_label("Kabupaten/kota tempat Anda mengajukan").select_option(REGION)
    follow(page.get_by_role("button", name="Mulai sekarang"))
    page.wait_for_url("**/pemohon")
    check(page)


def fill_applicant(page) -> None:
    page.get_by_label("Nomor HP").fill("0812-3456-7890")
    page.get_by_label("Ayah", exact=True).check()
    follow(page.get_by_role("button", name=SAVE))
    page.wait_for_url("**/anak")


def fill_child(page, anak_ke: str = "1") -> None:
    page.get_by_label("Nama anak").fill(CHILD)
    page.get_by_label("Perempuan").check()
    page.get_by_label("Tanggal lahir").fill((date.today() - timedelta(days=20)).isoformat())
    page.get_by_role("group", name="Tempat lahir").get_by_label("Provinsi").select_option("32")
    follow(page.get_by_role("button", name="Tampilkan pilihan berikutnya"))
    page.get_by_role("group", name="Tempat lahir").get_by_label("Kabupaten/kota").select_option(REGION)
    page.get_by_label("Puskesmas").check()
    page.get_by_label("Bidan/perawat").check()
    page.get_by_label("Anak ke-").fill(anak_ke)
    follow(page.get_by_role("button", name=SAVE))


def file_birth_certificate(page, pdf: Path, check: Callable = lambda page: None, shoot: bool = False) -> str:
    """The whole citizen journey of case 1; `check` runs on every page shown. Returns the tracking number."""
    sign_in_and_start(page, check)
    applicant = page.get_by_label("Nama lengkap", exact=True)
    assert applicant.inner_text() == f"{FATHER} dari IKD"  # prefilled, with its source
    assert page.get_by_role("textbox", name="Nama lengkap").count() == 0  # read-only
    fill_applicant(page)
    check(page)
    if shoot:
        screenshot(page)
    fill_child(page)
    page.wait_for_url("**/orang_tua")
    check(page)

    page.get_by_label("NIK ibu").fill(MOTHER_NIK)
    page.get_by_label("NIK ayah").fill(FATHER_NIK)
    page.get_by_label("Tercatat (buku nikah/akta perkawinan)").check()
    follow(page.get_by_role("button", name=SAVE))
    check(page)
    assert page.get_by_label("Nama ibu", exact=True).inner_text() == f"{MOTHER} dari IKD"  # looked up by her NIK
    follow(page.get_by_role("button", name=SAVE))
    page.wait_for_url("**/bukti_kelahiran")
    check(page)

    page.get_by_label("Surat keterangan kelahiran").check()
    follow(page.get_by_role("button", name=SAVE))
    page.wait_for_url("**/pernyataan")
    check(page)
    page.get_by_label("Saya menyatakan bahwa data dan dokumen").check()
    follow(page.get_by_role("button", name=SAVE))
    page.wait_for_url("**/unggah-dokumen")
    check(page)
    page.get_by_label("Surat keterangan kelahiran").set_input_files(pdf)
    page.get_by_label("Buku nikah atau kutipan akta perkawinan orang tua").set_input_files(pdf)
    follow(page.get_by_role("button", name=SAVE))
    page.wait_for_url("**/periksa-jawaban")
    check(page)

    assert page.get_by_role("heading", level=1).inner_text() == "Periksa jawaban Anda"
    assert (
        page.locator(".summary-row", has_text="Nama ibu").get_by_role("definition").first.inner_text()
        == f"{MOTHER} dari IKD"
    )
    assert page.locator(".summary-row", has_text="Surat keterangan kelahiran").get_by_text(pdf.name).is_visible()
    follow(page.get_by_role("link", name="Ubah Nama anak"))  # the change link goes back to the page...
    page.wait_for_url("**/anak?kembali=periksa-jawaban*")
    check(page)
    assert page.get_by_label("Nama anak").input_value() == CHILD
    page.get_by_label("Nama anak").fill(f"{CHILD} PUTRI")
    follow(page.get_by_role("button", name=SAVE))
    page.wait_for_url("**/periksa-jawaban")  # ...and straight back to the summary
    check(page)
    assert page.locator(".summary-row", has_text="Nama anak").get_by_text(f"{CHILD} PUTRI").is_visible()

    follow(page.get_by_role("button", name="Kirim permohonan"))
    check(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Permohonan terkirim"
    return page.locator(".tracking-number").inner_text().strip()


def screenshot(page) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "e2e-form-320px.png"), full_page=True)


# --- the tests -----------------------------------------------------------------------------


def test_a_father_files_a_birth_certificate_and_tracks_it(citizen, pdf):
    number = file_birth_certificate(citizen, pdf, shoot=True)
    assert len(number) == 10 and number[4] == "-"
    citizen.goto(f"/lacak/{number}")
    assert citizen.get_by_role("heading", name=number).is_visible()
    state = citizen.locator("dd[data-state]")
    assert state.get_attribute("data-state") == "pemeriksaan_berkas"
    assert state.inner_text() == "Diproses: Pemeriksaan Berkas oleh Front Office"


def test_a_required_field_left_empty_is_pointed_at_and_nothing_typed_is_lost(citizen):
    sign_in_and_start(citizen)
    fill_applicant(citizen)
    fill_child(citizen, anak_ke="")
    citizen.wait_for_url("**/anak")
    summary = citizen.get_by_role("alert")
    assert summary.get_by_role("heading").inner_text() == "Ada yang perlu diperbaiki"
    link = summary.get_by_role("link")
    assert link.count() == 1 and link.get_attribute("href") == "#anak_ke"
    field = citizen.get_by_label("Anak ke-")
    assert field.get_attribute("aria-invalid") == "true"
    described = {citizen.locator(f"#{name}").inner_text() for name in field.get_attribute("aria-describedby").split()}
    assert link.inner_text().startswith("Anak ke-: ")  # the summary names the field
    message = link.inner_text().removeprefix("Anak ke-: ")
    assert any(message in text for text in described)  # and the same message stands beside the field
    assert citizen.get_by_label("Nama anak").input_value() == CHILD  # typed data elsewhere kept
    assert citizen.get_by_label("Perempuan").is_checked()
    assert citizen.get_by_role("group", name="Tempat lahir").get_by_label("Kabupaten/kota").input_value() == REGION
    link.click()
    assert citizen.url.endswith("#anak_ke")
    field.fill("2")
    follow(citizen.get_by_role("button", name=SAVE))
    citizen.wait_for_url("**/orang_tua")


def test_english_from_the_visible_language_link(citizen):
    sign_in_and_start(citizen)
    fill_applicant(citizen)
    follow(citizen.get_by_role("navigation", name="Bahasa").get_by_role("link", name="English"))
    assert citizen.get_by_role("heading", level=1).inner_text() == "Child"  # definition text `en`
    assert citizen.get_by_label("Child's name").is_visible()
    assert citizen.get_by_role("group", name="Place of birth").is_visible()
    assert citizen.get_by_label("Birth order in the family").is_visible()
    assert citizen.get_by_role("button", name="Save and continue").is_visible()  # interface strings
    assert citizen.get_by_role("button", name="Show the next choices").is_visible()
    assert "Step 2 of" in citizen.get_by_role("navigation", name="Form steps").inner_text()
    citizen.goto(f"{START}/pemohon")  # the choice stays in the session
    assert citizen.get_by_label("Full name", exact=True).inner_text() == f"{FATHER} from IKD"


def test_officers_approve_through_the_api_and_the_citizen_sees_the_timeline(citizen, browser, live, sessions, pdf):
    number = file_birth_certificate(citizen, pdf)
    with sessions() as session:
        tokens = {}
        for username, role in OFFICERS:
            add_user(session, username, role, REGION)
            tokens[username] = issue_token(session, user=username)
    with httpx.Client(base_url=f"{live.url}/api/v1", timeout=10) as api:
        for username, _role in OFFICERS:
            headers = {"Authorization": f"Bearer {tokens[username]}"}
            seen = api.get(f"/applications/{number}", headers=headers)
            assert seen.status_code == 200 and "approve" in seen.json()["actions"], seen.text
            done = api.post(
                f"/applications/{number}/transitions", json={"action": "approve", "comment": "Lengkap"}, headers=headers
            )
            assert done.status_code == 200, done.text
        assert done.json()["state"] == "approved"

    citizen.goto(f"/lacak/{number}")
    assert citizen.locator("dd[data-state]").inner_text() == "Disetujui"
    timeline = citizen.get_by_role("region", name="Riwayat (hanya terlihat oleh Anda)").get_by_role("listitem")
    assert timeline.count() == 4
    assert "Disetujui" in timeline.last.inner_text()

    stranger = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="id-ID", base_url=live.url)
    try:
        public = stranger.new_page()
        public.goto(f"/lacak/{number}")
        text = public.get_by_role("main").inner_text()
        assert public.locator("dd[data-state]").inner_text() == "Disetujui"
        assert "Diajukan" in text and "Diputuskan" in text  # dates
        assert public.get_by_role("region", name="Riwayat (hanya terlihat oleh Anda)").count() == 0
        for private in (FATHER, MOTHER, CHILD, FATHER_NIK, "Lengkap"):
            assert private not in text
    finally:
        stranger.close()


def test_every_page_of_the_journey_is_labelled_fits_320_px_and_has_one_h1(citizen, pdf):
    problems: list[str] = []
    controls: dict[str, int] = {}

    def audit(page) -> None:
        found = page.evaluate(AUDIT)
        where = urlsplit(page.url).path
        controls[where] = max(controls.get(where, 0), found["controls"])
        if found["unlabelled"]:
            problems.append(f"{where}: no label for {found['unlabelled']}")
        if found["h1"] != 1:
            problems.append(f"{where}: {found['h1']} h1")
        if found["scroll_width"] > found["viewport_width"]:
            problems.append(f"{where}: {found['scroll_width']} px wide in a {found['viewport_width']} px screen")

    file_birth_certificate(citizen, pdf, check=audit)
    assert problems == []
    pages = {path.rsplit("/", 1)[-1] for path in controls}
    assert {
        "ikd",
        "pemohon",
        "anak",
        "orang_tua",
        "bukti_kelahiran",
        "pernyataan",
        "unggah-dokumen",
        "periksa-jawaban",
    } <= pages
    assert controls[f"{START}/anak"] >= 10 and controls[f"{START}/unggah-dokumen"] == 2  # the audit saw the fields


def test_the_sign_in_page_lists_each_citizen_once_and_its_own_header_link_does_not_loop(citizen):
    citizen.goto("/masuk/ikd")
    niks = [field.get_attribute("value") for field in citizen.locator("input[name=nik]").all()]
    assert len(niks) > 10 and len(niks) == len(set(niks))
    follow(citizen.get_by_role("banner").get_by_role("link", name="Masuk dengan IKD"))
    follow(citizen.get_by_role("button", name=FATHER))
    assert urlsplit(citizen.url).path == "/layanan/"  # signed in, on the service list, not the picker again
    assert citizen.get_by_role("banner").get_by_role("button", name="Keluar").is_visible()


def test_the_language_link_works_on_the_sign_in_page_too(citizen):
    citizen.goto("/masuk/ikd")
    follow(citizen.get_by_role("navigation", name="Bahasa").get_by_role("link", name="English"))
    assert citizen.locator("html").get_attribute("lang") == "en"
    assert citizen.get_by_role("banner").get_by_role("link", name="Track an application").is_visible()
