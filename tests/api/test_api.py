"""The JSON API of DESIGN.md: a citizen files the reference example, officers take it to `issued`."""

from __future__ import annotations

import pytest
from api_helpers import PDF, SERVICE, bearer, multipart, reference_answers

from framework.services import applications
from framework.services import tracking_numbers as tracking
from framework.store import AuditEvent


def file_reference(client, tokens, **headers):
    return client.post(
        f"/api/v1/services/{SERVICE}/applications",
        data=multipart(),
        headers={**tokens["citizen"], **headers},
        content_type="multipart/form-data",
    )


def test_services_and_their_payload_schema(client):
    listed = client.get("/api/v1/services").get_json()["services"]
    assert [s["id"] for s in listed] == [SERVICE]
    detail = client.get(f"/api/v1/services/{SERVICE}").get_json()
    assert detail["payload_schema"]["type"] == "object" and "answers" in detail["payload_schema"]["properties"]
    assert [s["id"] for s in detail["steps"]] == ["verifikasi", "penandatanganan"]
    assert client.get("/api/v1/services/adminduk.tidak-ada").status_code == 404


def test_a_citizen_files_and_officers_take_it_to_issued(app, client, session, tokens):
    filed = file_reference(client, tokens)
    assert filed.status_code == 201, filed.get_json()
    body = filed.get_json()
    number = body["tracking_number"]
    assert tracking.is_valid(number) and body["state"] == "verifikasi" and filed.headers["Location"].endswith(number)

    seen = client.get(f"/api/v1/applications/{number}", headers=tokens["operator"]).get_json()
    assert seen["documents"]["surat_keterangan_lahir"]["size"] == len(PDF) and seen["actions"] == [
        "approve",
        "return",
        "reject",
    ]
    step1 = client.post(
        f"/api/v1/applications/{number}/transitions",
        json={"action": "approve", "comment": "Berkas lengkap"},
        headers=tokens["operator"],
    )
    assert step1.status_code == 200 and step1.get_json()["state"] == "penandatanganan"
    step2 = client.post(
        f"/api/v1/applications/{number}/transitions", json={"action": "approve"}, headers=tokens["pejabat"]
    )
    assert step2.status_code == 200 and step2.get_json()["state"] == "approved"

    applications.mark_issued(session, number, "AKTA-7312-LT-29112026-0001")  # what the provider worker does
    mine = client.get(f"/api/v1/applications/{number}", headers=tokens["citizen"]).get_json()
    assert mine["state"] == "issued" and mine["product_ref"] == "AKTA-7312-LT-29112026-0001"
    assert [(h["action"], h["to"]) for h in mine["history"]] == [
        ("submit", "verifikasi"),
        ("approve", "penandatanganan"),
        ("approve", "approved"),
        ("issue", "issued"),
    ]
    assert (
        mine["history"][1]["comment"] == "Berkas lengkap" and "actor" not in mine["history"][1]
    )  # officers stay anonymous to citizens
    views = list(session.query(AuditEvent).filter_by(action="application.view"))
    assert [(e.actor, e.ip) for e in views] == [("operator", "127.0.0.1")]


