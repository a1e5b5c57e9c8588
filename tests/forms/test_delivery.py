"""Delivery for a slow network: compressed answers (pages and the API's JSON alike), fingerprinted static files."""

from __future__ import annotations

import gzip
import json
import re

import brotli


def stylesheet_url(client) -> str:
    return re.search(r'href="(/aset/portal/portal\.[0-9a-f]{10}\.css)"', client.get("/lacak/").get_data(as_text=True))[
        1
    ]


def test_pages_are_compressed_and_keep_their_security_headers(client):
    plain = client.get("/lacak/")
    packed = client.get("/lacak/", headers={"Accept-Encoding": "br"})
    assert packed.headers["Content-Encoding"] == "br" and "Accept-Encoding" in packed.headers["Vary"]
    assert brotli.decompress(packed.get_data()).decode().startswith("<!doctype html>")
    assert len(packed.get_data()) < len(plain.get_data()) / 2
    assert (
        "nonce-" in packed.headers["Content-Security-Policy"]
        and "unsafe-inline" not in packed.headers["Content-Security-Policy"]
    )


def test_the_api_json_still_parses_when_gzipped(client):
    answer = client.get("/api/v1/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert answer.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(answer.get_data()))["openapi"].startswith("3.")
    assert client.get("/api/v1/openapi.json").headers.get("Content-Encoding") is None  # none asked, none sent


def test_a_fingerprinted_stylesheet_is_cached_for_a_year_even_for_a_signed_in_citizen(client):
    with client.session_transaction() as cookie:
        cookie["citizen_nik"] = "3203011205820001"
    url = stylesheet_url(client)
    answer = client.get(url)
    assert answer.status_code == 200 and answer.mimetype == "text/css" and b".button" in answer.get_data()
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(url, headers={"If-None-Match": answer.headers["ETag"]}).status_code == 304
    assert client.get("/lacak/").headers["Cache-Control"] == "no-store"  # pages for someone signed in are not


def test_an_outdated_fingerprint_gets_todays_file_not_cached_and_strangers_get_404(client):
    outdated = client.get("/aset/portal/portal.0000000000.css")
    assert outdated.status_code == 200 and outdated.headers["Cache-Control"] == "no-cache"
    for name in (
        "portal/portal.css",
        "portal/nothing.0000000000.css",
        "../__init__.0000000000.py",
        "portal/%2e%2e/x.0000000000.py",
    ):
        assert client.get(f"/aset/{name}").status_code == 404, name


def test_a_static_file_keeps_its_name_for_the_process_unless_templates_reload(app, tmp_path):
    from framework.web.assets import static_url

    (tmp_path / "portal").mkdir()
    sheet = tmp_path / "portal" / "extra.css"
    sheet.write_text("a{color:red}")
    app.static_folder = str(tmp_path)
    with app.test_request_context("/"):
        first = static_url("portal/extra.css")
        sheet.write_text("a{color:blue}/* a longer file */")
        assert static_url("portal/extra.css") == first  # a release's files do not change under a process
        app.config["TEMPLATES_AUTO_RELOAD"] = True  # debug, `mpp serve`
        edited = static_url("portal/extra.css")
    assert edited != first and re.fullmatch(r"/aset/portal/extra\.[0-9a-f]{10}\.css", edited)


def test_template_translations_escape_and_fill_their_values_in_both_languages(app):
    from flask import render_template_string, session

    template = "{{ _('Kinerja %(region)s', region=name) }}"
    with app.test_request_context("/"):
        assert render_template_string(template, name="<Cianjur>") == "Kinerja &lt;Cianjur&gt;"
    with app.test_request_context("/"):
        session["lang"] = "en"
        assert render_template_string(template, name="<Cianjur>") == "Performance of &lt;Cianjur&gt;"
