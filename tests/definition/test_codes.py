"""One failing definition per error code: the code, the line and the column.

Line numbers refer to MINIMAL in defhelpers.py (its lines are listed there);
columns are counted on the YAML as written, 1-based as editors count.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from defhelpers import MINIMAL, at, mutate, the_one, with_fields

from framework.definition import CODES
from framework.definition.errors import Severity

expect = at  # one name per assertion of a code at a line and column


def test_minimal_definition_is_valid(check):
    assert check(MINIMAL) == []


# --- reading the file -------------------------------------------------------------


def test_file_unreadable(check):
    (check.root / "contoh.yaml").mkdir(parents=True)  # a folder where a file should be
    errors = [e for e in check.catalog({}).errors if e.file.endswith("contoh.yaml")]
    error = expect(errors, "FILE_UNREADABLE", 1, 1)
    assert "directory" in error.message


def test_file_too_large(check):
    padding = "# " + "x" * 1000 + "\n"
    error = expect(check(MINIMAL + padding * 1000), "FILE_TOO_LARGE", 1, 1)
    assert "1 MB" in error.message


def test_not_utf8_points_at_the_byte(check):
    raw = MINIMAL.replace("{id: Contoh,", "{id: Cont\xf6h,").encode("latin-1")
    error = expect(check(raw), "NOT_UTF8", 3, 17)  # `title: {id: Cont` is 16 characters
    assert "0xf6" in error.message


def test_empty_file(check):
    expect(check(""), "EMPTY_FILE", 1, 1)


def test_comment_only_file_is_empty(check):
    expect(check("# nothing yet\n"), "EMPTY_FILE", 1, 1)


def test_yaml_syntax_points_at_the_second_colon(check):
    text = mutate(replace={"title: {id: Verifikasi, en: Check}": "title: Verifikasi: cek"})
    error = expect(check(text), "YAML_SYNTAX", 20, 22)  # `    title: Verifikasi` is 21 characters
    assert "quoted" in error.message


def test_duplicate_key_points_at_the_second(check):
    error = expect(check(MINIMAL + "version: 2\n"), "DUPLICATE_KEY", 24, 1)
    assert "`version`" in error.message and "line 2" in error.message


def test_alias_not_allowed(check):
    text = mutate(replace={"  sla: 1d": "  sla: &batas 1d", "    sla: 4h": "    sla: *batas"})
    expect(check(text), "ALIAS_NOT_ALLOWED", 22, 10)


def test_too_deep_brackets(check):
    # the 41st bracket of `deep: [[[…` is at column 6 + 41
    expect(check(MINIMAL + "deep: " + "[" * 41 + "]" * 41 + "\n"), "TOO_DEEP", 24, 47)


def test_too_deep_block_nesting(check):
    # `- ` 45 times: the list started by the 41st marker is too deep (40 lists + the top mapping)
    error = expect(check(MINIMAL + "deep:\n" + "- " * 45 + "x\n"), "TOO_DEEP", 25, 79)
    assert "40" in error.message


def test_not_a_mapping(check):
    error = expect(check("- service: adminduk.contoh\n- version: 1\n"), "NOT_A_MAPPING", 1, 1)
    assert "a list" in error.message


def test_python_tag_refused_at_the_tag(check):
    text = mutate(replace={"provider: dukcapil": 'provider: !!python/object/apply:os.system ["echo pwned"]'})
    expect(check(text), "BAD_TAG", 6, 11)


def test_custom_tag_refused(check):
    expect(check(mutate(replace={"provider: dukcapil": "provider: !env PROVIDER"})), "BAD_TAG", 6, 11)


# --- shape --------------------------------------------------------------------------


def test_missing_top_level_key(check):
    error = expect(check(mutate(drop=("title: {id: Contoh, en: Example}\n",))), "MISSING_KEY", 1, 1)
    assert "`title`" in error.message


def test_missing_key_of_a_step_points_at_the_step(check):
    error = expect(check(mutate(drop=("    title: {id: Verifikasi, en: Check}\n",))), "MISSING_KEY", 19, 5)
    assert error.message == "`title` is missing in step `verifikasi`"


def test_missing_key_of_a_rule_without_id_names_the_rule_by_its_number(check):
    rule = "rules:\n  - when: nama == 'x'\n"
    error = expect(check(mutate(append=rule)), "MISSING_KEY", 25, 5)
    assert error.message == "`message` is missing in rule 1"


def test_a_misspelt_required_key_is_one_problem_not_also_a_missing_one(check):
    error = expect(check(mutate(MINIMAL, {"title: {id: Contoh": "titel: {id: Contoh"})), "UNKNOWN_KEY", 3, 1)
    assert error.message == "unknown key `titel` at the top level; did you mean `title`?"


def test_a_key_with_a_pasted_invisible_character_says_so(check):
    error = expect(check(mutate(MINIMAL, {"version: 1": "\u00a0version: 1"})), "UNKNOWN_KEY", 2, 1)
    assert error.message.endswith(
        "holds an invisible character or a special space: type `version` again with ordinary spaces"
    )


def test_a_new_page_without_fields_is_refused(check):
    page = "  - id: dua\n    title: {id: Dua, en: Two}\n"
    error = expect(check(mutate(MINIMAL, {"steps:\n": page + "steps:\n"})), "MISSING_KEY", 18, 5)
    assert error.message == "`fields` is missing in page `dua`"


def test_a_new_page_with_an_empty_list_of_fields_is_refused(check):
    page = "  - id: dua\n    title: {id: Dua, en: Two}\n    fields: []\n"
    error = expect(check(mutate(MINIMAL, {"steps:\n": page + "steps:\n"})), "TOO_FEW", 20, 13)
    assert error.message == "page `dua` holds no field; add at least one field or delete the page"


@pytest.mark.parametrize("reserved", ["mulai", "lanjut", "terkirim"])
def test_a_page_named_like_a_portal_address_is_refused(check, reserved):
    """/layanan/<service>/mulai is the start: a page `mulai` would never show."""
    page = (
        f"  - id: {reserved}\n    title: {{id: Dua, en: Two}}\n"
        "    fields:\n      - {id: x, type: text, label: {id: X, en: X}}\n"
    )
    error = expect(check(mutate(MINIMAL, {"steps:\n": page + "steps:\n"})), "PAGE_ID_RESERVED", 18, 9)
    assert error.message.endswith(f"choose another, e.g. `{reserved}_data`")


def test_a_sector_unlike_the_service_id_says_both_ways_out(check):
    error = expect(check(mutate(MINIMAL, {"sector: adminduk": "sector: kependudukan"})), "BAD_FORMAT", 1, 10)
    assert error.message.endswith("; write `sector: adminduk`, or rename the service `kependudukan.contoh`")


def test_unknown_key_with_did_you_mean(check):
    error = expect(check(with_fields("        requird: true\n")), "UNKNOWN_KEY", 18, 9)
    assert error.message == "unknown key `requird` in field `nama` (page `satu`); did you mean `required`?"


def test_an_empty_key(check):
    error = expect(
        check(mutate(replace={"    actions: [approve, reject]": ":    actions: [approve, reject]"})),
        "UNKNOWN_KEY",
        23,
        1,
    )
    assert error.message == "a key is missing before `:` at the top level"


def test_a_lookup_name_that_is_a_number(check):
    error = expect(check(MINIMAL + "prefill:\n  1: {source: ikd, by: applicant}\n"), "WRONG_TYPE", 25, 3)
    assert "in `prefill`" in error.message


def test_out_of_range_message(check):
    error = expect(check(mutate(replace={"version: 1": "version: 0"})), "OUT_OF_RANGE", 2, 10)
    assert error.message == "`version` at the top level must be at least 1; found the number 0"


def test_unknown_event_in_notify_is_an_unknown_key(check):
    error = expect(check(MINIMAL + "notify:\n  submited: [inbox]\n"), "UNKNOWN_KEY", 25, 3)
    assert "did you mean `submitted`?" in error.message


def test_wrong_type(check):
    error = expect(check(mutate(replace={"version: 1": "version: satu"})), "WRONG_TYPE", 2, 10)
    assert "a whole number" in error.message and "`satu`" in error.message


def test_text_of_wrong_type(check):
    error = expect(check(mutate(replace={"label: {id: Nama, en: Name}": "label: [Nama, Name]"})), "WRONG_TYPE", 17, 16)
    assert "in field `nama` (page `satu`)" in error.message


def test_bad_value_with_did_you_mean(check):
    error = expect(check(mutate(replace={"type: text": "type: txt"})), "BAD_VALUE", 16, 15)
    assert "did you mean `text`?" in error.message


def test_bad_value_understands_indonesian_words(check):
    error = expect(check(mutate(replace={"type: text": "type: tanggal"})), "BAD_VALUE", 16, 15)
    assert error.message.endswith("did you mean `date`?")


def test_bad_format(check):
    expect(check(mutate(replace={"service: adminduk.contoh": "service: Adminduk.Contoh"})), "BAD_FORMAT", 1, 10)


@pytest.mark.parametrize(
    ("key", "words"),
    [("region", "kode Kemendagri kabupaten/kota, mis. `73.12`"), ("role", "peran petugas yang bertindak")],
)
def test_a_bad_format_says_what_the_key_holds_in_indonesian_too(check, key, words):
    """The English message explained the key; the Indonesian one said only "format salah"."""
    text = mutate(replace={"service: adminduk.contoh": "service: adminduk.contoh\nregion: Gowa"})
    if key == "role":
        text = mutate(replace={"    role: operator": "    role: Operator Dukcapil"})
    error = next(e for e in check(text) if e.code == "BAD_FORMAT")
    assert words in error.text.id and error.text.get("en") != error.text.id


def test_service_must_start_with_sector(check):
    error = expect(check(mutate(replace={"service: adminduk.contoh": "service: nakes.contoh"})), "BAD_FORMAT", 1, 10)
    assert "`adminduk.`" in error.message


def test_out_of_range(check):
    expect(check(mutate(replace={"version: 1": "version: 0"})), "OUT_OF_RANGE", 2, 10)


def test_too_few(check):
    expect(check(mutate(replace={"actions: [approve, reject]": "actions: []"})), "TOO_FEW", 23, 14)


def test_too_many_characters_in_an_id(check):
    long_id = "n" * 65
    error = expect(check(mutate(replace={"- id: nama": f"- id: {long_id}"})), "TOO_MANY", 15, 13)
    assert "64" in error.message


def test_all_shape_errors_are_reported_at_once(check):
    text = mutate(
        replace={"version: 1": "version: satu", "type: text": "type: teks", "    sla: 4h": "    sla: 4h\n    rol: x"}
    )
    errors = check(text)
    assert [(e.code, e.line) for e in errors] == [("WRONG_TYPE", 2), ("BAD_VALUE", 16), ("UNKNOWN_KEY", 23)]


# --- meaning ------------------------------------------------------------------------

NAMA_AGAIN = "      - id: nama\n        type: text\n        label: {id: Nama lagi, en: Name again}\n"


def test_duplicate_id(check):
    error = expect(check(with_fields(NAMA_AGAIN)), "DUPLICATE_ID", 18, 13)
    assert "field id `nama`" in error.message


def test_duplicate_service_id_in_two_files(check):
    errors = check.catalog({"a.yaml": MINIMAL, "b.yaml": MINIMAL}).errors
    error = the_one(list(errors), "DUPLICATE_ID")
    assert (error.file.endswith("b.yaml"), error.line, error.col) == (True, 1, 10)


RULE = "rules:\n  - when: nama == 'x'\n    message: {id: Salah, en: Wrong}\n"


def test_unknown_field_of_a_rule(check):
    error = expect(check(MINIMAL + RULE + "    field: namaa\n"), "UNKNOWN_FIELD", 27, 12)
    assert "did you mean `nama`?" in error.message


LOOKUP = "prefill:\n  pemohon: {source: ikd, by: applicant}\n"
PREFILLED = "        prefill: pemohon.nama_lengkap\n        locked: true\n"


def test_unknown_lookup(check):
    expect(check(with_fields(PREFILLED)), "UNKNOWN_LOOKUP", 18, 18)


def test_a_mistyped_lookup_is_one_problem_not_also_an_unused_lookup(check):
    # `pemohn.nama_lengkap` means the lookup `pemohon`: it is not "unused" too
    text = with_fields(PREFILLED.replace("pemohon.", "pemohn.")) + LOOKUP
    error = expect(check(text), "UNKNOWN_LOOKUP", 18, 18)
    assert error.message.endswith("did you mean `pemohon`?")


def test_unknown_source(check):
    # PREFILLED adds lines 18-19, so steps are 20-25 and the lookup is on line 27
    error = expect(check(with_fields(PREFILLED) + LOOKUP.replace("ikd", "ikdd")), "UNKNOWN_SOURCE", 27, 21)
    assert "did you mean `ikd`?" in error.message


def test_unknown_attribute(check):
    text = with_fields(PREFILLED.replace("nama_lengkap", "nama_lenkap")) + LOOKUP
    error = expect(check(text), "UNKNOWN_ATTRIBUTE", 18, 18)
    assert "did you mean `nama_lengkap`?" in error.message


CHOICE = "      - id: jk\n        type: choice\n        label: {id: Jenis kelamin, en: Sex}\n"


def test_unknown_codelist(check):
    error = expect(
        check(with_fields(CHOICE + "        options_from: codelists/jenis-kelamn\n")), "UNKNOWN_CODELIST", 21, 23
    )
    assert "did you mean `codelists/jenis-kelamin`?" in error.message


def test_known_codelist_is_fine(check):
    assert check(with_fields(CHOICE + "        options_from: codelists/jenis-kelamin\n")) == []


def test_unknown_provider(check):
    expect(check(mutate(replace={"provider: dukcapil": "provider: dukcapill"})), "UNKNOWN_PROVIDER", 6, 11)


def test_unknown_complaint_channel(check):
    expect(check(mutate(replace={"complaints: lapor": "complaints: laporr"})), "UNKNOWN_CHANNEL", 10, 15)


def test_unknown_notification_channel(check):
    error = expect(check(MINIMAL + "notify:\n  submitted: [inbox, emial]\n"), "UNKNOWN_CHANNEL", 25, 22)
    assert "did you mean `email`?" in error.message


def test_unknown_action(check):
    expect(check(mutate(replace={"[approve, reject]": "[approve, rejct]"})), "UNKNOWN_ACTION", 23, 24)


ROLES = """\
codelist: peran-petugas
title: {id: Peran petugas, en: Officer roles}
items:
  operator: {id: Operator, en: Operator}
  operator_kecamatan: {id: Operator kecamatan, en: Sub-district operator}