def test_json_submission_422_in_the_contract_shape(client, tokens):
    response = client.post(
        f"/api/v1/services/{SERVICE}/applications",
        json={"region": "73.12", "answers": reference_answers(nama_anak="", tanggal_lahir="2024-02-30")},
        headers=tokens["citizen"],
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert {(e["field"], e["code"]) for e in errors} >= {
        ("nama_anak", "required"),
        ("tanggal_lahir", "invalid_date"),
        ("surat_keterangan_lahir", "required_document"),
    }
    assert all(set(e) == {"field", "code", "message"} for e in errors)


def test_repeated_idempotency_key_returns_the_same_application(client, tokens):
    first = file_reference(client, tokens, **{"Idempotency-Key": "abc-123"})
    again = file_reference(client, tokens, **{"Idempotency-Key": "abc-123"})
    other = file_reference(client, tokens, **{"Idempotency-Key": "abc-124"})
    assert first.status_code == again.status_code == 201
    assert (
        first.get_json()["tracking_number"]
        == again.get_json()["tracking_number"]
        != other.get_json()["tracking_number"]
    )


def test_idempotency_key_reused_with_another_body_is_refused(client, tokens):
    """IETF Idempotency-Key draft: same key + same body replays the 201; same key + other body is a 422,
    nothing filed.
    """
    url = f"/api/v1/services/{SERVICE}/applications"
    headers = {**tokens["citizen"], "Idempotency-Key": "klik-42"}
    first = client.post(url, data=multipart(), headers=headers, content_type="multipart/form-data")
    other_answers = client.post(
        url,
        data=multipart(reference_answers(nama_anak="Citra", jenis_kelamin="PEREMPUAN")),
        headers=headers,
        content_type="multipart/form-data",
    )
    other_file = client.post(
        url,
        data=multipart(files={"surat_keterangan_lahir": PDF + b"%another scan\n"}),
        headers=headers,
        content_type="multipart/form-data",
    )
    same = client.post(url, data=multipart(), headers=headers, content_type="multipart/form-data")
    assert first.status_code == same.status_code == 201
    assert same.get_json()["tracking_number"] == first.get_json()["tracking_number"]
    for refused in (other_answers, other_file):
        body = refused.get_json()
        assert refused.status_code == 422 and body["error"] == "idempotency_key_reused", body
        assert body["errors"][0]["field"] == "Idempotency-Key" and body["message"]["id"] and body["message"]["en"]
    mine = client.get(
        f"/api/v1/applications/{first.get_json()['tracking_number']}", headers=tokens["citizen"]
    ).get_json()
    assert mine["answers"]["nama_anak"] == "Budi"


def test_transition_errors(client, tokens):
    number = file_reference(client, tokens).get_json()["tracking_number"]
    url = f"/api/v1/applications/{number}/transitions"
    assert client.post(url, json={"action": "approve"}, headers=tokens["gowa"]).status_code == 403  # wrong region
    assert client.post(url, json={"action": "approve"}, headers=tokens["citizen"]).status_code == 403  # wrong role
    assert (
        client.post(url, json={"action": "approve"}, headers=tokens["pejabat"]).status_code == 409
    )  # not at that step yet
    missing_reason = client.post(url, json={"action": "reject"}, headers=tokens["operator"])
    assert missing_reason.status_code == 422 and missing_reason.get_json()["errors"][0]["field"] == "comment"
    assert client.post(url, json={"action": "resubmit"}, headers=tokens["citizen"]).status_code == 409  # not returned
    assert (
        client.post(url, json={"action": "reject", "comment": "Tidak sah"}, headers=tokens["operator"]).status_code
        == 200
    )
    assert client.post(url, json={"action": "withdraw"}, headers=tokens["citizen"]).status_code == 409  # decided


def test_return_and_resubmit_through_the_api(client, tokens):
    number = file_reference(client, tokens).get_json()["tracking_number"]
    url = f"/api/v1/applications/{number}/transitions"
    returned = client.post(
        url,
        json={"action": "return", "comment": "Nama anak salah eja", "fields": ["nama_anak"]},
        headers=tokens["operator"],
    )
    assert returned.get_json()["returned"] == {
        "reason": "Nama anak salah eja",
        "fields": ["nama_anak"],
        "from_step": "verifikasi",
    }
    locked = client.post(url, json={"action": "resubmit", "answers": {"nama_ibu": "Sitti"}}, headers=tokens["citizen"])
    assert locked.status_code == 422 and locked.get_json()["errors"][0]["code"] == "field_locked"
    fixed = client.post(
        url, json={"action": "resubmit", "answers": {"nama_anak": "Budiman"}}, headers=tokens["citizen"]
    )
    assert fixed.status_code == 200 and fixed.get_json()["state"] == "verifikasi"
    assert fixed.get_json()["history"][-1]["fields"] == {"changed": {"nama_anak": {"old": "Budi", "new": "Budiman"}}}


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("get", "/api/v1/applications/ABCD-EFGHJ", {}, 401),
        (
            "post",
            f"/api/v1/services/{SERVICE}/applications",
            {"data": "not json", "content_type": "application/json"},
            401,
        ),
        ("get", "/api/v1/nothing-here", {}, 404),
        ("delete", "/api/v1/services", {}, 405),
    ],
)
def test_errors_are_json_without_a_token(client, method, path, kwargs, status):
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status and response.is_json and "message" in response.get_json()


