"""validate_answers: types, conditions, repeats, locked prefill, documents, rules."""

from __future__ import annotations

import datetime as dt

import pytest
from mpp_testing import load_test_catalog

from framework.core.patterns import EMAIL, NIK
from framework.forms import DOCUMENTS_PAGE, validate_answers
from framework.forms.types import FIELD_TYPES, Invalid
from framework.storage import describe

from .inline_service import service_yaml

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MOTHER_NIK = "7312014501900001"  # day 45 = 5th, a woman


def valid_answers(**changes):
    answers = {
        "nik_pemohon": "7312010101900001",
        "nama_pemohon": "Ani",
        "hubungan": "ayah",
        "nama_anak": "Budi",
        "jenis_kelamin": "LAKI-LAKI",
        "tanggal_lahir": "2024-03-01",
        "tempat_lahir": "73.12",
        "kembar": False,
        "nik_ibu": MOTHER_NIK,
        "nama_ibu": "Siti",
        "pernyataan": True,
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not ...}


def documents():
    return {"surat_keterangan_lahir": describe(PDF, "surat.pdf", "k" * 20)}


def codes(result):
    return {(e.field, e.code) for e in result.errors}


IDENTITY = {"nik_pemohon": "7312010101900001", "nama_pemohon": "Ani"}  # what IKD knows of the applicant


def test_a_complete_valid_application_passes_and_is_cleaned(spec):
    result = validate_answers(spec, valid_answers(), prefilled=IDENTITY, documents=documents())
    assert result.errors == ()
    assert result.answers["tanggal_lahir"] == "2024-03-01"
    assert list(result.answers)[:3] == ["nik_pemohon", "nama_pemohon", "hubungan"]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("nama_anak", "x" * 101, "too_long"),
        ("nama_anak", 12, "type"),
        ("hubungan", "paman", "choice"),
        ("tanggal_lahir", "2024-02-30", "invalid_date"),
        ("tanggal_lahir", "01-03-2024", "invalid_date"),
        ("tempat_lahir", "73", "region_level"),
        ("tempat_lahir", "73.99", "invalid_region"),
        ("tempat_lahir", "xx", "invalid_region"),
        ("nik_ibu", "731201450190000", "invalid_nik"),
        ("nik_ibu", "7312017301900001", "invalid_nik"),  # day 73-40 = 33: no such day
        ("nik_ibu", "9912014501900001", "invalid_nik"),  # no province 99
        ("kembar", "ya", "type"),
        ("pernyataan", False, "declaration"),
        ("nama_anak", None, "required"),
        ("nama_anak", "", "required"),
        ("hubungan", ..., "required"),
    ],
)
def test_bad_answers_are_reported_on_their_field(spec, field, value, code):
    result = validate_answers(spec, valid_answers(**{field: value}), documents=documents())
    assert codes(result) == {(field, code)}
    assert all(e.message.id and e.message.en for e in result.errors)


def test_nik_of_a_woman_has_forty_added_to_the_day(spec):
    # 4501 → 5 January; 0501 is the same date for a man: both valid
    for nik in ("7312014501900001", "7312010501900001"):
        assert validate_answers(spec, valid_answers(nik_ibu=nik), documents=documents()).errors == ()


def test_unknown_fields_are_refused(spec):
    assert ("nomor_sepatu", "unknown_field") in codes(
        validate_answers(spec, valid_answers(nomor_sepatu="42"), documents=documents())
    )


def test_a_hidden_group_is_dropped_and_not_checked(spec):
    result = validate_answers(spec, valid_answers(kembar=False, saudara_kembar=[{"nama": ""}]), documents=documents())
    assert result.errors == ()
    assert "saudara_kembar" not in result.answers


