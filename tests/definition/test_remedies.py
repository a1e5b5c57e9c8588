"""Messages that fix themselves (issue 13, item 7): each mistake of the author's trial, located, in both languages.

Line numbers refer to MINIMAL in defhelpers.py; ``expect`` also checks that
the message speaks both languages (``at``).
"""

from __future__ import annotations

import pytest
from defhelpers import MINIMAL, at, mutate, with_fields

from framework.definition.load import load_text
from framework.expressions import ExpressionError, compile_expression

expect = at


def test_wajib_ya_is_required_true(check):
    error = expect(check(with_fields("        wajib: ya\n")), "UNKNOWN_KEY", 18, 9)
    assert error.text.en.endswith("did you mean `required: true`?")
    assert error.text.id.endswith("maksud Anda `required: true`?")


def test_an_indonesian_key_without_a_boolean_is_named(check):
    error = expect(
        check(with_fields("        petunjuk: {id: Sesuai KTP, en: As on the ID card}\n")), "UNKNOWN_KEY", 18, 9
    )
    assert error.text.en.endswith("did you mean `hint`?")


def test_judul_on_a_field_means_its_label(check):
    """A field has no `title`, so `judul:` there got no hint at all."""
    error = expect(check(with_fields("        judul: {id: Nama lengkap, en: Full name}\n")), "UNKNOWN_KEY", 18, 9)
    assert error.text.en.endswith("did you mean `label`?")


def test_tahapan_at_the_top_means_steps(check):
    error = expect(check(mutate(replace={"steps:\n": "tahapan:\n"})), "UNKNOWN_KEY", 18, 1)
    assert "did you mean `steps`?" in error.text.en


def test_required_ya_is_true(check):
    # `        required: ` is 18 characters
    error = expect(check(with_fields("        required: ya\n")), "WRONG_TYPE", 18, 19)
    assert error.text.en.endswith("did you mean `required: true`?") and "`required`" in error.text.en


def test_an_unquoted_region_code_is_written_in_quotes_as_written(check):
    # YAML reads `73.10` as the number 73.1: the message shows the code as the author wrote it
    error = expect(check(MINIMAL + "region: 73.10\n"), "WRONG_TYPE", 24, 9)
    assert 'write it in quotes, `region: "73.10"`' in error.text.en
    assert 'tulis dengan tanda kutip, `region: "73.10"`' in error.text.id
    assert "\u27e6" not in error.text.en + error.text.id


def test_fee_gratis_is_located_at_fee_and_says_zero(check):
    error = expect(check(mutate(replace={"  fee: 0": "  fee: gratis"})), "WRONG_TYPE", 9, 8)
    assert error.text.en.startswith("`fee` in `standard`: expected a number, found the text `gratis`")
    assert "`fee: 0`" in error.text.en and "`fee: 0`" in error.text.id


def test_fee_in_rupiah_with_separators(check):
    error = expect(check(mutate(replace={"  fee: 0": "  fee: Rp 50.000"})), "WRONG_TYPE", 9, 8)
    assert "`fee: 50000`" in error.text.en


def test_a_fee_typed_as_text_with_one_dot_group_is_thousands(check):
    """What the builder sends for `5.000` typed in its fee box: text, which YAML would have read as 5."""
    error = expect(check(mutate(replace={"  fee: 0": '  fee: "5.000"'})), "WRONG_TYPE", 9, 8)
    assert error.text.en.endswith("write the number without thousand separators: `fee: 5000`")


INCOME = "      - id: penghasilan\n        type: integer\n        label: {id: Penghasilan, en: Income}\n"


def test_thousand_separators_in_a_number(check):
    # INCOME is lines 18-20; `        max: ` is 13 characters
    error = expect(check(with_fields(INCOME + "        max: 3.000.000\n")), "WRONG_TYPE", 21, 14)
    assert error.text.en.endswith("write the number without thousand separators: `max: 3000000`")
    assert error.text.id.endswith("tulis angka tanpa pemisah ribuan: `max: 3000000`")


