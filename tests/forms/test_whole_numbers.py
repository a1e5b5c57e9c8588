"""Whole numbers: what the published JSON Schema calls an integer is what the server takes, within ±2^53−1.

`1e3` is an integer to JSON Schema 2020-12 (a number with no fraction) and was refused; a 26-digit number
was accepted and stored, though no JSON client reads it back exactly. The portal's number box goes through
the same cleaner, so both doors agree.
"""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from mpp_testing import load_test_catalog
from werkzeug.datastructures import MultiDict

from framework.core.numbers import JSON_SAFE_INTEGER
from framework.forms import payload_schema, validate_answers
from framework.forms.drafting import post_page
from framework.forms.drafts import Draft

from .inline_service import service_yaml

NUMBERS = service_yaml(
    "adminduk.bilangan",
    "Bilangan",
    """\
pages:
  - id: satu
    title: {id: Satu, en: One}
    fields:
      - {id: jumlah, type: integer, label: {id: Jumlah, en: Count}}
      - {id: anak_ke, type: integer, label: {id: Anak ke-, en: Birth order}, min: 1, max: 30}
steps:
  - {id: verifikasi, title: {id: Verifikasi, en: Check}, role: operator_dukcapil, sla: 4h, actions: [approve, reject]}
""",
)


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    return load_test_catalog(tmp_path_factory.mktemp("numbers"), NUMBERS).specs["adminduk.bilangan"]


def api(spec, value):
    checked = validate_answers(spec, {"jumlah": value}, pages={"satu"})
    return checked.answers.get("jumlah"), [(e.field, e.code) for e in checked.errors]


def schema_accepts(spec, value) -> bool:
    return Draft202012Validator(payload_schema(spec)).is_valid({"region": "73.06", "answers": {"jumlah": value}})


@pytest.mark.parametrize("value", [1e3, 1000.0, 7, -JSON_SAFE_INTEGER, float(JSON_SAFE_INTEGER)])
def test_a_whole_number_written_as_a_float_is_an_integer_and_kept_as_one(spec, value):
    kept, errors = api(spec, value)
    assert errors == [] and kept == int(value) and isinstance(kept, int)
    assert schema_accepts(spec, value)


@pytest.mark.parametrize(
    ("value", "code"),
    [(99999999999999999999999999, "max"), (JSON_SAFE_INTEGER + 1, "max"), (-(2**60), "min"), (1e20, "max")],
)
def test_a_whole_number_no_json_client_reads_back_exactly_is_refused_where_it_is(spec, value, code):
    kept, errors = api(spec, value)
    assert kept is None and errors == [("jumlah", code)]
    assert not schema_accepts(spec, value), "the published schema says the same"


def test_a_fraction_is_still_not_a_whole_number(spec):
    assert api(spec, 2.5) == (None, [("jumlah", "type")])


def test_the_declared_range_still_wins_inside_the_safe_one(spec):
    checked = validate_answers(spec, {"anak_ke": 31.0}, pages={"satu"})
    assert [(e.field, e.code) for e in checked.errors] == [("anak_ke", "max")]
    published = payload_schema(spec)["properties"]["answers"]["properties"]
    anak_ke, jumlah = (published[name]["anyOf"][0] for name in ("anak_ke", "jumlah"))  # optional: or null, or ""
    assert (anak_ke["minimum"], anak_ke["maximum"]) == (1, 30)
    assert (jumlah["minimum"], jumlah["maximum"]) == (-JSON_SAFE_INTEGER, JSON_SAFE_INTEGER)


def test_the_portal_number_box_refuses_the_same_huge_number(spec):
    page = spec.pages[0]
    form = MultiDict({"jumlah": "99999999999999999999999999"})
    form.setlist("_field", [field.id for field in page.fields])
    result = post_page(spec, page, Draft.new(spec.id, spec.content_hash), form)
    [error] = [e for e in result.errors if e.field == "jumlah"]
    assert error.code == "max" and str(JSON_SAFE_INTEGER) in error.message.id