def test_a_shown_repeat_checks_rows_and_counts(spec):
    answers = valid_answers(kembar=True, saudara_kembar=[{"nama": "Adi", "urutan": 2}, {"urutan": 9}])
    result = validate_answers(spec, answers, documents=documents())
    assert codes(result) == {("saudara_kembar.1.nama", "required"), ("saudara_kembar.1.urutan", "max")}
    assert ("saudara_kembar", "min_items") in codes(
        validate_answers(spec, valid_answers(kembar=True), documents=documents())
    )
    six = [{"nama": f"A{i}"} for i in range(6)]
    assert ("saudara_kembar", "max_items") in codes(
        validate_answers(spec, valid_answers(kembar=True, saudara_kembar=six), documents=documents())
    )


def test_locked_fields_take_the_prefilled_value_and_ignore_the_posted_one(spec):
    result = validate_answers(
        spec, valid_answers(nama_pemohon="Penyusup"), prefilled={"nama_pemohon": "Ani Lestari"}, documents=documents()
    )
    assert result.answers["nama_pemohon"] == "Ani Lestari"


def test_a_registry_only_field_the_registry_lacks_is_empty_whatever_was_typed(spec):
    """The applicant's own record (IKD, by: applicant) is never typed: nothing from IKD, nothing kept."""
    result = validate_answers(spec, valid_answers(nama_pemohon="Ani"), prefilled={}, documents=documents())
    assert result.ok and "nama_pemohon" not in result.answers and "nik_pemohon" not in result.answers


def test_a_registry_only_field_ignores_a_malformed_posted_value(spec):
    result = validate_answers(spec, valid_answers(nik_pemohon=12), prefilled=IDENTITY, documents=documents())
    assert result.ok and result.answers["nik_pemohon"] == IDENTITY["nik_pemohon"]


def test_a_field_locked_by_another_answer_keeps_the_typed_value_when_the_registry_lacks_it(spec):
    """The mother's name, looked up by her NIK: typed when IKD knows nothing (marked unverified, issue 12)."""
    result = validate_answers(spec, valid_answers(nama_ibu="Siti"), prefilled={}, documents=documents())
    assert result.answers["nama_ibu"] == "Siti"


REQUIRED_FROM_REGISTRY = service_yaml(
    "adminduk.uji-registri",
    "Uji Registri",
    """\
prefill:
  nakes: {source: sisdmk, by: applicant}
pages:
  - id: satu
    title: {id: Satu, en: One}
    fields:
      - {id: nama, type: text, label: {id: Nama, en: Name}, prefill: nakes.nama_lengkap, locked: true, required: true}
      - {id: catatan, type: text, label: {id: Catatan, en: Note}}
steps:
  - {id: verifikasi, title: {id: Verifikasi, en: Check}, role: operator_dukcapil, sla: 4h, actions: [approve, reject]}
""",
)


@pytest.fixture(scope="module")
def registry_spec(tmp_path_factory):
    catalog = load_test_catalog(tmp_path_factory.mktemp("registry"), REQUIRED_FROM_REGISTRY)
    return catalog.specs["adminduk.uji-registri"]


def test_a_required_registry_only_field_the_registry_lacks_says_so_and_is_not_typed(registry_spec):
    result = validate_answers(registry_spec, {"nama": "Typed By Citizen"}, prefilled={})
    [error] = result.errors
    assert (error.field, error.code) == ("nama", "not_in_registry")
    assert "SISDMK tidak memiliki data ini" in error.message.id
    assert validate_answers(registry_spec, {"nama": "X"}, prefilled={"nama": "Ani"}).answers == {"nama": "Ani"}


@pytest.mark.parametrize(
    "blank",
    [
        "   ",
        "\t\n",
        "\u00a0\u3000",
        "\u200b\u200b",
        "\ufeff",
        " \u200d \u2060 ",
        "\u3164\u3164",
        "\u2800",
        " \u115f\u1160 ",
    ],
)
def test_a_required_text_of_only_blanks_or_zero_width_characters_is_missing(spec, blank):
    result = validate_answers(spec, valid_answers(nama_anak=blank), prefilled=IDENTITY, documents=documents())
    assert codes(result) == {("nama_anak", "required")}


