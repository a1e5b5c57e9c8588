"""What an API integrator sends wrong, each answered where it is wrong (found by a reviewer probing the API).

Transition bodies are checked key by key as filings are; a region or a number of the wrong kind is located
with the answers' errors; a body too deep or too large is named so; a withdrawn service says so; a document
the answers do not ask for is not stored.
"""

from __future__ import annotations

import pytest
from api_helpers import SERVICE, multipart

FILING = f"/api/v1/services/{SERVICE}/applications"


def transitions_of_a_filing(client, tokens) -> str:
    filed = client.post(FILING, data=multipart(), content_type="multipart/form-data", headers=tokens["citizen"])
    assert filed.status_code == 201, filed.get_json()
    return f"/api/v1/applications/{filed.get_json()['tracking_number']}/transitions"


def located(response) -> list[tuple[str, str]]:
    return [(error["field"], error["code"]) for error in response.get_json()["errors"]]


# --- transitions ------------------------------------------------------------------------------


def test_a_misspelt_key_of_a_transition_is_refused_and_nothing_moves(client, tokens):
    """`expected_versoin` was ignored: the approval went through with the stale-version check switched off."""
    url = transitions_of_a_filing(client, tokens)
    response = client.post(url, json={"action": "approve", "expected_versoin": 1}, headers=tokens["operator"])
    assert response.status_code == 400 and response.get_json()["error"] == "unknown_key"
    assert located(response) == [("expected_versoin", "unknown_key")]
    assert "expected_version" in response.get_json()["errors"][0]["message"]["en"]
    record = client.get(url.removesuffix("/transitions"), headers=tokens["operator"]).get_json()
    assert record["state"] == "verifikasi"


def test_the_published_transition_schema_takes_no_other_key(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["components"]["schemas"]["Transition"]["additionalProperties"] is False


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, [("action", "required")]),
        ({"action": 1}, [("action", "type")]),
        ({"comment": 5}, [("action", "required"), ("comment", "type")]),
        (
            {"action": "return", "comment": 5, "fields": "nama_anak", "reasons": {"a": 1}},
            [("comment", "type"), ("fields", "type"), ("reasons", "type")],
        ),
        ({"action": "approve", "passphrase": 7, "x": 1}, [("passphrase", "type"), ("x", "unknown_key")]),
        ({"action": "zzz"}, [("action", "bad_action")]),
    ],
)
def test_each_wrong_key_of_a_transition_is_located(client, tokens, body, errors):
    response = client.post(transitions_of_a_filing(client, tokens), json=body, headers=tokens["operator"])
    assert response.status_code == 400, response.get_json()
    assert located(response) == errors


def test_an_action_not_allowed_now_speaks_to_an_api_client_not_of_a_page(client, tokens):
    url = transitions_of_a_filing(client, tokens)
    assert client.post(url, json={"action": "approve"}, headers=tokens["operator"]).status_code == 200
    refused = client.post(url, json={"action": "reject", "comment": "x"}, headers=tokens["operator"])
    assert refused.status_code == 409 and refused.get_json()["error"] == "not_allowed_in_state"
    message = refused.get_json()["message"]
    assert "page" not in message["en"] and "halaman" not in message["id"], message
    assert "actions" in message["en"]


# --- filing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("region", "code"), [(7306, "type"), (None, "required"), ("99.99", "unknown_region")])
def test_a_region_of_the_wrong_kind_is_located_beside_the_answers_errors(client, tokens, region, code):
    """A number was reported as `required` and hid every other error."""
    from api_helpers import reference_answers

    body = {"answers": reference_answers(nama_anak=5)} | ({} if region is None else {"region": region})
    response = client.post(FILING, json=body, headers=tokens["citizen"])
    assert response.status_code == 422, response.get_json()
    assert ("region", code) in located(response) and ("nama_anak", "type") in located(response)


def _not_parsed(monkeypatch):
    import framework.web.api as api

    def parse(*_args):
        raise AssertionError("a JSON body over the cap was parsed")

    monkeypatch.setattr(api, "_parse_json", parse)


