"""End-to-end fixtures: the marker, the app as a user gets it on a loopback port, a cheap phone.

The browser comes from tests/conftest.py and tests/browsers.py (one Playwright
instance per session).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from browsers import CHROMIUM, CHROMIUM_ARGS, LiveServer  # noqa: F401  re-exported for the journeys

from framework.core import settings
from framework.definition import load_catalog

PHONE = {"width": 320, "height": 640}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def bundled_catalog():
    """The catalog shipped in `definitions/`, checked against the installed plugins."""
    catalog = load_catalog(settings.definitions_dir())
    assert catalog.ok, [str(error) for error in catalog.errors]
    return catalog


@pytest.fixture
def live(make_app, bundled_catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    for name in ("MPP_ENV", "MPP_IKD_MODE", "MPP_IKD_OIDC_MODE"):
        monkeypatch.delenv(name, raising=False)  # development: the sandbox registries
    app = make_app(MPP_CATALOG=bundled_catalog, MPP_DRAFTS=str(tmp_path / "drafts"))
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def phone(browser, live: LiveServer):
    """A fresh cheap phone: no JavaScript, 320 px wide, nobody signed in."""
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="id-ID", base_url=live.url)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def citizen(phone):
    return phone.new_page()


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "surat-keterangan-lahir.pdf"
    path.write_bytes(PDF)
    return path


DESK = {"width": 1280, "height": 900}


@contextmanager
def officer_desks(browser, base_url: str, password: str) -> Iterator[Callable]:
    """``open_as(username)``: an officer's computer (wide screen, JavaScript off, a cookie jar of its own),
    signed in.
    """
    opened = []

    def open_as(username: str):
        from .test_journeys import follow

        context = browser.new_context(java_script_enabled=False, viewport=DESK, locale="id-ID", base_url=base_url)
        context.set_default_timeout(20_000)
        opened.append(context)
        page = context.new_page()
        page.goto("/masuk/petugas")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(password)
        follow(page.get_by_role("button", name="Masuk"))
        return page

    try:
        yield open_as
    finally:
        for context in opened:
            context.close()