def test_visible_text_among_blanks_is_an_answer(spec):
    result = validate_answers(spec, valid_answers(nama_anak="\u200b Budi "), prefilled=IDENTITY, documents=documents())
    assert result.ok and result.answers["nama_anak"] == "\u200b Budi "


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("nik_ibu", MOTHER_NIK + "\n", "invalid_nik"),
        ("tanggal_lahir", "2024-03-01\n", "invalid_date"),
        ("tempat_lahir", "73.12\n", "invalid_region"),
        ("tempat_lahir", "\u0667\u0663.\u0661\u0662", "invalid_region"),  # Arabic-Indic digits: not a Kemendagri code
    ],
)
def test_a_trailing_newline_or_foreign_digits_do_not_pass_a_pattern(spec, field, value, code):
    result = validate_answers(spec, valid_answers(**{field: value}), prefilled=IDENTITY, documents=documents())
    assert codes(result) == {(field, code)}


def test_rules_use_typed_dates_and_the_definition_message(spec):
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    result = validate_answers(spec, valid_answers(tanggal_lahir=tomorrow), documents=documents())
    [error] = result.errors
    assert (error.field, error.code) == ("tanggal_lahir", "rule")
    assert error.message.en == "The date of birth cannot be in the future."


def test_page_scope_reports_only_that_page(spec):
    result = validate_answers(spec, {"nama_anak": "x" * 101, "hubungan": "paman"}, pages={"anak"})
    assert {e.field for e in result.errors} == {"nama_anak", "jenis_kelamin", "tanggal_lahir", "tempat_lahir"}


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (describe(b"MZ\x90\x00" + b"\x00" * 100, "surat.pdf", "k" * 20), "file_type"),  # an executable named .pdf
        (describe(b"", "surat.pdf", "k" * 20), "file_empty"),
        (describe(PDF + b"\x00" * (2 * 1024 * 1024), "surat.pdf", "k" * 20), "file_size"),
    ],
)
def test_documents_are_checked_by_content_and_size(spec, upload, code):
    result = validate_answers(spec, valid_answers(), documents={"surat_keterangan_lahir": upload})
    assert codes(result) == {("surat_keterangan_lahir", code)}


def test_documents_png_is_accepted_and_missing_required_is_reported(spec):
    png = describe(PNG, "foto.png", "k" * 20)
    assert validate_answers(spec, {}, documents={"surat_keterangan_lahir": png}, pages={DOCUMENTS_PAGE}).errors == ()
    assert codes(validate_answers(spec, {}, pages={DOCUMENTS_PAGE})) == {
        ("surat_keterangan_lahir", "required_document")
    }


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("081234567890", "+6281234567890"), ("6281234567890", "+6281234567890"), ("+6281234567890", "+6281234567890")],
)
def test_phone_numbers_are_normalised(tmp_path, typed, stored):
    from framework.core.text import Text
    from framework.definition.model import FieldSpec
    from framework.forms.types import FIELD_TYPES

    phone = FieldSpec("hp", "phone", Text("HP"), "p")
    assert FIELD_TYPES["phone"].clean(phone, typed) == stored


def test_the_phone_messages_example_is_a_number_the_api_accepts():
    """The message taught `0812 3456 7890`, which the JSON API (held to the published pattern) refused."""
    import re

    from framework.core.text import Text
    from framework.definition.model import FieldSpec
    from framework.forms.messages import MESSAGES
    from framework.forms.types import FIELD_TYPES

    phone = FieldSpec("hp", "phone", Text("HP"), "p")
    for text in (MESSAGES["invalid_phone"].id, MESSAGES["invalid_phone"].get("en")):
        example = re.search(r"(?:misalnya|like) (\S+)\.$", text).group(1)
        assert FIELD_TYPES["phone"].clean(phone, example).startswith("+628")


def test_counted_messages_read_right_in_english():
    from framework.forms.messages import message

    assert message("min_items", min=1).get("en") == "Add at least 1 entry."
    assert message("max_items", max=5).get("en") == "Add at most 5 entries."
    assert message("min_items", min=1).id == "Isi paling sedikit 1 baris."


