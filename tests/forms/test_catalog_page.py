"""`/layanan/`: the region a citizen's list starts from, and what a bad parameter does (nothing harmful)."""

from __future__ import annotations

import pytest

from framework.core import settings
from framework.definition import load_catalog


@pytest.fixture(scope="module")
def bundled():
    return load_catalog(settings.definitions_dir())


@pytest.fixture
def client(make_app, bundled):
    return make_app(MPP_CATALOG=bundled).test_client()


def with_ikd_region(client, region: str):
    with client.session_transaction() as cookie:
        cookie["citizen_nik"], cookie["citizen_region"] = "3203011205820001", region
    return client


def test_ikd_region_narrows_the_list_until_the_citizen_chooses(client):
    html = with_ikd_region(client, "73.06").get("/layanan/").get_data(as_text=True)
    assert "Kabupaten Gowa</strong> (dari IKD)" in html and "Versi Kabupaten Gowa" in html
    html = client.get("/layanan/?wilayah=semua").get_data(as_text=True)
    assert "(dari IKD)" not in html and "39 layanan" in html
    assert "39 layanan" in client.get("/layanan/").get_data(as_text=True)  # the choice is kept


def test_a_region_without_mpp_digital_from_ikd_narrows_nothing(client):
    html = with_ikd_region(client, "31.71").get("/layanan/").get_data(as_text=True)  # Jakarta Pusat: no locus
    assert "39 layanan" in html and "(dari IKD)" not in html


@pytest.mark.parametrize("query", ["?wilayah=99.99", "?sektor=tidak-ada", "?q=" + "x" * 500, "?q=%3Cscript%3E"])
def test_odd_parameters_give_the_list_never_an_error(client, query):
    answer = client.get(f"/layanan/{query}")
    assert answer.status_code == 200 and "<script>" not in answer.get_data(as_text=True)


def test_the_region_choice_keeps_the_search_and_lists_the_demo_regions(client):
    html = client.get("/layanan/pilih-wilayah?q=bidan&sektor=nakes").get_data(as_text=True)
    assert 'name="q" value="bidan"' in html and 'name="sektor" value="nakes"' in html
    for code in ("73.06", "73.12", "34.71", "32.03"):
        assert f'<option value="{code}"' in html


def test_the_start_page_preselects_the_region_from_the_list(client):
    with_ikd_region(client, "73.12")
    html = client.get("/layanan/adminduk.kk?wilayah=73.06").get_data(as_text=True)
    assert '<option value="73.06" selected>' in html
    html = client.get("/layanan/adminduk.kk").get_data(as_text=True)
    assert '<option value="73.12" selected>' in html  # from IKD
