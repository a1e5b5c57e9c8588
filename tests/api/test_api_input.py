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
