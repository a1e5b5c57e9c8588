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
DEEP = {  # valid JSON, too deep even to parse: `too_deep`, not a syntax error
    "nested_array": b"[" * 100_000 + b"]" * 100_000,
    "nested_object": NESTED,
}
BODIES = {
    "lone_surrogate": json.dumps({"region": "73.12", "answers": reference_answers(nama_anak="Budi\ud800")}).encode(),
    "nan": b'{"region": "73.12", "answers": {"nama_anak": NaN}}',
    "infinity": b'{"region": "73.12", "answers": {"nama_anak": -Infinity}}',
    "overflow": b'{"region": "73.12", "answers": {"nama_anak": 1e400}}',  # valid syntax, parsed as infinity
    "not_utf8": b'{"region": "73.12", "answers": {"nama_anak": "\xff\xfe"}}',
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_unparseable_json_is_400_bad_json(client, tokens, body):
    response = client.post(FILING, data=body, content_type="application/json", headers=tokens["citizen"])
    assert response.status_code == 400 and response.get_json()["error"] == "bad_json"


@pytest.mark.parametrize("name", ["lone_surrogate", "nan"])
def test_unparseable_multipart_payload_is_400_bad_json(client, tokens, name):
    response = client.post(
        FILING,
        data={"payload": BODIES[name].decode("ascii")},
        content_type="multipart/form-data",
        headers=tokens["citizen"],
    )
    assert response.status_code == 400 and response.get_json()["error"] == "bad_json"


@pytest.mark.parametrize("body", DEEP.values(), ids=DEEP.keys())
@pytest.mark.parametrize("multipart_part", [False, True], ids=["json", "multipart"])
def test_valid_json_too_deep_to_parse_is_400_too_deep(client, tokens, body, multipart_part):
    """It was `bad_json` "not valid JSON": the parser's RecursionError was taken for a syntax error."""
    if multipart_part:
        response = client.post(
            FILING, data={"payload": body.decode()}, content_type="multipart/form-data", headers=tokens["citizen"]
        )
    else:
        response = client.post(FILING, data=body, content_type="application/json", headers=tokens["citizen"])
    answer = response.get_json()
    assert response.status_code == 400 and answer["error"] == "too_deep", answer
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("", "too_deep")]
    assert "32 tingkat" in answer["message"]["id"] and "32 levels" in answer["message"]["en"]


def test_a_transition_body_too_deep_to_parse_is_400_too_deep(client, tokens):
    response = client.post(
        "/api/v1/applications/ABCD-EFGHJ/transitions",
        data=DEEP["nested_object"],
        content_type="application/json",
        headers=tokens["citizen"],
    )
    assert response.status_code == 400 and response.get_json()["error"] == "too_deep"


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
        client.post(FILING, data=DEEP["nested_object"], content_type="application/json", headers=tokens["citizen"]),
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


@pytest.mark.parametrize("depth", [33, 490, 800])
def test_a_body_nested_hundreds_of_levels_deep_is_a_located_400_not_a_500(client, tokens, depth):
    """It parses (Python's limit is near 1,000), but nothing after parsing is asked to walk it."""
    nested = '{"region": "73.12", "answers": {"nama_anak": ' + '{"a": ' * depth + "1" + "}" * depth + "}}"
    response = client.post(FILING, data=nested, content_type="application/json", headers=tokens["citizen"])
    body = response.get_json()
    assert response.status_code == 400 and body["error"] == "too_deep", body
    [error] = body["errors"]
    assert error["code"] == "too_deep" and error["field"].startswith("answers.nama_anak.a.a")
    assert "32 tingkat" in error["message"]["id"]


def test_a_nul_thousands_of_levels_deep_is_located():
    from framework.core.errors import nul_errors

    deep: object = "x\x00"
    for _ in range(3000):
        deep = {"a": deep}
    [error] = nul_errors(deep)  # the walk needs no recursion
    assert error.field == ".".join(["a"] * 3000)


def test_an_unknown_top_level_key_is_a_located_400(client, tokens):
    body = {"region": "73.12", "answers": reference_answers(), "answer": {"nama_anak": "Budi"}, "extra": 1}
    response = client.post(FILING, json=body, headers=tokens["citizen"])
    assert response.status_code == 400 and response.get_json()["error"] == "unknown_key"
    assert [(e["field"], e["code"]) for e in response.get_json()["errors"]] == [
        ("answer", "unknown_key"),
        ("extra", "unknown_key"),
    ]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