"""


def test_unknown_role_is_a_warning_with_the_close_name(check):
    check.write("codelists/peran-petugas.yaml", ROLES)
    error = expect(check(mutate(replace={"role: operator": "role: operatr_kecamatan"})), "UNKNOWN_ROLE", 21, 11)
    assert error.severity is Severity.WARNING
    assert "did you mean `operator_kecamatan`?" in error.message and "peran-petugas" in error.message


def test_a_named_role_and_a_catalog_without_the_role_list_are_not_warned(check):
    assert check(MINIMAL) == []  # no codelists/peran-petugas: nothing to compare with
    check.write("codelists/peran-petugas.yaml", ROLES)
    assert check(mutate(replace={"role: operator": "role: operator_kecamatan"})) == []


def test_a_key_of_the_standard_at_the_top_level_says_where_it_belongs(check):
    error = expect(check(MINIMAL + "fee: 5000\n"), "UNKNOWN_KEY", 24, 1)
    assert "did you mean `standard: {fee: 5000}`?" in error.message
    assert "maksud Anda `standard: {fee: 5000}`?" in error.text.id
    biaya = expect(check(MINIMAL + "biaya: 5000\n"), "UNKNOWN_KEY", 24, 1)  # the Indonesian word for it
    assert "did you mean `standard: {fee: 5000}`?" in biaya.message


def test_key_not_for_type(check):
    error = expect(check(with_fields("        min: 1\n")), "KEY_NOT_FOR_TYPE", 18, 9)
    assert "integer" in error.message


DATE_FIELD = "      - id: tanggal_rekam\n        type: date\n        label: {id: Tanggal, en: Date}\n"  # 18-20


@pytest.mark.parametrize("bound", ["min: 0", "min: 2027-01-01", "max: today()", "max: '2027-01-01'"])
def test_a_bound_of_a_date_field_says_to_write_a_rule(check, bound):
    """`min: 2027-01-01` said "expected a number": the author looked for a number to write; a date has no bound."""
    error = expect(check(with_fields(DATE_FIELD + f"        {bound}\n")), "KEY_NOT_FOR_TYPE", 21, 9)
    relation = "<" if bound.startswith("min") else ">"
    assert error.message == (
        f"a date field (`tanggal_rekam`) has no `{bound[:3]}`; add a rule (`rules`) that refuses a date out of "
        f"bounds, e.g. `when: tanggal_rekam {relation} today()`"
    )


def test_choice_without_options(check):
    expect(check(with_fields(CHOICE)), "NO_OPTIONS", 18, 9)


GROUP = (
    "      - id: anak\n"  # 18
    "        type: group\n"  # 19
    "        label: {id: Anak, en: Children}\n"  # 20
    "        repeat: {min: 3, max: 2}\n"  # 21
    "        fields:\n"  # 22
    "          - {id: nama_anak, type: text, label: {id: Nama, en: Name}}\n"  # 23
)


def test_bad_repeat(check):
    expect(check(with_fields(GROUP)), "BAD_REPEAT", 21, 17)


def test_group_inside_group(check):
    nested = GROUP.replace("{min: 3, max: 2}", "{min: 1, max: 2}") + (
        "          - {id: cucu, type: group, label: {id: Cucu, en: "
        "Grandchild}, fields: [{id: x, type: text, label: {id: X, en: X}}]}\n"
    )
    # `          - {id: cucu, type: ` is 29 characters
    expect(check(with_fields(nested)), "BAD_VALUE", 24, 30)


def test_bad_range(check):
    number = (
        "      - id: jumlah\n        type: integer\n        label: "
        "{id: Jumlah, en: Count}\n        min: 5\n        max: 1\n"
    )
    expect(check(with_fields(number)), "BAD_RANGE", 21, 14)


def test_bad_duration(check):
    error = expect(check(mutate(replace={"    sla: 4h": "    sla: 4 jam"})), "BAD_DURATION", 22, 10)
    assert "`4h`" in error.message


DOCUMENT = "documents:\n  - id: ktp\n    label: {id: KTP, en: ID card}\n    accept: [pdf]\n    max_mb: 0\n"


def test_bad_size(check):
    expect(check(MINIMAL + DOCUMENT), "BAD_SIZE", 28, 13)


def test_bad_pattern(check):
    expect(check(with_fields('        pattern: "[a-"\n')), "BAD_PATTERN", 18, 18)


def test_locked_without_prefill(check):
    expect(check(with_fields("        locked: true\n")), "LOCKED_WITHOUT_PREFILL", 18, 9)


def test_bad_prefill_key_on_a_later_page(check):
    # the mother's name is shown on page `satu` but looked up by a NIK typed later, on page `dua`
    text = (
        with_fields(
            "        prefill: ibu.nama_lengkap\n"  # 18
            "        locked: true\n"  # 19
            "  - id: dua\n"  # 20
            "    title: {id: Dua, en: Two}\n"  # 21
            "    fields:\n"  # 22
            "      - id: nik_ibu\n"  # 23
            "        type: nik\n"  # 24
            "        label: {id: NIK Ibu, en: Mother's NIK}\n"  # 25
        )
        + "prefill:\n  ibu: {source: ikd, by: field.nik_ibu}\n"
    )  # steps: 26-31, prefill: 32-33
    error = expect(check(text), "BAD_PREFILL_KEY", 33, 26)
    assert "`dua`" in error.message and "`nama`" in error.message


def test_another_persons_number_in_an_open_field(check):
    """Shown masked only when locked: an open input would show the applicant a stranger's number whole."""
    fields = (
        "      - {id: nik_almarhum, type: nik, label: {id: NIK, en: NIK}}\n"  # 18
        "      - {id: nik_lagi, type: nik, label: {id: NIK, en: NIK}, prefill: almarhum.nik}\n"  # 19
    )
    lookup = "prefill:\n  almarhum: {source: ikd, by: field.nik_almarhum}\n"
    error = expect(check(with_fields(fields) + lookup), "THIRD_PARTY_NUMBER_OPEN", 19, 62)  # at `prefill`
    assert "add `locked: true`" in error.message
    locked = fields.replace("prefill: almarhum.nik}", "prefill: almarhum.nik, locked: true}")
    assert check(with_fields(locked) + lookup) == []