def test_a_json_body_over_the_json_cap_is_413_unparsed(client, tokens, monkeypatch):
    """A 30 MB JSON filing was read and parsed (the 60 MB cap is for uploads) and answered 422 `too_long`."""
    from framework.web.api import MAX_JSON_BYTES

    _not_parsed(monkeypatch)
    body = b'{"region": "73.12", "answers": {"nama_anak": "' + b"x" * MAX_JSON_BYTES + b'"}}'
    response = client.post(FILING, data=body, content_type="application/json", headers=tokens["citizen"])
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"
    assert "1 MB" in response.get_json()["message"]["en"]
    transition = client.post(
        "/api/v1/applications/ABCD-EFGHJ/transitions",
        data=body,
        content_type="application/json",
        headers=tokens["operator"],
    )
    assert transition.status_code == 413


@pytest.mark.parametrize("as_file", [True, False], ids=["file_part", "form_field"])
def test_a_multipart_payload_part_over_the_json_cap_is_413_unparsed(client, tokens, monkeypatch, as_file):
    """The cap made small here: a part of megabytes leaves the test client's own spooled file open (a warning)."""
    import io

    import framework.web.api as api

    monkeypatch.setattr(api, "MAX_JSON_BYTES", 2000)
    _not_parsed(monkeypatch)
    data = multipart()
    padded = " " * 2001 + data["payload"]
    data["payload"] = (io.BytesIO(padded.encode()), "payload.json") if as_file else padded
    response = client.post(FILING, data=data, content_type="multipart/form-data", headers=tokens["citizen"])
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"


def _multipart_payload_field(payload: str) -> tuple[bytes, str]:
    """Written out: the test client spools a body this large to a file it leaves open (a warning)."""
    body = b'--b0undary\r\nContent-Disposition: form-data; name="payload"\r\n\r\n' + payload.encode()
    return body + b"\r\n--b0undary--\r\n", "multipart/form-data; boundary=b0undary"


def test_a_payload_form_field_between_werkzeugs_cap_and_the_json_cap_is_read(client, tokens):
    """Werkzeug refuses a form field over 500 kB as a request too large in general; the API's cap is 1 MB."""
    import json

    from api_helpers import reference_answers

    payload = json.dumps({"region": "73.12", "answers": reference_answers(nama_anak="x" * 600_000)})
    body, content_type = _multipart_payload_field(payload)
    response = client.post(FILING, data=body, content_type=content_type, headers=tokens["citizen"])
    assert response.status_code == 422 and ("nama_anak", "too_long") in located(response)


@pytest.mark.parametrize("over", [1, 100_000], ids=["one_byte", "far"])
def test_a_payload_form_field_past_the_json_cap_is_refused_in_its_words(client, tokens, over):
    from framework.web.api import MAX_JSON_BYTES

    body, content_type = _multipart_payload_field(" " * (MAX_JSON_BYTES + over) + "{}")
    response = client.post(FILING, data=body, content_type=content_type, headers=tokens["citizen"])
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"
    assert "1 MB" in response.get_json()["message"]["en"]


def test_a_multipart_post_of_too_many_parts_is_not_called_json_too_large(client, tokens):
    """Before: a 413 for more parts than Werkzeug's ``max_form_parts`` said "JSON too large (at most 1 MB)"."""
    parts = client.application.config.get("MAX_FORM_PARTS") or 1000
    body = "".join(f'--b\r\nContent-Disposition: form-data; name="n{n}"\r\n\r\nx\r\n' for n in range(parts + 1))
    content_type = "multipart/form-data; boundary=b"
    response = client.post(FILING, data=body + "--b--\r\n", content_type=content_type, headers=tokens["citizen"])
    message = response.get_json()["message"]
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"
    assert "terlalu banyak bagian" in message["id"] and f"too many parts (at most {parts})" in message["en"]
    assert "JSON" not in message["en"]


def test_a_json_body_under_the_cap_is_still_read(client, tokens):
    from api_helpers import reference_answers

    body = {"region": "73.12", "answers": reference_answers(nama_anak="x" * 600_000)}
    response = client.post(FILING, json=body, headers=tokens["citizen"])
    assert response.status_code == 422 and ("nama_anak", "too_long") in located(response)
