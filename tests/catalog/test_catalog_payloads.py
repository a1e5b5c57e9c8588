"""A payload built from each service's JSON Schema is accepted by the schema and by the server's validation."""

from __future__ import annotations

import jsonschema
import pytest
from cataloghelpers import DEFINITIONS, as_applicant, example_uploads

from framework.definition import load_catalog
from framework.forms.examples import example_payload
from framework.forms.prefill import resolve_prefill
from framework.forms.schema import payload_schema
from framework.forms.validation import validate_answers

REGION = "73.12"
SERVICES = sorted(spec.id for spec in load_catalog(DEFINITIONS).offered())


@pytest.mark.parametrize("service_id", SERVICES)
def test_example_payload_is_valid(bundled, service_id):
    spec = bundled.specs[service_id]
    region = spec.region or REGION
    schema = payload_schema(spec)
    payload = example_payload(schema, region)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(payload)
    # locked fields are the registries' to fill, never the client's: a client leaves them out
    answers = {name: value for name, value in payload["answers"].items() if not spec.field(name).locked}
    # a SIP needs SISDMK's profession and STR: filed by a sandbox health worker of its profession
    applicant, answers = as_applicant(spec, answers, None)
    prefilled = resolve_prefill(spec, applicant, answers) if applicant else None
    values = {**answers, **{name: item.value for name, item in (prefilled or {}).items()}}
    result = validate_answers(spec, answers, prefilled=prefilled, documents=example_uploads(spec, values))
    assert [e.as_dict("en") for e in result.errors] == []