ROW_GROUP = (
    "      - id: anggota\n"  # 18
    "        type: group\n"  # 19
    "        label: {id: Anggota, en: Members}\n"  # 20
    "        repeat: {min: 1, max: 3}\n"  # 21
    "        fields:\n"  # 22
    "          - {id: nik_anggota, type: nik, label: {id: NIK, en: NIK}}\n"  # 23
    "          - {id: nama_anggota, type: text, label: {id: Nama, en: Name}, prefill: anggota_ikd.nama_lengkap}\n"
)  # 24; steps: 25-30, prefill: 31-32
ROW_LOOKUP = "prefill:\n  anggota_ikd: {source: ikd, by: field.anggota.nik_anggota}\n"


def test_a_lookup_per_row_of_a_repeating_group_is_valid(check):
    assert check(with_fields(ROW_GROUP) + ROW_LOOKUP) == []


def test_row_lookup_scope_a_key_outside_the_group(check):
    text = with_fields(ROW_GROUP) + ROW_LOOKUP.replace("anggota.nik_anggota", "anggota.nik")
    error = expect(check(text), "ROW_LOOKUP_SCOPE", 32, 34)  # at the value of `by`
    assert "`field.<group>.<field>`" in error.message


def test_row_lookup_scope_a_field_outside_the_group_takes_its_value(check):
    outside = "      - {id: nama_luar, type: text, label: {id: Luar, en: Out}, prefill: anggota_ikd.nama_lengkap}\n"
    error = expect(check(with_fields(ROW_GROUP + outside) + ROW_LOOKUP), "ROW_LOOKUP_SCOPE", 25, 74)
    assert "`nama_luar`" in error.message


