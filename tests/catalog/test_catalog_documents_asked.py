"""A document the answers do not ask for (its `when` is false) is never stored: not at filing, not after a correction.

The reviewer filed a family card (KK) lost (`alasan_kk: HILANG`) through the API with the proof of a change in
the family (`bukti_peristiwa`, asked only for BARU/PERUBAHAN) attached: it was kept. The portal never showed it.
"""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from framework.forms.examples import client_answers, example_documents, example_file
from framework.services.accounts import add_user, issue_token
from framework.store.models import Application

SERVICE, REGION = "adminduk.kk", "73.12"
FILING = f"/api/v1/services/{SERVICE}/applications"


@pytest.fixture
def api(make_app, bundled):
    return make_app(MPP_CATALOG=bundled).test_client()


@pytest.fixture
def citizen(session):
    from test_catalog_api import _citizen

    return {"Authorization": f"Bearer {issue_token(session, citizen=_citizen())}"}


def _filing(spec, answers, extra=()):
    """Multipart: the answers, a file for each document they ask for, and one for each of ``extra``."""
    data = {"payload": json.dumps({"region": REGION, "answers": answers})}
    files = example_documents(spec, answers) | {doc_id: example_file(["pdf"]) for doc_id in extra}
    for doc_id, (name, content) in files.items():
        data[doc_id] = (io.BytesIO(content), name)
    return data


def _answers(spec, **changes):
    return {**client_answers(spec, REGION), **changes}  # a hidden answer (a change's description) is dropped


def _stored_files(app) -> list:
    from pathlib import Path

    folder = Path(app.config["MPP_UPLOADS"])
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_a_document_not_asked_for_the_answers_given_is_refused_and_not_stored(api, bundled, session, citizen):
    spec = bundled.specs[SERVICE]
    answers = _answers(spec, alasan_kk="HILANG")
    refused = api.post(
        FILING, data=_filing(spec, answers, ["bukti_peristiwa"]), headers=citizen, content_type="multipart/form-data"
    )
    assert refused.status_code == 422, refused.get_json()
    assert [(e["field"], e["code"]) for e in refused.get_json()["errors"]] == [
        ("bukti_peristiwa", "document_not_asked")
    ]
    assert session.scalar(select(func.count()).select_from(Application)) == 0
    assert _stored_files(api.application) == [], "the refused filing's files are discarded"
    filed = api.post(FILING, data=_filing(spec, answers), headers=citizen, content_type="multipart/form-data")
    assert filed.status_code == 201, filed.get_json()
    record = api.get(filed.get_json()["url"], headers=citizen).get_json()
    assert set(record["documents"]) == {"surat_kehilangan"}


def test_the_service_says_when_each_document_is_asked(api):
    documents = {d["id"]: d for d in api.get(f"/api/v1/services/{SERVICE}").get_json()["documents"]}
    assert documents["bukti_peristiwa"]["when"] == "alasan_kk in ['BARU', 'PERUBAHAN']"
    assert documents["surat_kehilangan"]["when"] == "alasan_kk == 'HILANG'"


def _filed_and_returned(api, spec, session, citizen, reason: str, comment: str) -> tuple[str, dict]:
    """A family card filed through the API for ``reason``, returned by the front office at `alasan_kk`: (its
    address, the officer's headers)."""
    filed = api.post(
        FILING,
        data=_filing(spec, _answers(spec, alasan_kk=reason)),
        headers=citizen,
        content_type="multipart/form-data",
    )
    assert filed.status_code == 201, filed.get_json()
    url = filed.get_json()["url"]
    add_user(session, "fo", "operator_dukcapil", REGION)
    officer = {"Authorization": f"Bearer {issue_token(session, user='fo')}"}
    returned = api.post(
        f"{url}/transitions", json={"action": "return", "comment": comment, "fields": ["alasan_kk"]}, headers=officer
    )
    assert returned.status_code == 200, returned.get_json()
    return url, officer


def test_a_correction_that_no_longer_asks_for_a_document_drops_it(api, bundled, session, citizen):
    spec = bundled.specs[SERVICE]
    url, officer = _filed_and_returned(api, spec, session, citizen, "PERUBAHAN", "Bukan perubahan: KK rusak.")
    assert "bukti_peristiwa" in api.get(url, headers=citizen).get_json()["documents"]
    fixed = api.post(
        f"{url}/transitions", json={"action": "resubmit", "answers": {"alasan_kk": "RUSAK"}}, headers=citizen
    )
    assert fixed.status_code == 200, fixed.get_json()
    record = api.get(url, headers=officer).get_json()
    assert "bukti_peristiwa" not in record["documents"], "no longer asked: no longer kept"
    assert record["history"][-1]["fields"]["changed"]["bukti_peristiwa"]["new"] is None  # the officers see it went


def test_a_correction_that_asks_for_a_new_document_carries_it(api, bundled, session, citizen):
    # a damaged card corrected to a lost one asks for the police report, which the officer could not return
    spec = bundled.specs[SERVICE]
    url, officer = _filed_and_returned(api, spec, session, citizen, "RUSAK", "KK hilang, bukan rusak.")
    correction = json.dumps({"action": "resubmit", "answers": {"alasan_kk": "HILANG"}})
    without = api.post(
        f"{url}/transitions", data={"payload": correction}, headers=citizen, content_type="multipart/form-data"
    )
    assert without.status_code == 422  # asked for now: required, at the document
    refused = [(e["field"], e["code"]) for e in without.get_json()["errors"]]
    assert refused == [("surat_kehilangan", "required_document")]
    name, content = example_file(["pdf"])
    body = {"payload": correction, "surat_kehilangan": (io.BytesIO(content), name)}
    fixed = api.post(f"{url}/transitions", data=body, headers=citizen, content_type="multipart/form-data")
    assert fixed.status_code == 200, fixed.get_json()
    assert "surat_kehilangan" in api.get(url, headers=officer).get_json()["documents"]
