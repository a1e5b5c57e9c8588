"""The kabupaten/kota chosen at the start decides which definition the citizen fills:
a region's own variant (e.g. Gowa's family card with a kecamatan check) or the national service."""

from __future__ import annotations

import pytest

from framework.core.settings import definitions_dir
from framework.definition import load_catalog

from .portal_helpers import APPLICANT, registries


@pytest.fixture(scope="module")
def bundled():
    catalog = load_catalog(definitions_dir())
    assert catalog.ok, [str(e) for e in catalog.errors]
    return catalog


@pytest.fixture
def client(bundled, make_app, tmp_path):
    app = make_app(MPP_CATALOG=bundled, WTF_CSRF_ENABLED=False, MPP_PLUGINS=registries())
    client = app.test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    return client


def test_the_service_list_shows_each_national_service_once(bundled, client):
    html = client.get("/layanan/").get_data(as_text=True)
    assert html.count('href="/layanan/adminduk.kk"') == 1
    assert "adminduk.kk.gowa" not in html and "adminduk.akta-kelahiran.yogyakarta" not in html
    variant_regions = [s.region for s in bundled.offered() if s.region]
    assert variant_regions, "the bundled catalog has regional variants"


def test_a_region_with_its_own_variant_gets_that_variant(bundled, client):
    start = client.get("/layanan/adminduk.kk").get_data(as_text=True)
    assert 'value="73.06"' in start  # Gowa is offered through its variant
    response = client.post("/layanan/adminduk.kk/mulai", data={"region": "73.06"})
    assert "/layanan/adminduk.kk.gowa/" in response.location
    gowa_steps = [s.id for s in bundled.specs["adminduk.kk.gowa"].steps]
    national_steps = [s.id for s in bundled.specs["adminduk.kk"].steps]
    assert len(gowa_steps) == len(national_steps) + 1


def test_other_regions_get_the_national_service(client):
    response = client.post("/layanan/adminduk.kk/mulai", data={"region": "35.10"})
    assert response.location.endswith("/layanan/adminduk.kk/" + response.location.rsplit("/", 1)[1])
    assert "gowa" not in response.location


def test_a_region_is_required_and_must_offer_the_service(client):
    missing = client.post("/layanan/adminduk.kk/mulai", data={})
    assert missing.status_code == 400 and "Pilih kabupaten/kota" in missing.get_data(as_text=True)
    not_a_locus = client.post("/layanan/adminduk.kk/mulai", data={"region": "11.01"})
    assert not_a_locus.status_code == 400


def test_the_summary_files_in_the_region_chosen_at_the_start(client):
    client.post("/layanan/adminduk.kk/mulai", data={"region": "73.06"})
    html = client.get("/layanan/adminduk.kk.gowa/periksa-jawaban").get_data(as_text=True)
    assert "Gowa" in html and 'name="region"' not in html