def test_bad_deadline_action(check):
    text = mutate(replace={"actions: [approve, reject]": "actions: [approve, return]\n    on_deadline: reject"})
    expect(check(text), "BAD_DEADLINE_ACTION", 24, 18)


def test_no_approve_step(check):
    expect(check(mutate(replace={"[approve, reject]": "[return, reject]"})), "NO_APPROVE_STEP", 19, 3)


WHEN = "        when: {}\n"


def test_expression_syntax(check):
    error = expect(check(with_fields(WHEN.format("nama = 'x'"))), "EXPR_SYNTAX", 18, 20)  # at the `=`
    assert "`==`" in error.message


def test_expression_unknown_name(check):
    error = expect(check(with_fields(WHEN.format("namaa == 'x'"))), "EXPR_UNKNOWN_NAME", 18, 15)
    assert "did you mean `nama`?" in error.message


def test_expression_unknown_function(check):
    expect(check(with_fields(WHEN.format("eval(nama)"))), "EXPR_UNKNOWN_FUNCTION", 18, 15)


def test_expression_forbidden(check):
    error = expect(check(with_fields(WHEN.format("nama.upper() == 'X'"))), "EXPR_FORBIDDEN", 18, 15)
    assert "attribute" in error.message


def test_expression_bare_value(check):
    # `        when: "` is 15 characters, `nama == 'x' or ` 15 more
    error = expect(check(with_fields(WHEN.format("\"nama == 'x' or 'y'\""))), "EXPR_BARE_VALUE", 18, 31)
    assert error.message.endswith("write `nama in ['x', 'y']`")


