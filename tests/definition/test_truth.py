"""Conditions whose truth does not depend on the answers: EXPR_BARE_VALUE and EXPR_CONSTANT."""

from __future__ import annotations

import pytest
from defhelpers import MINIMAL, at, with_fields

from framework.expressions import compile_expression

# lines 18-20: a choice field; the field under test starts at line 21, its `when` at line 24
FIELDS = (
    "      - {id: alasan, type: choice, label: {id: Alasan, en: Reason}, "
    "options: {BARU: {id: Baru, en: New}, HILANG: {id: Hilang, en: Lost}, RUSAK: {id: Rusak, en: Damaged}}}\n"
    "      - id: catatan\n"
    "        type: text\n"
    "        label: {id: Catatan, en: Notes}\n"
)
COLUMN = 16  # `        when: "` is 15 characters: the condition's first character (index 0) is column 16
RULE = "rules:\n  - id: batas\n    when: {}\n    message: {{id: Salah, en: Wrong}}\n"  # `when` at line 26


def when(condition: str, text: str = MINIMAL) -> str:
    return with_fields(FIELDS + f'        when: "{condition}"\n', text)


def test_or_with_a_bare_text_is_refused_at_the_text(check):
    error = at(check(when("alasan == 'BARU' or 'HILANG'")), "EXPR_BARE_VALUE", 22, COLUMN + 20)
    assert "the value `'HILANG'` stands alone as a condition" in error.message
    assert error.message.endswith("; write `alasan in ['BARU', 'HILANG']`")


def test_every_bare_text_joins_the_list(check):
    problems = check(when("alasan == 'BARU' or 'HILANG' or 'RUSAK'"))
    assert [p.message.endswith("write `alasan in ['BARU', 'HILANG', 'RUSAK']`") for p in problems] == [True, True]


def test_and_after_not_equal_suggests_not_in(check):
    error = at(check(when("alasan != 'BARU' and 'HILANG'")), "EXPR_BARE_VALUE", 22, COLUMN + 21)
    assert error.message.endswith("; write `alasan not in ['BARU', 'HILANG']`")


@pytest.mark.parametrize(("condition", "index"), [("'HILANG'", -1), ("not 3", 4), ("catatan and 2", 12)])
def test_a_bare_value_without_a_comparison_beside_it(check, condition, index):
    # a whole condition (column 0) is located at the start of the YAML value: its quote
    error = at(check(when(condition)), "EXPR_BARE_VALUE", 22, COLUMN + index)
    assert "; compare it with a field, e.g. `status ==" in error.message


@pytest.mark.parametrize(
    "condition", ["(catatan or 'x') == 'y'", "len(catatan or '') > 3", "not (catatan or 'x') == 'y'"]
)
def test_a_default_inside_a_comparison_or_a_call_is_no_bare_value(check, condition):
    """`(penghasilan or 0) > 1000` gives a default, and was refused as a value standing alone."""
    assert check(when(condition)) == []


def test_the_refused_condition_indeed_misses_hilang():
    condition = compile_expression("alasan == 'BARU' or 'HILANG'", {"alasan"})
    assert condition.holds({"alasan": "BARU"}) and not condition.holds({"alasan": "HILANG"})


@pytest.mark.parametrize(
    ("written", "column", "answer"),
    [
        ("'true'", 11, "always true (this rule refuses every application)"),
        ("'True'", 11, "always true (this rule"),
        ("1 == 1", 11, "always true"),
        ('"false"', 11, "never true"),
        ("today() < tanggal('2020-01-01')", 11, "never"),
    ],
)
def test_a_rule_that_reads_no_field_is_refused(check, written, column, answer):
    error = at(check(MINIMAL + RULE.format(written)), "EXPR_CONSTANT", 26, column)
    assert "reads no field, so its answer is the same for every application: " + answer in error.message


@pytest.mark.parametrize("written", ["'false'", "'true'", "1 == 1"])
def test_a_field_condition_that_reads_no_field_is_refused(check, written):
    text = with_fields(FIELDS + f"        when: {written}\n")
    at(check(text), "EXPR_CONSTANT", 22, 15)


def test_a_page_and_a_document_condition_too(check):
    page = MINIMAL.replace("    title: {id: Satu, en: One}\n", "    title: {id: Satu, en: One}\n    when: 2 > 1\n")
    at(check(page), "EXPR_CONSTANT", 14, 11)
    document = (
        MINIMAL
        + "documents:\n  - id: ktp\n    label: {id: KTP, en: ID card}\n"
        + "    accept: [pdf]\n    max_mb: 2\n    when: 'false'\n"
    )
    at(check(document), "EXPR_CONSTANT", 29, 11)


TEMPLATE = MINIMAL.replace("version: 1\n", "version: 1\ntemplate: true\n")


def test_a_template_keeps_false_as_a_switch_for_its_variants(check):
    assert check(TEMPLATE + RULE.format("'false'")) == []
    assert check(with_fields(FIELDS + "        when: 'false'\n", TEMPLATE)) == []


def test_a_template_rule_always_true_is_still_refused(check):
    at(check(TEMPLATE + RULE.format("'true'")), "EXPR_CONSTANT", 27, 11)


def test_a_template_cannot_write_a_constant_other_than_the_words(check):
    at(check(TEMPLATE + RULE.format("1 == 2")), "EXPR_CONSTANT", 27, 11)
