"""The JSON the API answers holds to the shapes its OpenAPI document publishes.

An integrator generating a client from `openapi.json` got untyped objects for
the catalog and the service, and an Application whose every key was optional.
"""

from __future__ import annotations

from api_helpers import SERVICE, multipart
from jsonschema import Draft202012Validator

FILING = f"/api/v1/services/{SERVICE}/applications"


def held_to(document: dict, name: str, answer: dict) -> list[str]:
    """Where ``answer`` breaks the published schema ``name`` (its `$ref`s resolved in the document)."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    errors = Draft202012Validator(schema).iter_errors(answer)
    return [f"{list(error.absolute_path)}: {error.message}" for error in errors]


def test_the_catalog_and_a_service_have_their_published_shape(client):
    document = client.get("/api/v1/openapi.json").get_json()
    listing = client.get("/api/v1/services").get_json()
    assert listing["services"] and held_to(document, "ServiceList", listing) == []
    service = client.get(f"/api/v1/services/{SERVICE}").get_json()
    assert held_to(document, "Service", service) == []
    assert held_to(document, "Service", {key: value for key, value in service.items() if key != "steps"}) != []


def test_an_application_has_its_published_shape_for_the_applicant_and_an_officer(client, tokens):
    document = client.get("/api/v1/openapi.json").get_json()
    filed = client.post(FILING, data=multipart(), content_type="multipart/form-data", headers=tokens["citizen"])
    assert filed.status_code == 201 and held_to(document, "Status", filed.get_json()) == []
    address = f"/api/v1/applications/{filed.get_json()['tracking_number']}"
    for who in ("citizen", "operator"):
        answer = client.get(address, headers=tokens[who]).get_json()
        assert held_to(document, "Application", answer) == [], who
    without_history = {key: value for key, value in answer.items() if key != "history"}
    assert held_to(document, "Application", without_history) != []
