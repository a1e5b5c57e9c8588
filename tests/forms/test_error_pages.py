"""People never see werkzeug's bare English error pages or a traceback: the site's
own page, in their language; the API keeps answering in JSON."""

from __future__ import annotations


def test_an_unknown_address_gets_the_site_page_in_indonesian_then_english(client):
    response = client.get("/layanan/tidak.ada")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Halaman yang Anda cari tidak ada" in html and 'class="skip-link"' in html
    english = client.get("/tidak-ada?lang=en").get_data(as_text=True)
    assert "The page you are looking for does not exist" in english


def test_the_api_still_answers_unknown_addresses_in_json(client):
    response = client.get("/api/v1/tidak-ada")
    assert response.status_code == 404 and response.is_json


def test_a_server_fault_on_a_page_is_a_friendly_page_not_a_traceback(make_app):
    app = make_app()
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/rusak")
    def broken():  # a fault the code did not foresee
        raise RuntimeError("boom")

    response = app.test_client().get("/rusak")
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and "jawaban Anda tetap tersimpan" in html
    assert "Traceback" not in html and "boom" not in html