def test_thousand_separators_in_a_condition(check):
    rule = "rules:\n  - when: penghasilan >= 3.000.000\n    message: {id: Terlalu tinggi, en: Too high}\n"
    # INCOME adds lines 18-20: steps 21-26, `rules:` 27; `  - when: penghasilan >= ` is 25 characters
    error = expect(check(with_fields(INCOME) + rule), "EXPR_SYNTAX", 28, 26)
    assert "`3000000`, not `3.000.000`" in error.text.en and "`3000000`, bukan `3.000.000`" in error.text.id


def test_thousand_separators_with_commas_in_a_condition(check):
    # `x >= 3,000,000` is valid Python (a tuple) that never holds: refused, pointing at the number
    rule = "rules:\n  - when: penghasilan >= 3,000,000\n    message: {id: Terlalu tinggi, en: Too high}\n"
    error = expect(check(with_fields(INCOME) + rule), "EXPR_SYNTAX", 28, 26)
    assert "`3000000`" in error.text.en


CHOICE = (
    "      - id: pekerjaan\n"  # 18
    "        type: choice\n"  # 19
    "        label: {id: Pekerjaan, en: Occupation}\n"  # 20
    "        options: {petani: {id: Petani, en: Farmer}, lainnya: {id: Lainnya, en: Other}}\n"  # 21
    "      - id: pekerjaan_lain\n"  # 22
    "        type: text\n"  # 23
    "        label: {id: Pekerjaan lain, en: Other occupation}\n"  # 24
)


def test_an_unquoted_option_value_is_put_in_quotes(check):
    # `        when: pekerjaan == ` is 27 characters
    error = expect(check(with_fields(CHOICE + "        when: pekerjaan == lainnya\n")), "EXPR_UNKNOWN_NAME", 25, 28)
    assert error.text.en.endswith("put the value in quotes: `pekerjaan == 'lainnya'`")
    assert error.text.id.endswith("beri tanda kutip: `pekerjaan == 'lainnya'`")


def test_an_unquoted_value_in_a_list_is_put_in_quotes(check):
    error = expect(
        check(with_fields(CHOICE + "        when: pekerjaan in ['petani', lainnya]\n")), "EXPR_UNKNOWN_NAME", 25, 39
    )
    assert "put the value in quotes" in error.text.en


def test_dan_atau_are_and_or(check):
    # `        when: pekerjaan == 'lainnya' ` is 37 characters: the message points at `dan`
    error = expect(
        check(with_fields(CHOICE + "        when: pekerjaan == 'lainnya' dan nama != null\n")), "EXPR_SYNTAX", 25, 38
    )
    assert error.text.en.endswith("write `and` instead of `dan`") and error.text.id.endswith("tulis `and`, bukan `dan`")
    error = expect(check(with_fields(CHOICE + "        when: nama == 'a' atau nama == 'b'\n")), "EXPR_SYNTAX", 25, 27)
    assert error.text.en.endswith("write `or` instead of `atau`")


def test_ya_in_a_condition_is_true(check):
    flag = "      - id: kembar\n        type: boolean\n        label: {id: Kembar, en: Twins}\n"
    error = expect(check(with_fields(flag + "        when: kembar == ya\n")), "EXPR_UNKNOWN_NAME", 21, 25)
    assert error.text.en.endswith("write `true` instead of `ya`")


def test_a_role_with_a_space(check):
    error = expect(check(mutate(replace={"role: operator": "role: operator dukcapil"})), "BAD_FORMAT", 21, 11)
    assert error.text.en.endswith("a role is one word, lower case with `_` and no spaces: `operator_dukcapil`")
    assert "e.g. `operator_dukcapil`" in error.text.en  # the schema's description is no longer cut at "e.g."


def test_an_id_with_capitals_and_a_space(check):
    error = expect(check(mutate(replace={"- id: nama": "- id: Nama Lengkap"})), "BAD_FORMAT", 15, 13)
    assert error.text.en.endswith("`nama_lengkap`")


def test_sp4n_lapor_is_lapor(check):
    error = expect(check(mutate(replace={"complaints: lapor": "complaints: SP4N-LAPOR"})), "UNKNOWN_CHANNEL", 10, 15)
    assert error.text.en.endswith("did you mean `lapor`?") and "SP4N-LAPOR!" in error.text.id


