"""Issue 12, item 8: provenance survives a return. A prefilled value the citizen retypes is no longer
"verified by IKD", and the look-ups keyed by a corrected field (mother's NIK → mother's name) run again."""

from __future__ import annotations

import pytest
from api.api_helpers import REGION, SERVICE, bearer, multipart, reference_answers

from framework.services.accounts import add_user, issue_token
from plugins.sandbox.population import population

FATHER = "3203011205820001"  # BUDI SAPUTRA, husband of RINA SAPUTRA (docs/plugins.md)
MOTHER = "3203014204850001"


@pytest.fixture
def parties(session):
    add_user(session, "operator", "operator_dukcapil", REGION)
    return {
        "citizen": bearer(issue_token(session, citizen=FATHER)),
        "operator": bearer(issue_token(session, user="operator")),
    }


def file_and_return(client, parties, fields):
    answers = reference_answers(nik_pemohon=FATHER, nama_pemohon="x", nik_ibu=MOTHER, nama_ibu="x")
    filed = client.post(f"/api/v1/services/{SERVICE}/applications", data=multipart(answers), headers=parties["citizen"])
    assert filed.status_code == 201, filed.get_json()
    number = filed.get_json()["tracking_number"]
    returned = client.post(
        f"/api/v1/applications/{number}/transitions",
        json={"action": "return", "comment": "Periksa data ibu.", "fields": fields},
        headers=parties["operator"],
    )
    assert returned.status_code == 200, returned.get_json()
    return number


def record(client, parties, number):
    return client.get(f"/api/v1/applications/{number}", headers=parties["operator"]).get_json()


def resubmit(client, parties, number, answers):
    url = f"/api/v1/applications/{number}/transitions"
    return client.post(url, json={"action": "resubmit", "answers": answers}, headers=parties["citizen"])


def test_filed_values_are_verified_by_ikd(client, parties):
    number = file_and_return(client, parties, ["nama_ibu"])
    filed = record(client, parties, number)
    assert filed["answers"]["nama_ibu"] == population().person(MOTHER).name
    assert filed["prefill"]["nama_ibu"]["verified"] is True and filed["prefill"]["nama_ibu"]["source"] == "ikd"


def test_a_retyped_prefilled_value_loses_verified(client, parties):
    number = file_and_return(client, parties, ["nama_ibu"])
    assert resubmit(client, parties, number, {"nama_ibu": "NAMA YANG DIKETIK"}).status_code == 200
    after = record(client, parties, number)
    assert after["answers"]["nama_ibu"] == "NAMA YANG DIKETIK"
    assert after["prefill"]["nama_ibu"]["verified"] is False


def test_a_corrected_key_runs_its_lookup_again(client, parties):
    other = next(mother for mother in population().mothers() if mother.nik != MOTHER)
    number = file_and_return(client, parties, ["nik_ibu"])
    assert resubmit(client, parties, number, {"nik_ibu": other.nik}).status_code == 200
    after = record(client, parties, number)
    assert after["answers"]["nama_ibu"] == other.name
    assert after["prefill"]["nama_ibu"]["verified"] is True and after["prefill"]["nama_ibu"]["source"] == "ikd"
    change = after["history"][-1]
    assert "nama_ibu" in str(change)


def test_a_corrected_key_the_registry_does_not_know_leaves_the_value_unverified(client, parties):
    number = file_and_return(client, parties, ["nik_ibu", "nama_ibu"])
    answer = resubmit(client, parties, number, {"nik_ibu": "7312014501900001", "nama_ibu": "SITI"})
    assert answer.status_code == 200, answer.get_json()
    after = record(client, parties, number)
    assert after["answers"]["nama_ibu"] == "SITI" and after["prefill"]["nama_ibu"]["verified"] is False
