"""The HTML form path and the JSON API path agree, answer by answer.

The same answers go through (1) the portal's page handling (posted text →
answers → validate_answers), (2) the generated WTForms form's own
``validate()``, (3) validate_answers on the JSON value, and (4) jsonschema
with payload_schema; all four must say the same about each field.
"""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from werkzeug.datastructures import MultiDict

from framework.forms import payload_schema, validate_answers
from framework.forms.compile import page_form
from framework.forms.drafting import post_page
from framework.forms.drafts import Draft

PAGES = {
    "anak": (
        {
            "nama_anak": "Budi",
            "jenis_kelamin": "LAKI-LAKI",
            "tanggal_lahir": "2024-03-01",
            "tempat_lahir--code": "73.06",
            "kembar": "tidak",
        },
        {
            "nama_anak": "Budi",
            "jenis_kelamin": "LAKI-LAKI",
            "tanggal_lahir": "2024-03-01",
            "tempat_lahir": "73.06",
            "kembar": False,
        },
    ),
    "orang_tua": (
        {"nik_ibu": "7306014501900002", "nama_ibu": "Siti", "pernyataan": "y"},
        {"nik_ibu": "7306014501900002", "nama_ibu": "Siti", "pernyataan": True},
    ),
}
# (page, field, posted text, JSON value, code when invalid or None)
CASES = [
    ("anak", "nama_anak", "Budi Santoso", "Budi Santoso", None),
    ("anak", "nama_anak", "x" * 101, "x" * 101, "too_long"),
    ("anak", "nama_anak", "", None, "required"),
    ("anak", "jenis_kelamin", "PEREMPUAN", "PEREMPUAN", None),
    ("anak", "jenis_kelamin", "LAINNYA", "LAINNYA", "choice"),
    ("anak", "tanggal_lahir", "2020-02-29", "2020-02-29", None),
    ("anak", "tanggal_lahir", "2021-02-29", "2021-02-29", "invalid_date"),
    ("anak", "tempat_lahir", "73", "73", "region_level"),
    ("anak", "tempat_lahir", "73.99", "73.99", "invalid_region"),
    ("anak", "kembar", "ya", True, None),
    ("orang_tua", "nik_ibu", "7306010501900002", "7306010501900002", None),
    ("orang_tua", "nik_ibu", "7306017301900002", "7306017301900002", "invalid_nik"),
    ("orang_tua", "nik_ibu", "12345", "12345", "invalid_nik"),
    ("orang_tua", "pernyataan", None, False, "declaration"),
]
SCHEMA_SILENT = {
    "region_level",
    "invalid_region",
    "invalid_date",
}  # formats a schema cannot check (an existing day, an existing region); invalid_nik by length it can
SCHEMA_SILENT_VALUES = {("nik_ibu", "7306017301900002"), ("tanggal_lahir", "2021-02-29"), ("tempat_lahir", "73.99")}


def html_errors(spec, page_id, field, text):
    posted, _json = PAGES[page_id]
    page = next(p for p in spec.pages if p.id == page_id)
    form = MultiDict({**posted, "_field": [f.id for f in page.fields if f.id != "saudara_kembar"]})
    form.setlist("_field", [f.id for f in page.fields if f.id != "saudara_kembar"])
    name = "tempat_lahir--code" if field == "tempat_lahir" else field
    form.poplist(name)
    if text is not None:
        form[name] = text
    draft = Draft.new(spec.id, spec.content_hash)
    result = post_page(spec, page, draft, form)
    return {e.code for e in result.errors if e.field == field}, form, page


def json_errors(spec, page_id, field, value):
    _posted, answers = PAGES[page_id]
    answers = {**answers, field: value}
    return {e.code for e in validate_answers(spec, answers, pages={page_id}).errors if e.field == field}, answers


def schema_refuses(spec, field, answers):
    validator = Draft202012Validator(payload_schema(spec))
    errors = validator.iter_errors({"region": "73.06", "answers": answers})
    return any(
        (list(e.absolute_path) + [None, None])[1] == field or (e.validator == "required" and f"'{field}'" in e.message)
        for e in errors
    )


@pytest.mark.parametrize(("page_id", "field", "text", "value", "code"), CASES)
def test_html_form_json_api_and_schema_agree(spec, page_id, field, text, value, code):
    expected = {code} if code else set()
    from_html, form, page = html_errors(spec, page_id, field, text)
    from_json, answers = json_errors(spec, page_id, field, value)
    assert from_html == expected
    assert from_json == expected
    if field != "tempat_lahir":  # the cascade is read by the portal, not by a single WTForms input
        generated = page_form(page, formdata=form)
        generated.validate()
        assert bool(generated.errors.get(field)) == bool(code)
    if (field, value) not in SCHEMA_SILENT_VALUES:
        assert schema_refuses(spec, field, answers) == bool(code)


def test_a_wrong_date_is_explained_in_the_format_of_the_door_it_came_through(spec):
    """Same code, but each message says how a date is written there: the portal's box takes and shows
    day-month-year (its hint says so), the JSON API takes ISO dates only.
    """
    posted, _json = PAGES["anak"]
    page = next(p for p in spec.pages if p.id == "anak")
    form = MultiDict({**posted, "tanggal_lahir": "31-02-2024"})
    form.setlist("_field", [f.id for f in page.fields if f.id != "saudara_kembar"])
    portal = next(e for e in post_page(spec, page, Draft.new(spec.id, spec.content_hash), form).errors)
    api = next(e for e in json_errors_full(spec, "2024-02-31") if e.field == "tanggal_lahir")
    assert (portal.code, api.code) == ("invalid_date", "invalid_date")
    assert "tanggal-bulan-tahun" in portal.message.id and "17-08-2024" in portal.message.id
    assert "day-month-year" in portal.message.en and "TTTT" not in portal.message.id
    assert "TTTT-BB-HH" in api.message.id and "YYYY-MM-DD" in api.message.en and "2024-08-17" in api.message.en


def json_errors_full(spec, value):
    _posted, answers = PAGES["anak"]
    return validate_answers(spec, {**answers, "tanggal_lahir": value}, pages={"anak"}).errors


@pytest.mark.parametrize("blank", ["\u200b\u200b", "\u3164", " \u2800 "])
def test_a_name_of_invisible_characters_is_missing_for_the_portal_the_generated_form_and_the_api(spec, blank):
    from_html, form, page = html_errors(spec, "anak", "nama_anak", blank)
    from_json, _answers = json_errors(spec, "anak", "nama_anak", blank)
    generated = page_form(page, formdata=form)
    generated.validate()
    assert from_html == from_json == {"required"}
    assert generated["nama_anak"].errors_code == "required"


def test_a_mistyped_number_is_said_at_once_even_when_the_save_shows_new_questions(spec):
    # the first save of the parents' page draws only what the page showed; the questions it reveals (and an
    # answer filled from IKD) are shown again, and the NIK that cannot be read is said then, not a save later
    page = next(p for p in spec.pages if p.id == "orang_tua")
    form = MultiDict({"nik_ibu": "12345"})
    form.setlist("_field", ["nik_ibu"])
    result = post_page(spec, page, Draft.new(spec.id, spec.content_hash), form)
    assert result.stay and result.appeared
    assert [(e.field, e.code) for e in result.errors] == [("nik_ibu", "invalid_nik")]
