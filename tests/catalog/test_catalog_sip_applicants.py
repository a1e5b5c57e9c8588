"""Who may file a SIP: only a health worker whose profession and STR SISDMK records.

The law grants a practice licence (SIP) only on a valid STR, so the template
makes SISDMK's ``profesi`` and ``nomor_str`` required; both are registry-only,
so a citizen SISDMK has no record of cannot type them and is told so, on each
field, once (``profesi_sesuai`` stays silent on an empty profession). A
health worker of another profession is refused by ``profesi_sesuai``.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from cataloghelpers import DEFINITIONS, example_uploads, health_worker, sip_rule
from sqlalchemy import func, select

from framework.definition import load_catalog
from framework.forms.examples import client_answers, example_documents, example_payload
from framework.forms.prefill import resolve_prefill
from framework.services import applications
from framework.services.accounts import issue_token
from framework.store.models import Application
from framework.workflow.errors import Invalid
from plugins.sandbox.population import population

REGION = "35.10"  # Kab. Banyuwangi: every national SIP service, no regional variant
SIP_SERVICES = sorted(spec.id for spec in load_catalog(DEFINITIONS).offered() if sip_rule(spec) is not None)
API_SERVICE = "nakes.sip-bidan"
NO_RECORD = "SISDMK tidak memiliki data ini untuk Anda"


def _without_sisdmk_record() -> str:
    """An adult of the sandbox IKD whom SISDMK does not know."""
    people = population()
    return next(
        nik
        for nik, person in sorted(people.people.items())
        if nik not in people.health_workers and str(person.record["tgl_lhr"]) < "1990"
    )


def _answers(spec, worker=None) -> dict:
    """The example answers; a new SIP for the worker's next practice place (rule ``urutan_tempat``)."""
    answers = client_answers(spec, spec.region or REGION)
    return {**answers, "tempat_praktik_ke": (worker["jumlah_sip_aktif"] if worker else 0) + 1}


def _submit(session, bundled, spec, nik: str, answers: dict) -> Application:
    return applications.submit(
        session,
        spec,
        region=spec.region or REGION,
        answers=answers,
        applicant_nik=nik,
        prefill=(prefill := resolve_prefill(spec, nik, answers)),
        documents=example_uploads(spec, {**answers, **{name: item.value for name, item in prefill.items()}}),
        definitions=DEFINITIONS,
        others=[s for s in bundled.offered() if s.id != spec.id],
    )


def _count(session) -> int:
    return session.scalar(select(func.count(Application.id)))


def test_the_template_requires_the_profession_and_the_str_from_sisdmk(bundled):
    template = bundled.specs["nakes.sip-template"]
    for name in ("profesi", "nomor_str"):
        item = template.field(name)
        assert item.required and item.locked and item.prefill.lookup == "nakes", name
        assert template.lookups["nakes"].source == "sisdmk"


@pytest.mark.parametrize("service_id", SIP_SERVICES)
def test_a_citizen_without_a_sisdmk_record_cannot_file_a_sip(session, bundled, service_id):
    spec = bundled.specs[service_id]
    nik = _without_sisdmk_record()
    answers = {**_answers(spec), "profesi": "BIDAN", "nomor_str": "1234567890123"}  # typed: never trusted
    with pytest.raises(Invalid) as refused:
        _submit(session, bundled, spec, nik, answers)
    about = {(error.field, error.code) for error in refused.value.errors if error.field in ("profesi", "nomor_str")}
    assert about == {("profesi", "not_in_registry"), ("nomor_str", "not_in_registry")}  # one message per field
    assert all(NO_RECORD in e.message.id for e in refused.value.errors if e.field in ("profesi", "nomor_str"))
    assert _count(session) == 0


@pytest.mark.parametrize("service_id", SIP_SERVICES)
def test_a_health_worker_of_another_profession_is_refused_by_profesi_sesuai(session, bundled, service_id):
    spec = bundled.specs[service_id]
    worker = health_worker(spec, matching=False)
    with pytest.raises(Invalid) as refused:
        _submit(session, bundled, spec, worker["nik"], _answers(spec, worker))
    assert [(e.field, e.code, e.message) for e in refused.value.errors] == [("profesi", "rule", sip_rule(spec).message)]
    assert _count(session) == 0


@pytest.mark.parametrize("service_id", SIP_SERVICES)
def test_a_health_worker_of_the_right_profession_files_with_sisdmk_values(session, bundled, service_id):
    spec = bundled.specs[service_id]
    worker = health_worker(spec)
    filed = _submit(session, bundled, spec, worker["nik"], _answers(spec, worker))
    assert filed.applicant_nik == worker["nik"]
    assert (filed.answers["profesi"], filed.answers["nomor_str"]) == (worker["profesi"], worker["str"]["nomor"])
    assert filed.prefill["profesi"]["source"] == filed.prefill["nomor_str"]["source"] == "sisdmk"
    assert filed.prefill["profesi"]["verified"] and filed.prefill["nomor_str"]["verified"]