def test_expression_constant(check):
    error = expect(check(with_fields(WHEN.format("1 == 1"))), "EXPR_CONSTANT", 18, 15)
    assert "reads no field" in error.message


def test_a_condition_error_points_at_its_character(check):
    # `        when: ` is 14 characters, `nama == 'x' and ` 16 more
    expect(check(with_fields(WHEN.format("nama == 'x' and namaa == 'y'"))), "EXPR_UNKNOWN_NAME", 18, 31)


def test_a_condition_error_in_quotes_points_at_its_character(check):
    expect(check(with_fields(WHEN.format("\"nama == 'x' and open(nama)\""))), "EXPR_UNKNOWN_FUNCTION", 18, 32)


def test_a_condition_with_escapes_points_at_its_start(check):
    expect(check(with_fields(WHEN.format('"nama == \\"x\\" and namaa"'))), "EXPR_UNKNOWN_NAME", 18, 15)


def test_steps_exceed_sla_is_an_error(check):
    second = (
        "  - id: tanda_tangan\n    title: {id: Tanda tangan, en: "
        "Signature}\n    role: pejabat\n    sla: 5h\n    actions: [approve]\n"
    )
    error = expect(check(MINIMAL + second), "STEPS_EXCEED_SLA", 8, 8)
    assert error.severity is Severity.ERROR and "9 working hours" in error.message


