"""Issue 10's publication flow in a real browser (Debian chromium, JavaScript off), on one running server.

A Gowa admin uploads a new service in the admin, which is refused while
`mpp validate --strict` refuses it (its standard incomplete), then proposes
the complete one; the ministry returns it with a comment; the admin reads the comment, fixes the text from
the returned version and proposes again; the ministry approves; a citizen
files the new service on the same running server — no restart. The server
builds its catalog from the database, as in production.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browsers import LiveServer
from publication_samples import GOWA, SKTM, SKTM_PARTIAL

from framework.core import settings
from framework.services.accounts import add_user, hash_password
from framework.workflow.roles import ADMIN_ROLE, MINISTRY_ROLE

from .conftest import officer_desks
from .test_journeys import FATHER, follow

PASSWORD = "sapi-terbang-di-sawah-41"
SERVICE = "sosial.sktm-gowa"
COMMENT = "Persingkat SLA menjadi 2 hari kerja."


@pytest.fixture
def server(make_app, sessions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MPP_INSTANCE", str(tmp_path / "instance"))
    for name in ("MPP_ENV", "MPP_IKD_MODE", "MPP_IKD_OIDC_MODE"):
        monkeypatch.delenv(name, raising=False)  # development: the sandbox registries
    app = make_app(
        MPP_CATALOG=None, MPP_DEFINITIONS=str(settings.definitions_dir()), MPP_DRAFTS=str(tmp_path / "drafts")
    )
    hashed = hash_password(PASSWORD)
    with sessions() as session:
        add_user(session, "admin.gowa", ADMIN_ROLE, GOWA, password_hash=hashed)
        add_user(session, "kementerian", MINISTRY_ROLE, None, password_hash=hashed)
    with LiveServer(app) as live:
        yield live


@pytest.fixture
def desk(browser, server: LiveServer):
    """An officer's computer, JavaScript off; a fresh context (cookie jar) per sign-in."""
    with officer_desks(browser, server.url, PASSWORD) as open_as:
        yield open_as


def decide(page, version: str, button: str, comment: str = "") -> None:
    follow(page.get_by_role("navigation", name="Menu petugas").get_by_role("link", name="Tinjauan usulan"))
    follow(page.get_by_role("link", name=f"#{version}", exact=True))
    if comment:
        page.get_by_label("Komentar untuk pengusul (wajib)").fill(comment)
    follow(page.get_by_role("button", name=button))


def test_propose_return_fix_approve_then_a_citizen_files_it(desk, server, browser, tmp_path):
    region = desk("admin.gowa")
    follow(region.get_by_role("navigation", name="Menu petugas").get_by_role("link", name="Usulan layanan"))
    follow(region.get_by_role("link", name="Usulan baru"))
    draft = tmp_path / "sktm-gowa.yaml"
    draft.write_text(SKTM_PARTIAL.format(version=1), encoding="utf-8")
    region.get_by_label("Berkas definisi (YAML)").set_input_files(draft)
    follow(region.get_by_role("button", name="Periksa"))
    audit = region.get_by_role("region", name="Audit standar pelayanan dan minimisasi data").inner_text()
    assert "Standar pelayanan belum lengkap" in audit and "STANDARD_REQUIREMENTS" in audit
    follow(region.get_by_role("button", name="Ajukan ke kementerian"))  # refused: `--strict` refuses its warnings
    assert "`mpp validate --strict` menolak setiap peringatan" in region.locator("#warnings").inner_text()
    region.get_by_label("Atau tempel isi definisi").fill(SKTM.format(version=1))
    follow(region.get_by_role("button", name="Periksa"))
    assert region.get_by_role("status").inner_text().startswith("Tidak ada kesalahan")
    follow(region.get_by_role("button", name="Ajukan ke kementerian"))
    notice = region.get_by_role("status").inner_text()
    assert "dikirim ke kementerian" in notice
    first = notice.split("#", 1)[1].split(" ", 1)[0]

    ministry = desk("kementerian")
    assert ministry.url.endswith("/admin/tinjauan/")  # the ministry lands on its review queue
    decide(ministry, first, "Kembalikan")  # without a comment: refused, located
    assert ministry.get_by_role("alert").inner_text().count("Alasan wajib diisi") == 1
    decide(ministry, first, "Kembalikan", COMMENT)
    assert "dikembalikan" in ministry.get_by_role("status").inner_text()

    follow(region.get_by_role("navigation", name="Menu petugas").get_by_role("link", name="Usulan layanan"))
    row = region.locator(f'tr[data-version="{first}"]')
    assert row.get_attribute("data-status") == "returned"
    assert COMMENT in row.inner_text()
    follow(row.get_by_role("link", name=f"#{first}"))
    follow(region.get_by_role("link", name="Perbaiki dan ajukan ulang"))
    text = region.get_by_label("Atau tempel isi definisi").input_value()
    assert text == SKTM.format(version=1), "the returned text, whole"
    fixed = text.replace("version: 1", "version: 2").replace("  sla: 3d", "  sla: 2d")
    region.get_by_label("Atau tempel isi definisi").fill(fixed)
    follow(region.get_by_role("button", name="Ajukan ke kementerian"))
    second = region.get_by_role("status").inner_text().split("#", 1)[1].split(" ", 1)[0]
    assert second != first

    decide(ministry, second, "Setujui dan terbitkan")
    assert "terbit dan berlaku sekarang" in ministry.get_by_role("status").inner_text()
    follow(ministry.get_by_role("navigation", name="Menu petugas").get_by_role("link", name="Katalog dan audit"))
    row = ministry.locator(f'tr[data-service="{SERVICE}"]')
    assert row.get_attribute("data-status") == "published" and "kementerian" in row.inner_text()

    citizen = browser.new_context(
        java_script_enabled=False, viewport={"width": 320, "height": 640}, locale="id-ID", base_url=server.url
    ).new_page()
    citizen.set_default_timeout(20_000)
    citizen.goto(f"/layanan/{SERVICE}")
    assert citizen.get_by_role("heading", level=1).inner_text() == "Surat Keterangan Tidak Mampu"
    follow(citizen.get_by_role("main").get_by_role("link", name="Masuk dengan IKD"))
    follow(citizen.get_by_role("button", name=FATHER))
    follow(citizen.get_by_role("button", name="Mulai sekarang"))
    citizen.get_by_label("Nama").fill(FATHER)
    citizen.get_by_label("Penghasilan per bulan").fill("1500000")
    follow(citizen.get_by_role("button", name="Simpan dan lanjutkan"))
    follow(citizen.get_by_role("button", name="Kirim permohonan"))
    assert citizen.get_by_role("heading", level=1).inner_text() == "Permohonan terkirim"
    assert citizen.locator(".tracking-number").inner_text().strip()
    citizen.context.close()
