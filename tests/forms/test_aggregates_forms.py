"""Aggregates over a repeat, evaluated the same in the portal and the API.

The acceptance example of issue 13: a household's total income is compared
with a limit (`sum(anggota.penghasilan)`); a household over it is refused,
with the message on the household group, by the HTML form and by the JSON
API, both through `validate_answers`.
"""

from __future__ import annotations

import pytest
from mpp_testing import HOUSEHOLD_MEMBERS, load_test_catalog

from framework.forms import validate_answers
from framework.services.accounts import issue_token

from .portal_helpers import APPLICANT, form_values, registries

SKTM = """\
service: sosial.sktm
version: 1
title: {id: Surat Keterangan Tidak Mampu, en: Certificate of low income}
summary: {id: Keterangan keluarga berpenghasilan rendah., en: A certificate for a low-income household.}
sector: sosial
provider: dpmptsp
standard: {sla: 3d, fee: 0, complaints: lapor}
pages:
  - id: keluarga
    title: {id: Anggota Keluarga, en: Household}
    fields:
{HOUSEHOLD_MEMBERS}      - id: alasan
        type: textarea
        label: {id: Keperluan, en: Purpose}
        when: count(anggota) >= 1
rules:
  - when: sum(anggota.penghasilan) >= 3000000
    message: {id: Penghasilan keluarga melebihi batas SKTM (Rp3.000.000)., en: "The household income is over the limit (Rp3,000,000)."}
steps:
  - {id: verifikasi, title: {id: Verifikasi, en: Check}, role: operator_dinsos, sla: 3d, actions: [approve, return, reject]}
"""  # noqa: E501
SKTM = SKTM.replace("{HOUSEHOLD_MEMBERS}", HOUSEHOLD_MEMBERS)
SERVICE = "sosial.sktm"
OVER = [{"nama": "Budi", "penghasilan": 2_000_000}, {"nama": "Siti", "penghasilan": 1_500_000}]
UNDER = [{"nama": "Budi", "penghasilan": 2_000_000}, {"nama": "Siti", "penghasilan": 500_000}]


@pytest.fixture(scope="module")
def sktm_folder(tmp_path_factory):
    """The catalog folder: the project's code lists and regions, no loci (so offered in every kabupaten/kota)."""
    return tmp_path_factory.mktemp("sktm")


@pytest.fixture(scope="module")
def sktm_catalog(sktm_folder):
    return load_test_catalog(sktm_folder, SKTM)


@pytest.fixture
def sktm_app(make_app, sktm_catalog, sktm_folder, monkeypatch):
    monkeypatch.setenv("MPP_DEFINITIONS", str(sktm_folder))  # the API reads where services are offered from here

    def build(**config):
        return make_app(MPP_PLUGINS=registries(), MPP_CATALOG=sktm_catalog, MPP_DEFINITIONS=str(sktm_folder), **config)

    return build


@pytest.fixture
def spec(sktm_catalog):
    return sktm_catalog.specs[SERVICE]


def test_validate_answers_refuses_a_household_over_the_limit(spec):
    refused = validate_answers(spec, {"anggota": OVER, "alasan": "Sekolah"})
    assert [(e.field, e.code) for e in refused.errors] == [("anggota", "rule")]
    assert refused.errors[0].message.en.startswith("The household income is over the limit")
    assert validate_answers(spec, {"anggota": UNDER, "alasan": "Sekolah"}).ok


def test_the_portal_shows_the_rule_on_the_household(sktm_app):
    app = sktm_app(WTF_CSRF_ENABLED=False)
    client = app.test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    assert client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"}).status_code == 302
    page = f"/layanan/{SERVICE}/keluarga"
    client.post(page, data={"anggota-rows": "1", "_action": "tambah:anggota"})  # a second row
    posted = {
        "anggota-rows": "2",
        "anggota-0-nama": "Budi",
        "anggota-0-penghasilan": "2000000",
        "anggota-1-nama": "Siti",
        "anggota-1-penghasilan": "1500000",
        "alasan": "Sekolah",
    }
    appeared = client.post(page, data=posted)  # `alasan` (when: count(anggota) >= 1) appears: the page is shown again
    assert appeared.status_code == 302 and appeared.location.endswith(page)
    html = client.post(page, data={**posted, "_field": ["anggota", "alasan"]}).get_data(as_text=True)
    assert 'href="#anggota"' in html  # the error summary links to the household group
    assert '<p class="error-message" id="anggota-error">' in html
    assert "Penghasilan keluarga melebihi batas SKTM" in html
    moved_on = client.post(page, data={**posted, "_field": ["anggota", "alasan"], "anggota-1-penghasilan": "500000"})
    assert moved_on.status_code == 302 and moved_on.location.endswith("periksa-jawaban")


def test_the_api_refuses_the_same_household_on_the_same_field(sktm_app, session):
    app = sktm_app()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {issue_token(session, citizen=APPLICANT)}"}
    url = f"/api/v1/services/{SERVICE}/applications"
    refused = client.post(url, json={"region": "73.06", "answers": {"anggota": OVER}}, headers=headers)
    assert refused.status_code == 422
    assert [(e["field"], e["code"]) for e in refused.get_json()["errors"]] == [("anggota", "rule")]
    filed = client.post(url, json={"region": "73.06", "answers": {"anggota": UNDER}}, headers=headers)
    assert filed.status_code == 201, filed.get_json()


def test_the_page_posted_from_its_own_html_is_refused_too(sktm_app):
    """Posted as a browser would (hidden row counter and markers included), one member over the limit alone."""
    app = sktm_app(WTF_CSRF_ENABLED=False)
    client = app.test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    page = f"/layanan/{SERVICE}/keluarga"
    for _shown_again in range(2):  # the first post makes `alasan` appear, the second is checked
        body = form_values(client.get(page).get_data(as_text=True))
        body.setlist("anggota-0-nama", ["Budi"])
        body.setlist("anggota-0-penghasilan", ["4000000"])
        response = client.post(page, data=body)
    assert "Penghasilan keluarga melebihi batas SKTM" in response.get_data(as_text=True)


def test_aggregates_are_published_in_words(spec):
    from framework.generate.conditions import in_words

    rule = spec.rules[0].when.source
    assert in_words(rule, spec, "id") == "jumlah “Penghasilan per bulan” pada “Anggota keluarga” ≥ 3000000"
    assert in_words(rule, spec, "en") == "the total of “Monthly income” over “Household members” ≥ 3000000"
    assert in_words("count(anggota) >= 1", spec, "en") == "the number of rows of “Household members” ≥ 1"
    assert in_words("any(anggota.penghasilan > 1)", spec, "en") == "`any(anggota.penghasilan > 1)`"