def test_a_value_twice_in_a_list_is_said_in_indonesian(check):
    error = expect(check(mutate(replace={"[approve, reject]": "[approve, approve]"})), "BAD_VALUE", 23, 14)
    assert error.text.id == "`approve` ditulis dua kali di tahap `verifikasi`; sebut setiap nilai sekali saja"


# --- no raw English parser text in the Indonesian messages --------------------------------

BROKEN_YAML = [
    "title: Nama: lengkap\n",
    "a:\n\tb: 1\n",
    "a: {id: x, en: y\nb: 2\n",
    "a: [1, 2\nb: 3\n",
    "a: 'abc\nb: 2\n",
    "a:\n  b: 1\n c: 2\n",
    "a: 1\n- b\n",
    "- a\nb: 1\n",
    "a: @x\n",
    "a: ]\n",
    "a: 1\nb\nc: 2\n",
    "a: &\n",
    "a: 'x' y\n",
    "---\na: 1\n---\nb: 2\n",
    'a: "\\q"\n',
]
ENGLISH_WORDS = (" expected ", " found ", " while ", " but ", " not allowed", " could not", "scanning", "parsing")


@pytest.mark.parametrize("text", BROKEN_YAML)
def test_yaml_syntax_is_said_in_indonesian(text):
    [error] = load_text(text, "x.yaml").errors
    assert error.code == "YAML_SYNTAX"
    assert not any(word in error.text.id for word in ENGLISH_WORDS), error.text.id
    assert error.text.en and error.text.en != error.text.id


def test_yaml_syntax_is_located_and_said_in_indonesian(check):
    error = expect(
        check(mutate(replace={"title: {id: Verifikasi, en: Check}": "title: Verifikasi: cek"})), "YAML_SYNTAX", 20, 22
    )
    assert error.text.id.startswith("YAML tidak sah: tanda `:` tidak boleh di sini")
    assert "mapping values" in error.text.en and "mapping values" not in error.text.id


BROKEN_CONDITIONS = ["(a == 1", "a == 'x", "a == 1)", "a == 01", "a ==", "a b", "a == 'x' and", "a == 1 :", "a $ b"]


@pytest.mark.parametrize("source", BROKEN_CONDITIONS)
def test_condition_syntax_is_said_in_indonesian(source):
    with pytest.raises(ExpressionError) as caught:
        compile_expression(source, {"a", "b"})
    text = caught.value.bare
    assert caught.value.code == "EXPR_SYNTAX"
    assert "invalid syntax" not in text.id and "never closed" not in text.id and "literal" not in text.id, text.id
    assert not any(word in text.id for word in ENGLISH_WORDS), text.id


def test_a_notify_event_in_indonesian_is_named_in_english(check):
    error = expect(check(MINIMAL + "notify:\n  diterbitkan: [inbox]\n"), "UNKNOWN_KEY", 25, 3)
    assert error.text.id.endswith("maksud Anda `issued`?")


def test_an_unknown_key_among_few_lists_them_all(check):
    error = expect(check(MINIMAL + "notify:\n  kembali: [inbox]\n"), "UNKNOWN_KEY", 25, 3)
    assert error.text.id.endswith(
        "yang dikenal: approved, issued, overdue, rejected, resubmitted, returned, submitted, withdrawn"
    )


def test_remove_inside_an_item_points_to_the_top_level_remove(check):
    error = expect(check(with_fields("        remove: true\n")), "UNKNOWN_KEY", 18, 9)
    assert error.text.id.endswith("sebut id-nya di tingkat teratas: `remove: [<id>]`")


def test_a_size_written_with_its_unit_is_written_as_a_number(check):
    document = "documents:\n  - {id: ktp, label: {id: KTP, en: ID card}, accept: [pdf], max_mb: 2MB}\n"
    error = expect(check(MINIMAL + document), "WRONG_TYPE", 25, 69)
    assert error.text.id.endswith("tulis angkanya saja, tanpa satuan: `max_mb: 2`")