def test_a_body_that_is_neither_json_nor_multipart_is_415(client, tokens, content_type):
    response = client.post(FILING, data=b"region=73.12", content_type=content_type, headers=tokens["citizen"])
    assert response.status_code == 415 and response.get_json()["error"] == "unsupported_media_type"


def test_a_payload_part_sent_as_a_file_is_read(client, tokens):
    """Clients (curl -F payload=@payload.json) attach the JSON as a file part, with a filename."""
    data = multipart()
    data["payload"] = (io.BytesIO(data["payload"].encode()), "payload.json", "application/json")
    response = client.post(FILING, data=data, content_type="multipart/form-data", headers=tokens["citizen"])
    assert response.status_code == 201, response.get_json()
    assert "payload" not in client.get(response.location, headers=tokens["citizen"]).get_json()["documents"]


def test_a_stale_expected_version_is_a_409_and_a_current_one_acts(client, tokens):
    url = transitions_of_a_filing(client, tokens)
    seen = client.get(url.removesuffix("/transitions"), headers=tokens["operator"]).get_json()["version"]
    assert isinstance(seen, int)
    stale = client.post(url, json={"action": "approve", "expected_version": seen + 1}, headers=tokens["operator"])
    assert stale.status_code == 409 and stale.get_json()["error"] == "concurrent_update"
    moved = client.post(url, json={"action": "approve", "expected_version": seen}, headers=tokens["operator"])
    assert moved.status_code == 200 and moved.get_json()["version"] > seen
    again = client.post(url, json={"action": "approve", "expected_version": seen}, headers=tokens["pejabat"])
    assert again.status_code == 409 and again.get_json()["error"] == "concurrent_update"


@pytest.mark.parametrize("version", ["3", 1.5, True, 0, [1]])
def test_an_expected_version_that_is_not_a_positive_whole_number_is_a_located_400(client, tokens, version):
    url = transitions_of_a_filing(client, tokens)
    response = client.post(url, json={"action": "approve", "expected_version": version}, headers=tokens["operator"])
    assert response.status_code == 400
    assert [e["field"] for e in response.get_json()["errors"]] == ["expected_version"]


def test_the_openapi_document_names_rate_limits_405_415_location_and_itself(client, tokens):
    document = client.get("/api/v1/openapi.json").get_json()
    filing = document["paths"][f"/services/{SERVICE}/applications"]["post"]["responses"]
    assert "Location" in filing["201"]["headers"] and "X-RateLimit-Remaining" in filing["201"]["headers"]
    assert {"405", "415", "429"} <= set(filing) and "Retry-After" in filing["429"]["headers"]
    assert "Allow" in filing["405"]["headers"]
    viewing = document["paths"]["/applications/{tracking_number}"]["get"]["responses"]
    assert "429" in viewing and "X-RateLimit-Limit" in viewing["200"]["headers"]
    assert all("405" in operation["responses"] for item in document["paths"].values() for operation in item.values())
    assert "/openapi.json" in document["paths"]
    transition = document["components"]["schemas"]["Transition"]["properties"]
    assert transition["expected_version"]["type"] == "integer"
    filed = client.post(FILING, data=multipart(), content_type="multipart/form-data", headers=tokens["citizen"])
    assert filed.headers["Location"] == filed.get_json()["url"]


def test_a_resubmission_with_a_stale_expected_version_is_a_409(client, tokens):
    url = transitions_of_a_filing(client, tokens)
    returned = client.post(
        url, json={"action": "return", "comment": "Perbaiki", "fields": ["nama_anak"]}, headers=tokens["operator"]
    )
    seen = returned.get_json()["version"]
    fix = {"action": "resubmit", "answers": {"nama_anak": "Budiman"}}
    stale = client.post(url, json={**fix, "expected_version": seen - 1}, headers=tokens["citizen"])
    assert stale.status_code == 409 and stale.get_json()["error"] == "concurrent_update"
    done = client.post(url, json={**fix, "expected_version": seen}, headers=tokens["citizen"])
    assert done.status_code == 200, done.get_json()
