"""Issue 12, item 7: security headers on every response; no inline script anywhere in the site's templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mpp_testing import production_settings

import framework
import plugins

PAGES = ["/layanan/", "/lacak/", "/masuk/petugas", "/masuk/ikd", "/tidak-ada", "/api/v1/services"]


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert re.search(r"script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}'", policy)
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # development runs on plain http


def test_production_adds_hsts(make_app, database_url):
    headers = make_app(**production_settings(database_url)).test_client().get("/layanan/").headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_each_request_gets_its_own_nonce(client):
    first = client.get("/layanan/").headers["Content-Security-Policy"]
    assert first != client.get("/layanan/").headers["Content-Security-Policy"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def _markup_sources():
    """Every template file and every Python module with HTML in it, in framework/ and plugins/."""
    for root in (Path(framework.__file__).parent, Path(plugins.__file__).parent):
        for path in sorted(root.rglob("*")):
            if path.suffix in (".html", ".py") and "<" in path.read_text(encoding="utf-8", errors="ignore"):
                yield path


def test_no_inline_script_in_any_template():
    offenders = [
        str(path)
        for path in _markup_sources()
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, JAVASCRIPT_URL)
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