def test_a_text_with_an_empty_english_points_at_the_english(check):
    # not "expected a text, found a mapping" at the page's title
    error = expect(
        check(mutate(MINIMAL, {"title: {id: Satu, en: One}": "title: {id: Satu, en: }"})), "WRONG_TYPE", 13, 27
    )
    assert error.text.en.startswith("`en` in `title` in page `satu`: expected a text, found nothing")


def test_a_text_without_its_indonesian_names_the_text_key(check):
    error = expect(check(mutate(MINIMAL, {"title: {id: Satu, en: One}": "title: {en: One}"})), "MISSING_KEY", 13, 5)
    assert error.text.id == "kunci wajib `id` tidak ada pada `title` di halaman `satu`"


def test_an_english_text_dedented_out_of_its_label_says_so(check):
    error = expect(check(with_fields("        en: Name\n")), "UNKNOWN_KEY", 18, 9)
    assert "write it level with `id:` under `label:`" in error.text.en


def test_a_code_list_named_without_its_folder(check):
    field = "      - {id: jk, type: choice, label: {id: JK, en: Sex}, options_from: jenis-kelamin}\n"
    error = expect(check(with_fields(field)), "BAD_FORMAT", 18, 72)
    assert error.text.id.endswith("`options_from: codelists/jenis-kelamin`")


def test_an_upper_case_file_type_is_offered_in_lower_case(check):
    document = "documents:\n  - {id: ktp, label: {id: KTP, en: ID card}, accept: [PDF], max_mb: 2}\n"
    error = expect(check(MINIMAL + document), "BAD_VALUE", 25, 55)
    assert error.text.en.endswith("did you mean `pdf`?")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("idk", "ikd"), ("sisdkm", "sisdmk"), ("nik_pemohno", "nik_pemohon"), ("alamta", "alamat")],
)
def test_two_swapped_letters_are_taken_for_the_word_they_swap(typed, meant):
    """difflib ranks `sisdmk` above `ikd` for `idk`: a swap of neighbours is the commonest slip, so it wins."""
    from framework.core.text import Hints

    candidates = {"ikd", "sisdmk", "nik_pemohon", "nama_pemohon", "alamat", "alamat_praktik"}
    assert Hints().closest(typed, candidates) == meant


def test_a_word_with_no_swap_still_gets_the_closest_name():
    from framework.core.text import Hints

    assert Hints().closest("sisdm", {"ikd", "sisdmk"}) == "sisdmk"
    assert Hints().closest("ikd", {"ikd", "sisdmk"}) == "ikd"


# MINIMAL's first field, as written in it (line 15 `      - id: nama`, 16 `        type: text`, 17 `        label: ...`)
NAMA_LABEL = "        label: {id: Nama, en: Name}\n"


def test_a_line_indented_too_little_is_said_as_such():
    """Not "a key without `:`" (the line has one), nor PyYAML's `expected <block end>, but found '?'`."""
    [error] = load_text(
        mutate(replace={NAMA_LABEL: NAMA_LABEL.replace("        label", "      label")}), "x.yaml"
    ).errors
    assert (error.code, error.line, error.col) == ("YAML_SYNTAX", 17, 7)
    assert "baris 17 dimulai di kolom 7, tidak sejajar dengan kunci di baris 16 (kolom 9)" in error.text.id
    assert error.text.en.startswith("indentation does not match: line 17 starts at column 7") and "<block" not in (
        error.text.en
    )


def test_a_line_indented_too_far_is_not_told_to_quote_its_text():
    [error] = load_text(
        mutate(replace={NAMA_LABEL: NAMA_LABEL.replace("        label", "          label")}), "x.yaml"
    ).errors
    assert (error.line, error.col) == (17, 11) and "tanda kutip" not in error.text.id
    assert "lebih menjorok (kolom 11) daripada kunci di baris 16 (kolom 9)" in error.text.id


def test_every_tabbed_line_is_named_at_once():
    tabbed = mutate(replace={"        type: text\n" + NAMA_LABEL: "\ttype: text\n\tlabel: {id: Nama, en: Name}\n"})
    [error] = load_text(tabbed, "x.yaml").errors
    assert (error.line, error.col) == (16, 1)
    assert "indentasi dengan tab di baris 16–17" in error.text.id and "lines" not in error.text.id
