"""axe-core on every portal page, in Bahasa Indonesia and in English: no serious or critical violation.

axe-core comes from the npm registry, pinned by tests/a11y/package-lock.json
and installed by scripts/install-test-assets (`make install-test` runs it). It
is injected with Playwright into each page as served (its CSP does not apply
to Playwright's evaluation) and run with every rule on (target-size, WCAG
2.2's 24 px, is off by default and switched on here); a violation of impact
`serious` or `critical` fails the test with the page, the rule and the
elements. axe is JavaScript, so these pages are checked in a browser with
JavaScript on (the site's only script reveals conditional questions); the
journeys without JavaScript are tests/e2e/test_journeys.py.

Pages: the catalog (plain, searched, by sector, the region choice), a
service's start page signed out and in, each form page of two services (the
birth certificate, the family card), a page in its error state, check
answers, submitted, tracking (the search with a mistyped number, public,
applicant), the correction page, my applications with an application in
every group, inbox, profile and complaints (each form also in its error
state), the sign-in pages, the error pages. Then the officers' workspace as
three roles see it (queue, counter with its form page, password, officers,
audit, outbox, proposals, catalog, reviews, performance; refused forms too).
Every page is also measured at 320 CSS px (a phone, or an officer's screen
at 400% zoom): nothing but a table's own scrolling box may stick out.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest

from framework.forms.examples import client_answers, example_documents
from framework.services.accounts import add_user, issue_token

from .conftest import PHONE
from .test_journeys import FATHER_NIK, OFFICERS, REGION, file_birth_certificate, follow

AXE = Path(__file__).resolve().parents[1] / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
RUN_AXE = """async () => {
  const found = await axe.run(document, {resultTypes: ["violations"], rules: {"target-size": {enabled: true}}});
  return found.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
}"""
FAMILY_CARD = "adminduk.kk"
# WCAG 1.4.10: at 320 CSS px nothing but a table's own scrolling box may be wider than the window; the
# elements sticking out are named (at most five)
WIDER_THAN_WINDOW = """() => {
  const width = document.documentElement.clientWidth;
  const inside = (el) => el.closest(".table-wrap, .table-scroll, .yaml-source, .visually-hidden, .skip-link");
  return [...document.querySelectorAll("body *")]
    .filter((el) => !inside(el) && el.getBoundingClientRect().right > width + 1)
    .slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + el.className);
}"""
OFFICER_PASSWORD = "sapi-terbang-di-sawah-41"
OFFICER_SCREEN = PHONE  # 1280 px at 400% zoom: WCAG 1.4.10 asks for 320 CSS px


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(
            f"axe-core is not installed ({AXE}): run `bash scripts/install-test-assets` (make install-test does)"
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def scripted(browser, live):
    """A cheap phone with JavaScript on (axe needs it), Indonesian first."""
    context = browser.new_context(viewport=PHONE, locale="id-ID", base_url=live.url)
    context.set_default_timeout(15_000)
    yield context
    context.close()


class Checker:
    """Runs axe on a page in both languages and collects what blocks."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []
        self.seen: list[str] = []

    def __call__(self, page) -> None:
        """The page as it is, then the same address in English, then back to Indonesian."""
        here = page.url
        self.audit(page, "id")
        page.goto(with_language(here, "en"))
        self.audit(page, "en")
        page.goto(with_language(here, "id"))

    def audit(self, page, language: str) -> None:
        assert page.locator("html").get_attribute("lang") == language, page.url
        page.evaluate(self.source)
        where = f"{urlsplit(page.url).path} [{language}]"
        self.seen.append(where)
        for violation in page.evaluate(RUN_AXE):
            if violation["impact"] in BLOCKING:
                self.problems.append(f"{where}: {violation['id']} ({violation['impact']}) {violation['nodes']}")
        wider = page.evaluate(WIDER_THAN_WINDOW)
        if wider:
            self.problems.append(f"{where}: wider than the window (WCAG 1.4.10) {wider}")


def with_language(url: str, language: str) -> str:
    parts = urlsplit(url)
    query = [(name, value) for name, value in parse_qsl(parts.query) if name != "lang"] + [("lang", language)]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def submit_empty(page) -> None:
    """Send the page's form as it is: the page comes back in its error state."""
    follow(page.locator("main form .actions button[type=submit]").last)


