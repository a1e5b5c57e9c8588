"""axe-core on every portal page, in Bahasa Indonesia and in English: no serious or critical violation.

axe-core comes from the npm registry, pinned by tests/a11y/package-lock.json
and installed by scripts/install-test-assets (`make install-test` runs it). It
is injected with Playwright into each page as served (its CSP does not apply
to Playwright's evaluation) and run with every rule on; a violation of impact
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
state), the sign-in pages, the error pages.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest

from framework.forms.examples import client_answers, example_file
from framework.services.accounts import add_user, issue_token

from .conftest import PHONE
from .test_journeys import FATHER_NIK, OFFICERS, REGION, file_birth_certificate, follow

AXE = Path(__file__).resolve().parents[1] / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
RUN_AXE = """async () => {
  const found = await axe.run(document, {resultTypes: ["violations"]});
  return found.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
}"""
FAMILY_CARD = "adminduk.kk"


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
    files = {doc.id: example_file(doc.accept) for doc in spec.documents}
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
