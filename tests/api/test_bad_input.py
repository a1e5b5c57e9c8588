"""Bad input to the JSON API gets a clear 4xx in the contract's shape, never a 500 (found by benchmarks/fuzz_api.py and
by hand).
"""

from __future__ import annotations

import io
import json

import pytest
from api_helpers import SERVICE, multipart, reference_answers

FILING = f"/api/v1/services/{SERVICE}/applications"
NESTED = b'{"region": "73.12", "answers": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}"
BODIES = {
    "nested_array": b"[" * 100_000 + b"]" * 100_000,
    "nested_object": NESTED,
    "lone_surrogate": json.dumps({"region": "73.12", "answers": reference_answers(nama_anak="Budi\ud800")}).encode(),
    "nan": b'{"region": "73.12", "answers": {"nama_anak": NaN}}',
    "infinity": b'{"region": "73.12", "answers": {"nama_anak": -Infinity}}',
    "not_utf8": b'{"region": "73.12", "answers": {"nama_anak": "\xff\xfe"}}',
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_unparseable_json_is_400_bad_json(client, tokens, body):
    response = client.post(FILING, data=body, content_type="application/json", headers=tokens["citizen"])
    assert response.status_code == 400 and response.get_json()["error"] == "bad_json"


@pytest.mark.parametrize("name", ["nested_object", "lone_surrogate", "nan"])
def test_unparseable_multipart_payload_is_400_bad_json(client, tokens, name):
    response = client.post(
        FILING,
        data={"payload": BODIES[name].decode("ascii")},
        content_type="multipart/form-data",
        headers=tokens["citizen"],
    )
    assert response.status_code == 400 and response.get_json()["error"] == "bad_json"


def test_unparseable_transition_body_is_400(client, tokens):
    response = client.post(
        "/api/v1/applications/ABCD-EFGHJ/transitions",
        data=BODIES["nested_object"],
        content_type="application/json",
        headers=tokens["citizen"],
    )
    assert response.status_code == 400 and response.get_json()["error"] == "bad_json"


def transitions_of_a_filing(client, tokens) -> str:
    """The transitions address of a reference filing the citizen has just made."""
    filed = client.post(FILING, data=multipart(), content_type="multipart/form-data", headers=tokens["citizen"])
    return f"/api/v1/applications/{filed.get_json()['tracking_number']}/transitions"


def test_an_unknown_action_is_the_clients_mistake_not_a_conflict(client, tokens):
    response = client.post(
        transitions_of_a_filing(client, tokens),
        json={"action": "zzz"},
        headers=tokens["operator"],
    )
    assert response.status_code == 400 and response.get_json()["error"] == "bad_action"
    assert "approve, return, reject, withdraw, resubmit" in response.get_data(as_text=True)


def test_odd_field_names_and_a_flood_of_a_region_are_not_echoed_back(client, tokens):
    odd = client.post(
        transitions_of_a_filing(client, tokens),
        json={"action": "return", "comment": "x", "fields": [{"a": 1}]},
        headers=tokens["operator"],
    )
    assert odd.status_code == 400 and odd.get_json()["error"] == "bad_json"
    flood = client.post(
        FILING,
        data=multipart(region="7" * 100_000),
        content_type="multipart/form-data",
        headers=tokens["citizen"],
    )
    assert flood.status_code == 422 and len(flood.get_data()) < 5_000


@pytest.mark.parametrize("answers", [[1], "nama_anak", 5, []], ids=["list", "string", "number", "empty_list"])
def test_resubmit_with_answers_not_an_object_is_422(client, tokens, answers):
    url = transitions_of_a_filing(client, tokens)
    client.post(
        url,
        json={"action": "return", "comment": "Nama anak salah eja", "fields": ["nama_anak"]},
        headers=tokens["operator"],
    )
    response = client.post(url, json={"action": "resubmit", "answers": answers}, headers=tokens["citizen"])
    assert response.status_code == 422 and [(e["field"], e["code"]) for e in response.get_json()["errors"]] == [
        ("answers", "type")
    ]
    assert client.get(url.removesuffix("/transitions"), headers=tokens["citizen"]).get_json()["state"] == "returned"


def test_every_status_the_api_answers_is_documented(make_app, tokens):
    """A resubmission's corrected documents can be too large: the 413 is in the OpenAPI document, as every error status
    is.
    """
    client = make_app(MAX_CONTENT_LENGTH=1024).test_client()
    document = client.get("/api/v1/openapi.json").get_json()
    response = client.post(
        "/api/v1/applications/ABCD-EFGHJ/transitions",
        data={
            "payload": json.dumps({"action": "resubmit"}),
            "surat_keterangan_lahir": (io.BytesIO(b"%PDF" + b"0" * 4096), "a.pdf"),
        },
        content_type="multipart/form-data",
        headers=tokens["citizen"],
    )
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"
    assert "413" in document["paths"]["/applications/{tracking_number}/transitions"]["post"]["responses"]
    assert all(
        "500" in operation["responses"]
        for path, item in document["paths"].items()
        for operation in item.values()
        if path.startswith("/applications")
    )


def _conforms(document, path, method, response):
    """The response's status is documented for the operation and its JSON body matches the documented schema."""
    import jsonschema

    documented = document["paths"][path][method]["responses"]
    assert str(response.status_code) in documented, (path, method, response.status_code)
    schema = documented[str(response.status_code)]["content"]["application/json"]["schema"]
    jsonschema.Draft202012Validator({**schema, "components": document["components"]}).validate(response.get_json())


def test_real_responses_match_the_openapi_document(client, tokens):
    """What schemathesis cannot reach (it never generates a valid filing): a filed application's answers match the
    document.
    """
    document = client.get("/api/v1/openapi.json").get_json()
    filing = f"/services/{SERVICE}/applications"
    filed = client.post(FILING, data=multipart(), content_type="multipart/form-data", headers=tokens["citizen"])
    _conforms(document, filing, "post", filed)
    number = filed.get_json()["tracking_number"]
    application, transitions = "/applications/{tracking_number}", "/applications/{tracking_number}/transitions"
    _conforms(document, application, "get", client.get(f"/api/v1/applications/{number}", headers=tokens["citizen"]))
    _conforms(document, application, "get", client.get(f"/api/v1/applications/{number}", headers=tokens["operator"]))
    _conforms(document, application, "get", client.get(f"/api/v1/applications/{number}"))
    returned = client.post(
        f"/api/v1/applications/{number}/transitions",
        json={"action": "return", "comment": "Nama anak salah eja", "fields": ["nama_anak"]},
        headers=tokens["operator"],
    )
    _conforms(document, transitions, "post", returned)
    _conforms(
        document,
        transitions,
        "post",
        client.post(
            f"/api/v1/applications/{number}/transitions", json={"action": "approve"}, headers=tokens["operator"]
        ),
    )
    _conforms(
        document,
        transitions,
        "post",
        client.post(
            f"/api/v1/applications/{number}/transitions",
            json={"action": "resubmit", "answers": [1]},
            headers=tokens["citizen"],
        ),
    )
    _conforms(
        document,
        transitions,
        "post",
        client.post(
            f"/api/v1/applications/{number}/transitions",
            json={"action": "resubmit", "answers": {"nama_anak": "Budiman"}},
            headers=tokens["citizen"],
        ),
    )
    _conforms(
        document,
        filing,
        "post",
        client.post(FILING, json={"region": "73.12", "answers": {}}, headers=tokens["citizen"]),
    )
    _conforms(
        document,
        filing,
        "post",
        client.post(FILING, data=BODIES["nested_object"], content_type="application/json", headers=tokens["citizen"]),
    )
    _conforms(document, "/services/{id}", "get", client.get("/api/v1/services/tidak-ada"))


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("trace", "/api/v1/services", {"GET", "HEAD", "OPTIONS"}),
        ("delete", f"/api/v1/services/{SERVICE}/applications", {"POST", "OPTIONS"}),
    ],
)
def test_a_method_not_allowed_names_the_allowed_ones(client, method, path, allowed):
    """RFC 9110: a 405 carries `Allow` (schemathesis' unsupported_method check); the JSON error body dropped it."""
    response = client.open(path, method=method.upper())
    assert response.status_code == 405 and response.is_json and response.get_json()["error"] == "method_not_allowed"
    assert {m.strip() for m in response.headers["Allow"].split(",")} == allowed
