"""An application is returned only for what its applicant can fix: a field or document its answers asked for,
never the applicant's own identity from the registry (a value looked up by a typed NIK may be retyped)."""

from __future__ import annotations

from api_helpers import SERVICE, multipart

from framework.services.casefile import open_case
from framework.workflow.actors import Actor


def filed(client, tokens) -> str:
    answer = client.post(
        f"/api/v1/services/{SERVICE}/applications",
        data=multipart(),  # not twins: the twins' group is never asked
        headers=tokens["citizen"],
        content_type="multipart/form-data",
    )
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["tracking_number"]


def returned_for(client, tokens, number: str, fields: list[str]):
    return client.post(
        f"/api/v1/applications/{number}/transitions",
        json={"action": "return", "comment": "Perbaiki", "fields": fields},
        headers=tokens["operator"],
    )


def test_a_field_the_answers_never_asked_for_or_a_locked_one_is_refused(client, tokens):
    number = filed(client, tokens)
    refused = returned_for(client, tokens, number, ["nama_anak", "saudara_kembar", "nik_pemohon"])
    assert refused.status_code == 422
    problems = {error["field"]: error["code"] for error in refused.get_json()["errors"]}
    assert problems == {"fields.1": "not_returnable", "fields.2": "not_returnable"}
    assert client.get(f"/api/v1/applications/{number}", headers=tokens["citizen"]).get_json()["state"] != "returned"
    accepted = returned_for(client, tokens, number, ["nama_anak", "surat_keterangan_lahir"])
    assert accepted.status_code == 200 and accepted.get_json()["state"] == "returned"


def test_the_return_form_offers_only_what_the_applicant_can_fix(client, tokens, session):
    number = filed(client, tokens)
    officer = Actor.officer("operator", "operator_dukcapil", "73.12")
    offered = [name for name, _label in open_case(session, number, officer).returnable]
    assert "nama_anak" in offered and "surat_keterangan_lahir" in offered
    assert "nama_ibu" in offered  # locked, but found by the mother's NIK the citizen typed: retyped, it is unverified
    assert "saudara_kembar" not in offered and "nik_pemohon" not in offered