def test_text_split_by_comma_is_rejoined_with_a_warning(check):
    text = mutate(replace={"{id: Contoh, en: Example}": "{id: Contoh, en: An example, a sample}"})
    error = expect(check(text), "TEXT_SPLIT_BY_COMMA", 3, 37)
    assert "`An example, a sample`" in error.message


def test_not_bilingual(check):
    error = expect(check(mutate(replace={"title: {id: Contoh, en: Example}": "title: Contoh"})), "NOT_BILINGUAL", 3, 8)
    assert error.severity is Severity.WARNING


def test_prefill_key_type(check):
    text = (
        with_fields(
            "      - id: nama_ibu\n        type: text\n        label: {id: "
            "Nama ibu, en: Mother's name}\n        prefill: ibu.nama_lengkap\n"
        )
        + "prefill:\n  ibu: {source: ikd, by: field.nama}\n"
    )
    # fields 18-21, steps 22-27, `prefill:` 28; `  ibu: {source: ikd, by: ` is 25 characters
    error = expect(check(text), "PREFILL_KEY_TYPE", 29, 26)
    assert "NIK" in error.message


def test_unused_lookup(check):
    expect(check(MINIMAL + LOOKUP), "UNUSED_LOOKUP", 25, 3)


# --- every code is tested, with its position -------------------------------------

