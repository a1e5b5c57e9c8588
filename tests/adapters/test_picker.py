"""The sandbox IKD picker: citizens of every demo region, and hints that tell the truth about them."""

from __future__ import annotations

import re

import pytest

from plugins.sandbox.population import population
from plugins.signin.picker import PICKS, REGIONS

DEMO_REGIONS = {"73.06", "73.12", "34.71", "32.03"}  # Gowa, Soppeng, Kota Yogyakarta, Cianjur (README)


def test_every_demo_region_has_citizens_to_pick():
    assert {code for code, _about in REGIONS} == DEMO_REGIONS == set(PICKS)
    assert all(len(PICKS[code]) >= 3 for code in DEMO_REGIONS)


@pytest.mark.parametrize("region", sorted(DEMO_REGIONS))
def test_each_pick_lives_in_its_region_and_its_hint_names_real_relatives(region, app):
    people = population()
    for pick in PICKS[region]:
        person = people.person(pick.nik)
        assert person is not None and person.record["no_kab"] == region, pick.nik
        with app.test_request_context():
            hint = str(pick.hint)
        for nik in re.findall(r"\b\d{16}\b", hint):
            other = people.person(nik)
            assert other is not None, (pick.nik, nik)
            related = {other.record["nik_ibu"], other.record["nik_ayah"]} | {person.record["nik_ibu"]}
            wife = people.person(nik).record["no_kk"] == person.record["no_kk"]
            assert pick.nik in related or wife, (pick.nik, nik)


def test_the_hints_about_health_workers_match_their_records():
    workers = population().health_workers
    assert workers["7306130602810001"]["profesi"] == "APOTEKER" and workers["7306130602810001"]["jumlah_sip_aktif"] == 2
    assert workers["7312066507930001"]["profesi"] == "NUTRISIONIS"
    assert workers["3471110605880001"]["profesi"] == "BIDAN"
    assert workers["3203011109870001"]["profesi"] == "TTK"
    assert workers["3203181307810001"]["str"]["berlaku_sampai"] == "2026-03-26"


def test_the_picker_page_groups_citizens_by_region_with_their_hints(make_app):
    html = make_app().test_client().get("/masuk/ikd").get_data(as_text=True)
    for heading in ("Kabupaten Gowa", "Kabupaten Soppeng", "Kota Yogyakarta", "Kabupaten Cianjur"):
        assert f"{heading} <span" in html
    assert "ketik NIK istri Anda, 3203014204850001, sebagai NIK ibu" in html
    html = make_app().test_client().get("/masuk/ikd?lang=en").get_data(as_text=True)
    assert "type your wife's NIK, 3203014204850001, as the mother's NIK" in html
