"""payload_schema and validate_answers agree: one source of truth for API and form.

For every payload below the JSON Schema and validate_answers give the same
verdict on the same top-level field; payloads whose problem a schema cannot
express (NIK birth date, a rule, a condition) are accepted by the schema and
refused by validate_answers — never the other way round.
"""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from mpp_testing import load_test_catalog

from framework.forms import answers_schema, payload_schema, validate_answers
from framework.forms.types import FIELD_TYPES

from .inline_service import service_yaml
from .test_validation import documents, valid_answers

SCHEMA_AND_SERVER_REFUSE = [
    ("nama_anak", "x" * 101),
    ("nama_anak", 12),
    ("hubungan", "paman"),
    ("tanggal_lahir", "1-3-2024"),
    ("tempat_lahir", "73"),
    ("nik_ibu", "12345"),
    ("kembar", "ya"),
    ("pernyataan", False),
    ("nama_anak", None),
    ("hubungan", ...),
    ("nomor_sepatu", "42"),
    ("saudara_kembar", [{"nama": "A", "urutan": 0}]),
    ("saudara_kembar", [{"nama": "A", "warna": "merah"}]),
    ("saudara_kembar", "Adi"),
]
ONLY_SERVER_REFUSES = [
    ("nik_ibu", "7312017301900001"),  # day 33
    ("tanggal_lahir", "2999-01-01"),  # rule: not in the future
    ("tempat_lahir", "73.99"),  # no such regency
    ("kembar", True),  # the group is now required (min 1)
]
VALID = [{}, {"kembar": True, "saudara_kembar": [{"nama": "Adi", "urutan": 2}]}, {"hubungan": "wali", "nama_ibu": None}]


def schema_errors(spec, answers):
    validator = Draft202012Validator(payload_schema(spec))
    return {_field_of(e) for e in validator.iter_errors({"region": "73.12", "answers": answers})}


def _field_of(error) -> str:
    """The top-level answer an error is about (a missing one is named in the message)."""
    path = list(error.absolute_path)
    if error.validator == "required" and len(path) == 1:
        return error.message.split("'")[1]
    if error.validator == "additionalProperties" and len(path) == 1:
        return error.message.split("'")[1]
    return path[1]


def server_errors(spec, answers):
    return {e.field.split(".")[0] for e in validate_answers(spec, answers, documents=documents()).errors}


def test_the_schemas_are_valid_json_schema(spec):
    Draft202012Validator.check_schema(payload_schema(spec))
    Draft202012Validator.check_schema(answers_schema(spec))


@pytest.mark.parametrize("changes", VALID)
def test_valid_payloads_pass_both(spec, changes):
    answers = valid_answers(**changes)
    assert schema_errors(spec, answers) == set()
    assert server_errors(spec, answers) == set()


@pytest.mark.parametrize(("field", "value"), SCHEMA_AND_SERVER_REFUSE)
def test_invalid_payloads_fail_both_on_the_same_field(spec, field, value):
    answers = valid_answers(**{field: value})
    assert schema_errors(spec, answers) == {field}
    assert server_errors(spec, answers) == {field}


@pytest.mark.parametrize(("field", "value"), ONLY_SERVER_REFUSES)
def test_what_a_schema_cannot_say_is_still_refused_by_the_server(spec, field, value):
    answers = valid_answers(**{field: value})
    assert schema_errors(spec, answers) == set()
    assert server_errors(spec, answers) == {field.replace("kembar", "saudara_kembar")}


def test_every_field_type_has_a_schema_and_a_cleaner():
    from framework.definition.metaschema import FIELD_TYPES as DECLARED

    assert set(DECLARED) - {"group"} == set(FIELD_TYPES)


def test_the_payload_wraps_answers_with_a_regency(spec):
    validator = Draft202012Validator(payload_schema(spec))
    assert not validator.is_valid({"region": "73", "answers": valid_answers()})
    assert not validator.is_valid({"answers": valid_answers()})


def test_prefilled_locked_fields_are_read_only_and_say_why(spec):
    """A client reading the schema learns the server fills these from the registry and ignores posted values."""
    properties = answers_schema(spec)["properties"]
    locked = {item.id for item in spec.iter_fields() if item.locked and item.prefill}
    assert {"nama_pemohon", "nama_ibu"} <= locked
    for name, schema in properties.items():
        if name in locked:
            assert schema["readOnly"] is True, name
            assert "registri" in schema["description"] and "ignores a posted value" in schema["description"], name
        else:
            assert "readOnly" not in schema, name
    assert payload_schema(spec)["properties"]["answers"]["properties"]["nama_ibu"]["readOnly"] is True


def test_a_registry_only_field_has_no_rule_a_client_must_meet(spec):
    """nik_pemohon comes from the applicant's own IKD record: any posted value is dropped unread, so the schema
    sets no type or pattern a client could fail (and the server agrees)."""
    properties = answers_schema(spec)["properties"]
    for name in ("nik_pemohon", "nama_pemohon"):
        assert properties[name]["readOnly"] is True
        assert not {"type", "pattern", "anyOf", "const"} & set(properties[name]), name
    odd = {**valid_answers(), "nik_pemohon": 12, "nama_pemohon": ["x"]}
    assert schema_errors(spec, odd) == set()
    assert server_errors(spec, odd) == set()


CONDITIONAL_PAGE = service_yaml(
    "adminduk.halaman-bersyarat",
    "Halaman Bersyarat",
    """\
pages:
  - id: satu
    title: {id: Satu, en: One}
    fields:
      - {id: pindah, type: boolean, label: {id: Pindah?, en: Moving?}, required: true}
  - id: dua
    title: {id: Dua, en: Two}
    when: pindah == true
    fields:
      - {id: alamat_baru, type: text, label: {id: Alamat baru, en: New address}, required: true}
steps:
  - {id: verifikasi, title: {id: Verifikasi, en: Check}, role: operator_dukcapil, sla: 4h, actions: [approve, reject]}
""",
)


def test_a_required_field_on_a_conditional_page_is_not_required_by_the_schema(tmp_path):
    conditional = load_test_catalog(tmp_path, CONDITIONAL_PAGE).specs["adminduk.halaman-bersyarat"]
    schema = answers_schema(conditional)
    assert schema["required"] == ["pindah"]
    validator = Draft202012Validator(payload_schema(conditional))
    staying = {"region": "73.12", "answers": {"pindah": False}}
    assert validator.is_valid(staying) and validate_answers(conditional, staying["answers"]).ok
    moving = validate_answers(conditional, {"pindah": True})
    assert {(e.field, e.code) for e in moving.errors} == {("alamat_baru", "required")}  # the server still asks