# the end of `expect(..., "CODE", line, column)` / `at(...)`, on one line or wrapped by the formatter
LOCATED_ASSERTION = re.compile(r'"([A-Z0-9_]+)",\s*\d+,\s*\d+,?\s*\)')


def test_every_code_has_a_located_test():
    sources = "".join(path.read_text(encoding="utf-8") for path in Path(__file__).parent.glob("test_*.py"))
    asserted = set(LOCATED_ASSERTION.findall(sources))
    assert set(CODES) - asserted == set(), "codes without a test of their line and column"
    assert asserted - set(CODES) == set(), "tests of codes that no longer exist"


def test_every_code_has_an_explanation_in_both_languages():
    for code, (severity, explanation) in CODES.items():
        assert code.isupper() and isinstance(severity, Severity), code
        assert explanation.id.endswith(".") and explanation.get("en").endswith("."), code
        assert explanation.en and explanation.en != explanation.id, code


# a second page after `satu`: lines 18-23 when page `satu` keeps its one field
PAGE_DUA = """\
  - id: dua
    title: {id: Dua, en: Two}
    fields:
      - id: kawin
        type: boolean
        label: {id: Sudah kawin, en: Married}
"""
CATATAN = "      - id: catatan\n        type: text\n        label: {id: Catatan, en: Note}\n"
ON_PAGE_SATU = CATATAN + "        when: kawin == true\n"


def two_pages(extra_satu: str = "", page_dua: str = PAGE_DUA) -> str:
    return with_fields(extra_satu, mutate(replace={"steps:\n": page_dua + "steps:\n"}))


def test_a_field_condition_reading_a_later_page_is_flagged_at_the_name(check):
    # lines 18-21: `catatan` on page satu; `        when: ` is 14 characters, so `kawin` starts at 15
    error = expect(check(two_pages(ON_PAGE_SATU)), "WHEN_READS_LATER_PAGE", 21, 15)
    assert error.severity is Severity.WARNING
    assert "`kawin`" in error.text.en and "page `dua`" in error.text.en and "halaman `satu`" in error.text.id


def test_a_page_condition_reading_its_own_page_is_flagged(check):
    page = PAGE_DUA.replace("    title: {id: Dua, en: Two}\n", "    title: {id: Dua, en: Two}\n    when: kawin\n")
    error = expect(check(two_pages(page_dua=page)), "WHEN_READS_LATER_PAGE", 20, 11)
    assert "same page" in error.text.en


def test_conditions_reading_what_is_already_known_are_not_flagged(check):
    earlier = ON_PAGE_SATU.replace("when: kawin == true", "when: nama == 'x'")  # the same page, above it
    assert check(two_pages(earlier)) == []
    later = PAGE_DUA + CATATAN + "        when: kawin\n"
    assert check(two_pages(page_dua=later)) == []  # a field reading a field above it on its page
    prefilled = PAGE_DUA.replace("type: boolean\n", "type: text\n        prefill: pemohon.nama_lengkap\n")
    text = two_pages(ON_PAGE_SATU.replace("kawin == true", "kawin == 'BUDI'"), prefilled) + LOOKUP
    assert [e.code for e in check(text)] == []  # the applicant's own registry data is there from page one