@pytest.mark.parametrize(
    ("kind", "value"), [("email", "ani@contoh.id\n"), ("phone", "081234567890\n"), ("nik", MOTHER_NIK + "\n")]
)
def test_every_type_with_a_pattern_refuses_a_trailing_newline(spec, kind, value):
    with pytest.raises(Invalid):
        FIELD_TYPES[kind].clean(spec.field("nama_anak"), value)
    assert FIELD_TYPES[kind].clean(spec.field("nama_anak"), value.rstrip("\n"))


def test_the_shared_identifier_patterns_refuse_a_trailing_newline():
    """`NIK.match` / `EMAIL.match` (sign-in, accounts, officers' search) must not take "…\\n"."""
    assert NIK.match(MOTHER_NIK) and not NIK.match(MOTHER_NIK + "\n")
    assert EMAIL.match("ani@contoh.id") and not EMAIL.match("ani@contoh.id\n")


@pytest.mark.parametrize(("kind", "limit"), [("text", 500), ("textarea", 5000)])
def test_a_text_without_a_declared_max_length_has_a_default_one(kind, limit):
    """An answer is stored, shown and printed: without a limit one field took megabytes, up to the request limit."""
    from framework.core.text import Text
    from framework.definition.model import FieldSpec

    field = FieldSpec(id="catatan", type=kind, label=Text("Catatan", "Note"), page="p")
    assert FIELD_TYPES[kind].clean(field, "x" * limit) == "x" * limit
    with pytest.raises(Invalid) as caught:
        FIELD_TYPES[kind].clean(field, "x" * (limit + 1))
    assert caught.value.code == "too_long" and caught.value.params["max_length"] == limit
    assert FIELD_TYPES[kind].schema(field)["maxLength"] == limit
    declared = FieldSpec(id="catatan", type=kind, label=Text("Catatan", "Note"), page="p", max_length=limit * 2)
    assert FIELD_TYPES[kind].clean(declared, "x" * (limit + 1))  # a declared limit, larger or smaller, wins


def test_a_post_comes_back_with_each_nul_shown_and_its_files_untouched() -> None:
    """One helper for every page that shows a refused NUL post again (portal, counter, correction)."""
    from werkzeug.datastructures import FileStorage, ImmutableMultiDict

    from framework.forms.drafting import form_without_nul

    upload = FileStorage(filename="a.pdf")
    posted = ImmutableMultiDict([("na\x00ma", "Ad\x00i"), ("na\x00ma", "Budi"), ("akta", upload)])
    shown = form_without_nul(posted)
    assert isinstance(shown, ImmutableMultiDict)
    assert shown.getlist("na\ufffdma") == ["Ad\ufffdi", "Budi"]
    assert shown["akta"] is upload


def bundled_birth_certificate():
    from framework.core.settings import definitions_dir
    from framework.definition import load_catalog

    return load_catalog(definitions_dir()).specs["adminduk.akta-kelahiran"]


def test_a_refused_row_answer_is_not_also_called_missing():
    """One typed value, one error: "at most 100 characters" beside "required" contradicted it."""
    rows = [{"nama": "A" * 101, "urutan": 2}]
    result = validate_answers(bundled_birth_certificate(), {"kembar": True, "saudara_kembar": rows}, pages=["anak"])
    assert ("saudara_kembar.0.nama", "required") not in codes(result)
    assert [e.code for e in result.errors if e.field == "saudara_kembar.0.nama"] == ["too_long"]


def test_a_rule_reading_a_refused_answer_stays_quiet():
    """`Enter the father's NIK unless ...` fired beside `a NIK has 16 digits` for the same typed NIK."""
    spec = bundled_birth_certificate()
    typed = {"status_perkawinan_orang_tua": "TERCATAT", "nik_ibu": MOTHER_NIK}
    wrong = validate_answers(spec, {**typed, "nik_ayah": "1234"}, pages=["orang_tua"])
    assert [(e.field, e.code) for e in wrong.errors if e.field == "nik_ayah"][0][1] != "rule"
    assert ("nik_ayah", "rule") not in codes(wrong)
    empty = validate_answers(spec, typed, pages=["orang_tua"])
    assert ("nik_ayah", "rule") in codes(empty)  # left empty, the rule still says what to do
