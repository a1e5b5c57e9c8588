"""Every bundled service filed through the JSON API, with a payload built from the schema the API publishes.

The client reads `GET /api/v1/services/{id}`, builds answers from its
`payload_schema` (framework.forms.examples: values per type and format), leaves out
the locked fields (the server fills them from the sandbox registries), attaches
a tiny file for each document the answers ask for and posts multipart to
`POST /api/v1/services/{id}/applications` as a signed-in citizen: for a SIP
service, a sandbox health worker of its profession (SISDMK fills the
profession and the STR).
"""

from __future__ import annotations

import io
import json

import pytest
from cataloghelpers import DEFINITIONS, as_applicant
from sqlalchemy import select

from framework.definition import load_catalog
from framework.forms.examples import example_documents, example_payload
from framework.services.accounts import issue_token
from framework.store.models import Application
from framework.workflow.offering import filed_by_region

LOCI = ("73.12", "35.10")  # loci running every adminduk and nakes service (definitions/loci.yaml)
SERVICES = sorted(spec.id for spec in load_catalog(DEFINITIONS).offered())


def _citizen() -> str:
    """An adult of the sandbox population who holds no health-worker record (no SISDMK profession to mismatch)."""
    from plugins.sandbox.population import population

    people = population()
    return next(
        nik
        for nik, person in sorted(people.people.items())
        if nik not in people.health_workers and str(person.record["tgl_lhr"]) < "1990"
    )


@pytest.fixture(scope="module")
def citizen_nik() -> str:
    return _citizen()


@pytest.fixture
def api(make_app, bundled):
    return make_app(MPP_CATALOG=bundled).test_client()


def _region(bundled, spec) -> str:
    replaced = {o.region for o in bundled.offered() if o.extends == spec.id}
    return spec.region or next(code for code in LOCI if code not in replaced)


@pytest.mark.parametrize("service_id", SERVICES)
def test_every_bundled_service_can_be_filed_through_the_api(api, bundled, session, citizen_nik, service_id):
    client = api
    published = client.get(f"/api/v1/services/{service_id}")
    assert published.status_code == 200
    service = published.get_json()
    spec = bundled.specs[service_id]
    region = _region(bundled, spec)
    payload = example_payload(service["payload_schema"], region)
    applicant, answers = as_applicant(spec, payload["answers"], citizen_nik)
    headers = {"Authorization": f"Bearer {issue_token(session, citizen=applicant)}"}
    payload["answers"] = {name: value for name, value in answers.items() if not spec.field(name).locked}
    data = {"payload": json.dumps(payload)}
    for doc_id, (name, content) in example_documents(spec, answers).items():  # only those the answers ask for
        data[doc_id] = (io.BytesIO(content), name)
    response = client.post(
        f"/api/v1/services/{service_id}/applications", data=data, headers=headers, content_type="multipart/form-data"
    )
    if filed_by_region(spec):  # a region's own application to the ministry: its admin files it at the counter
        assert response.status_code == 403, response.get_json()
        assert response.get_json()["error"] == "forbidden"
        return
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["tracking_number"] and body["state"] == service["steps"][0]["id"]
    tracked = client.get(body["url"], headers=headers).get_json()
    assert tracked["tracking_number"] == body["tracking_number"]
    stored = session.scalar(select(Application).where(Application.tracking_number == body["tracking_number"]))
    assert stored.answers["nik_pemohon"] == applicant  # locked, filled by the server from sandbox IKD
    assert stored.prefill["nik_pemohon"]["source"] == "ikd" and stored.prefill["nik_pemohon"]["verified"]