# --- applications in every state, filed and moved through the API -------------------------


def api_file(api: httpx.Client, token: str, spec, region: str) -> str:
    answers = client_answers(spec, region)
    files = example_documents(spec, answers)  # only those the answers ask for: a filing refuses any other
    answer = api.post(
        f"/services/{spec.id}/applications",
        data={"payload": json.dumps({"region": region, "answers": answers})},
        files=files,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["tracking_number"]


def api_act(api: httpx.Client, token: str, number: str, **body) -> None:
    answer = api.post(f"/applications/{number}/transitions", json=body, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text


@pytest.fixture
def budi_applications(live, sessions, bundled_catalog) -> dict[str, str]:
    """Budi's family-card applications: one waiting, one returned with a reason per field, one rejected, one
    approved.
    """
    with sessions() as session:
        for username, role in OFFICERS:
            add_user(session, username, role, REGION)
        tokens = {name: issue_token(session, user=name) for name, _role in OFFICERS}
        citizen = issue_token(session, citizen=FATHER_NIK)
    spec = bundled_catalog.specs[FAMILY_CARD]
    editable = next(item.id for item in spec.iter_fields() if not item.locked)
    with httpx.Client(base_url=f"{live.url}/api/v1", timeout=30) as api:
        numbers = {
            state: api_file(api, citizen, spec, REGION) for state in ("waiting", "returned", "rejected", "approved")
        }
        api_act(
            api,
            tokens["fo"],
            numbers["returned"],
            action="return",
            comment="Periksa lagi",
            reasons={editable: "Belum sesuai"},
        )
        api_act(api, tokens["fo"], numbers["rejected"], action="reject", comment="Persyaratan tidak terpenuhi")
        for officer, _role in OFFICERS:
            api_act(api, tokens[officer], numbers["approved"], action="approve")
    return numbers


# --- the test ---------------------------------------------------------------------------------


def test_every_portal_page_in_both_languages_has_no_serious_violation(
    scripted, axe_source, budi_applications, bundled_catalog, pdf
):
    check = Checker(axe_source)
    page = scripted.new_page()
    anonymous_pages(page, check, budi_applications["waiting"])
    file_birth_certificate(page, pdf, check=check)  # catalog → start → sign-in → every page → check answers → submitted
    birth_certificate_error_state(page, check)
    family_card_pages(page, check, bundled_catalog.specs[FAMILY_CARD])
    own_pages(page, check, budi_applications)
    assert check.problems == [], "\n".join(check.problems)
    assert len(check.seen) >= 70, check.seen  # every page was reached, in both languages


def anonymous_pages(page, check: Checker, number: str) -> None:
    for address in (
        f"/lacak/{number}",  # tracking as the public sees it
        "/layanan/",
        "/layanan/?q=akta+kelahiran",
        "/layanan/?sektor=nakes",
        "/layanan/pilih-wilayah",
        "/masuk/petugas",
        "/lacak/",
        "/lacak/?nomor=K7QM-XRP3E",  # a mistyped number: the search's error state
        "/halaman-yang-tidak-ada",
        "/verifikasi/kode-tidak-dikenal",
    ):
        page.goto(address)
        check(page)
    page.goto("/masuk/petugas")  # a refused officer sign-in: its error state
    page.locator("#username").fill("tidak.ada")
    follow(page.locator("main form button[type=submit]"))
    check.audit(page, "id")


def birth_certificate_error_state(page, check: Checker) -> None:
    """A form page sent with a required answer missing, in each language (the state comes from a post)."""
    for language in ("id", "en"):
        page.goto(with_language("/layanan/adminduk.akta-kelahiran", language))
        follow(page.locator("main form.start-form button[type=submit]").first)  # start again: a fresh draft
        page.goto("/layanan/adminduk.akta-kelahiran/pemohon")
        submit_empty(page)
        assert page.locator("#error-summary").count() == 1
        check.audit(page, language)
    page.goto(with_language("/layanan/", "id"))


def family_card_pages(page, check: Checker, spec) -> None:
    """The second service: its start page, each of its pages as the citizen first sees them, check answers."""
    page.goto(f"/layanan/{spec.id}")
    check(page)
    page.locator("#region").select_option(REGION)
    follow(page.locator("main form.start-form button[type=submit]").first)
    for step in [item.id for item in spec.pages] + (["unggah-dokumen"] if spec.documents else []):
        page.goto(f"/layanan/{spec.id}/{step}")
        check(page)
    page.goto(f"/layanan/{spec.id}/periksa-jawaban")
    check(page)


def own_pages(page, check: Checker, numbers: dict[str, str]) -> None:
    for address in (
        "/permohonan-saya",
        f"/lacak/{numbers['returned']}",
        f"/lacak/{numbers['returned']}/perbaiki",
        "/kotak-masuk",
        "/profil",
        "/pengaduan",
        "/pengaduan/baru",
    ):
        page.goto(address)
        check(page)
    page.goto("/profil")
    page.locator("#email").fill("bukan-email")
    follow(page.locator("main form .actions button"))
    check.audit(page, "id")
    page.goto("/pengaduan/baru")
    follow(page.locator("main form .actions button"))
    check.audit(page, "id")
    page.goto(f"/lacak/{numbers['returned']}/perbaiki")
    follow(page.locator("main form .actions button"))
    check.audit(page, "id")
    page.goto("/masuk/ikd")
    check(page)


# --- the officers' workspace -----------------------------------------------------------------


@pytest.fixture
def officer_screen(browser, live):
    """An officer's screen at 400% zoom (320 CSS px), JavaScript on for axe."""
    context = browser.new_context(viewport=OFFICER_SCREEN, locale="id-ID", base_url=live.url)
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture
def workspace_officers(sessions):
    from framework.services.accounts import hash_password
    from framework.workflow.roles import MINISTRY_ROLE

    hashed = hash_password(OFFICER_PASSWORD)
    with sessions() as session:
        for username, role, region in (
            ("a11y.fo", "operator_dukcapil", REGION),
            ("a11y.admin", "admin_daerah", REGION),
            ("a11y.kemen", MINISTRY_ROLE, None),
        ):
            add_user(session, username, role, region, password_hash=hashed)


def sign_in_officer(context, username: str):
    page = context.new_page()
    page.goto("/masuk/petugas")
    page.locator("#username").fill(username)
    page.locator("#password").fill(OFFICER_PASSWORD)
    follow(page.locator("main form button[type=submit]"))
    return page


def test_every_workspace_screen_has_no_serious_violation(
    officer_screen, axe_source, budi_applications, workspace_officers
):
    check = Checker(axe_source)
    front = sign_in_officer(officer_screen, "a11y.fo")
    for address in ("/admin/antrian/", "/admin/loket/", "/admin/akun/"):
        front.goto(address)
        check(front)
    front.goto("/admin/loket/")
    front.locator("#nik").fill("123")
    follow(front.locator("main form button[type=submit]"))
    check.audit(front, "id")
    front.locator("#layanan").select_option(FAMILY_CARD)
    front.locator("#nik").fill(FATHER_NIK)
    follow(front.locator("main form button[type=submit]"))  # the counter's first form page, read from IKD (audited)
    check(front)
    submit_empty(front)
    check.audit(front, "id")
    front.goto("/admin/akun/")
    follow(front.locator("main form button[type=submit]"))
    check.audit(front, "id")
    follow(front.locator("form[action='/keluar'] button"))
    admin = sign_in_officer(officer_screen, "a11y.admin")
    for address in (
        "/admin/petugas/",
        "/admin/petugas/a11y.fo",
        "/admin/jejak-audit/",
        "/admin/pesan-tertahan/",
        "/admin/usulan/",
        "/admin/usulan/baru",
    ):
        admin.goto(address)
        check(admin)
    admin.goto("/admin/petugas/")
    follow(admin.locator("main form.form button[type=submit]"))
    check.audit(admin, "id")
    follow(admin.locator("form[action='/keluar'] button"))
    ministry = sign_in_officer(officer_screen, "a11y.kemen")
    for address in ("/admin/katalog/", f"/admin/katalog/{FAMILY_CARD}", "/admin/tinjauan/", "/admin/kinerja/"):
        ministry.goto(address)
        check(ministry)
    assert check.problems == [], "\n".join(check.problems)
    assert len(check.seen) >= 32, check.seen