def test_errors_are_json_with_a_token(client, tokens):
    bad_json = client.post(
        f"/api/v1/services/{SERVICE}/applications", data="{", content_type="application/json", headers=tokens["citizen"]
    )
    assert bad_json.status_code == 400 and bad_json.get_json()["error"] == "bad_json"
    mistyped = client.get("/api/v1/applications/ABCD-EFGHJ", headers=tokens["citizen"])
    assert mistyped.status_code in (400,) and mistyped.get_json()["error"] == "bad_tracking_number"
    unknown = client.get(f"/api/v1/applications/{tracking.generate()}", headers=tokens["citizen"])
    assert unknown.status_code == 404
    assert client.get("/api/v1/services", headers=bearer("mpp_forged")).status_code == 200  # listing needs no token
    assert client.get(f"/api/v1/applications/{tracking.generate()}", headers=bearer("mpp_forged")).status_code == 401
    officer_filing = client.post(
        f"/api/v1/services/{SERVICE}/applications", json={"region": "73.12", "answers": {}}, headers=tokens["operator"]
    )
    assert officer_filing.status_code == 403


def test_someone_elses_application_is_forbidden(client, tokens):
    number = file_reference(client, tokens).get_json()["tracking_number"]
    assert client.get(f"/api/v1/applications/{number}", headers=tokens["other_citizen"]).status_code == 403
    assert client.get(f"/api/v1/applications/{number}", headers=tokens["gowa"]).status_code == 403


def test_too_large_is_413_json(make_app, tokens):
    client = make_app(MAX_CONTENT_LENGTH=1024).test_client()
    response = client.post(
        f"/api/v1/services/{SERVICE}/applications",
        data=multipart(files={"surat_keterangan_lahir": PDF + b"0" * 4096}),
        headers=tokens["citizen"],
        content_type="multipart/form-data",
    )
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"


def test_unexpected_errors_are_json_500(app, client, tokens, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(applications, "view", broken)
    response = client.get(f"/api/v1/applications/{tracking.generate()}", headers=tokens["citizen"])
    assert (
        response.status_code == 500
        and response.get_json()["error"] == "internal_error"
        and "boom" not in response.get_data(as_text=True)
    )


def test_openapi_document_includes_each_payload_schema(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    operation = document["paths"][f"/services/{SERVICE}/applications"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert "answers" in schema["properties"]
    assert (
        "surat_keterangan_lahir" in operation["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
    )
    assert set(operation["responses"]) >= {"201", "422"}


def test_a_transition_publishes_the_503_of_an_unreachable_bsre(client):
    """An approval that is the head's electronic signature answers 503 when BSrE is down; it was not published."""
    document = client.get("/api/v1/openapi.json").get_json()
    responses = document["paths"]["/applications/{tracking_number}/transitions"]["post"]["responses"]
    assert "BSrE" in responses["503"]["description"]


def test_locked_fields_come_from_the_registry_not_the_request(client, session):
    from framework.services.accounts import issue_token

    nik = "7306031407910001"  # FAJAR HALIM in the IKD sandbox population
    token = bearer(issue_token(session, citizen=nik))
    answers = reference_answers(nik_pemohon=nik, nama_pemohon="Nama Palsu")
    filed = client.post(
        f"/api/v1/services/{SERVICE}/applications",
        data=multipart(answers=answers),
        headers=token,
        content_type="multipart/form-data",
    )
    assert filed.status_code == 201, filed.get_json()
    record = client.get(f"/api/v1/applications/{filed.get_json()['tracking_number']}", headers=token).get_json()
    assert record["answers"]["nama_pemohon"] == "FAJAR HALIM"
    assert record["prefill"]["nama_pemohon"] == {"source": "ikd", "verified": True}