# --- the JSON API ---


@pytest.fixture
def api(make_app, bundled):
    return make_app(MPP_CATALOG=bundled).test_client()


def _post(client, session, bundled, nik: str, answers: dict | None = None):
    """POST a filing of ``API_SERVICE`` as ``nik``, with the schema's example answers (locked ones too)."""
    spec = bundled.specs[API_SERVICE]
    service = client.get(f"/api/v1/services/{API_SERVICE}").get_json()
    payload = example_payload(service["payload_schema"], REGION)
    payload["answers"].update(answers or {})
    data = {"payload": json.dumps(payload)}
    for doc_id, (name, content) in example_documents(spec, payload["answers"]).items():
        data[doc_id] = (io.BytesIO(content), name)
    headers = {"Authorization": f"Bearer {issue_token(session, citizen=nik)}"}
    return client.post(
        f"/api/v1/services/{API_SERVICE}/applications", data=data, headers=headers, content_type="multipart/form-data"
    )


def test_the_api_refuses_a_sip_to_a_citizen_without_a_sisdmk_record(api, session, bundled):
    typed = {"profesi": "BIDAN", "nomor_str": "1234567890123", "tempat_praktik_ke": 1}
    response = _post(api, session, bundled, _without_sisdmk_record(), typed)
    assert response.status_code == 422, response.get_json()
    errors = {error["field"]: error for error in response.get_json()["errors"]}
    assert set(errors) == {"profesi", "nomor_str"}  # located, and nothing else is wrong
    for error in errors.values():
        assert error["code"] == "not_in_registry"
        assert NO_RECORD in error["message"]["id"] and error["message"]["en"]
    assert _count(session) == 0


def test_the_api_refuses_a_sip_to_a_health_worker_of_another_profession(api, session, bundled):
    worker = health_worker(bundled.specs[API_SERVICE], matching=False)
    response = _post(api, session, bundled, worker["nik"], {"tempat_praktik_ke": worker["jumlah_sip_aktif"] + 1})
    assert response.status_code == 422, response.get_json()
    assert [(e["field"], e["code"]) for e in response.get_json()["errors"]] == [("profesi", "rule")]
    assert _count(session) == 0


def test_the_api_files_a_sip_for_a_health_worker_of_the_profession(api, session, bundled):
    worker = health_worker(bundled.specs[API_SERVICE])
    response = _post(api, session, bundled, worker["nik"], {"tempat_praktik_ke": worker["jumlah_sip_aktif"] + 1})
    assert response.status_code == 201, response.get_json()
    stored = session.scalar(select(Application))
    assert stored.answers["profesi"] == "BIDAN" and stored.answers["nomor_str"] == worker["str"]["nomor"]


# --- the portal ---


def test_the_portal_tells_a_citizen_without_a_sisdmk_record_where_and_files_nothing(make_app, bundled, session):
    client = make_app(MPP_CATALOG=bundled, WTF_CSRF_ENABLED=False).test_client()
    with client.session_transaction() as browser:
        browser["citizen_nik"] = _without_sisdmk_record()
    base = f"/layanan/{API_SERVICE}"
    client.post(f"{base}/mulai", data={"baru": "1", "region": REGION})
    page = client.get(f"{base}/pemohon").get_data(as_text=True)
    assert 'id="profesi"' in page and 'id="nomor_str"' in page  # shown, locked, empty
    drawn = re.findall(r'name="_field" value="([^"]+)"', page)  # what a browser posts: the fields drawn
    typed = {"telepon_pemohon": "+6281234567890", "email_pemohon": "ani@contoh.id", "profesi": "BIDAN"}
    posted = client.post(f"{base}/pemohon", data={**typed, "_field": drawn})
    assert posted.status_code == 200, posted.headers.get("Location")  # the page again, not the next one
    html = posted.get_data(as_text=True)
    listed = html.split('id="error-summary"', 1)[1].split("</ul>", 1)[0]
    assert listed.count("<li>") == listed.count(NO_RECORD) == 2  # one per field, no "profession does not match"
    assert 'href="#profesi"' in listed and 'href="#nomor_str"' in listed  # each message links to its field
    assert 'id="profesi"' in html and 'id="nomor_str"' in html
    for name in ("profesi", "nomor_str"):  # the reason is said beside the locked field too, not only at the top
        beside = html.split(f'id="{name}"', 1)[1].split("</div>", 1)[0]
        assert f'id="{name}-error"' in beside and NO_RECORD in beside
    assert "tidak sesuai dengan layanan SIP ini" not in html
    summary = client.post(f"{base}/periksa-jawaban")
    assert summary.status_code == 200 and NO_RECORD in summary.get_data(as_text=True)
    assert _count(session) == 0
