"""Aggregates over repeating groups: compile-time errors, located, and what they compute.

Line numbers refer to MINIMAL (defhelpers.py) with HOUSEHOLD added to page
`satu` from line 18; the rule that uses the aggregate follows the steps.
"""

from __future__ import annotations

import datetime as dt

import pytest
from defhelpers import MINIMAL, at, with_fields

from framework.expressions import ExpressionError, compile_expression

HOUSEHOLD = (
    "      - id: anggota\n"  # 18
    "        type: group\n"  # 19
    "        label: {id: Anggota keluarga, en: Household members}\n"  # 20
    "        repeat: {min: 1, max: 10}\n"  # 21
    "        fields:\n"  # 22
    "          - {id: nama, type: text, label: {id: Nama, en: Name}}\n"  # 23
    "          - {id: penghasilan, type: integer, label: {id: Penghasilan, en: Income}}\n"  # 24
    "          - {id: lahir, type: date, label: {id: Tanggal lahir, en: Date of birth}}\n"  # 25
    "      - id: alamat\n"  # 26
    "        type: group\n"  # 27
    "        label: {id: Alamat, en: Address}\n"  # 28
    "        fields:\n"  # 29
    "          - {id: jalan, type: text, label: {id: Jalan, en: Street}}\n"  # 30
)
# steps 31-36, `rules:` 37, the rule's `when` on line 38; its condition starts at column 11 (after `  - when: `)
RULE = "rules:\n  - when: {}\n    message: {{id: Terlalu tinggi, en: Too high}}\n"


def household(condition: str) -> str:
    return with_fields(HOUSEHOLD) + RULE.format(condition)


def test_the_household_with_an_aggregate_rule_is_valid(check):
    assert check(household("sum(anggota.penghasilan) >= 3000000 or count(anggota.lahir > today()) > 0")) == []


def test_sum_over_a_text_field(check):
    # `sum(anggota.` is 12 characters: the error points at `nama`
    error = at(
        check(household("sum(anggota.nama) > 1")), "EXPR_AGGREGATE_TYPE", 38, 23
    )  # `sum(anggota.` is 12 characters after column 11
    assert error.message == (
        "`sum()` over `anggota.nama`, a `text` field: sum() is for `decimal`, `integer` fields only"
    )
    assert "jenisnya" not in error.text.id and "kolom berjenis `text`" in error.text.id


def test_max_over_a_date_is_fine_but_not_over_text(check):
    assert check(household("max(anggota.lahir) > today()")) == []
    at(check(household("max(anggota.nama) == 'x'")), "EXPR_AGGREGATE_TYPE", 38, 23)  # `max(anggota.`: 12 characters


def test_aggregate_over_a_group_that_does_not_repeat(check):
    error = at(check(household("count(alamat) > 1")), "EXPR_NOT_A_REPEAT", 38, 17)  # `count(`
    assert "group `alamat` does not repeat" in error.message


def test_aggregate_over_a_plain_field(check):
    error = at(check(household("any(nama.x == 'a')")), "EXPR_NOT_A_REPEAT", 38, 15)  # `any(`
    assert "`nama` is a `text` field" in error.message


def test_unknown_field_of_the_group(check):
    error = at(
        check(household("sum(anggota.penghasilann) > 1")), "EXPR_UNKNOWN_NAME", 38, 23
    )  # `sum(anggota.` is 12 characters after column 11
    assert "group `anggota` has no field `penghasilann`" in error.message
    assert error.message.endswith("did you mean `penghasilan`?")


def test_unknown_group(check):
    error = at(check(household("count(anggot) > 1")), "EXPR_UNKNOWN_NAME", 38, 17)  # `count(`
    assert "did you mean `anggota`?" in error.message


def test_an_aggregate_in_a_field_condition_is_checked_too(check):
    text = with_fields(HOUSEHOLD + "      - id: catatan\n        type: text\n        label: {id: C, en: N}\n")
    text = text.replace("label: {id: C, en: N}\n", "label: {id: C, en: N}\n        when: sum(anggota.nama) > 0\n")
    at(check(text), "EXPR_AGGREGATE_TYPE", 34, 27)  # `        when: sum(anggota.` is 26 characters


@pytest.mark.parametrize(
    ("source", "offset", "words"),
    [
        ("sum(anggota)", 0, "takes one argument naming a field"),
        ("sum(anggota.penghasilan, 1)", 0, "takes one argument"),
        ("any(c for c in anggota)", 0, "takes one argument"),
        ("any(anggota.penghasilan > x.y)", 0, "reads one repeating group only"),
        ("sum(anggota.a.b)", 0, "takes one argument"),
        ("any(count(anggota) > 1)", 0, "inside an aggregate"),
        ("anggota.penghasilan > 1", 0, "attribute access"),
        ("count(anggota.penghasilan.x > 1)", 6, "only `group.field`"),
    ],
)
def test_shapes_refused_when_compiled(source, offset, words):
    with pytest.raises(ExpressionError) as caught:
        compile_expression(source, {"anggota", "x"})
    assert caught.value.code == "EXPR_FORBIDDEN"
    assert caught.value.offset == offset
    assert words in caught.value.text.en and caught.value.text.id != caught.value.text.en


# --- what they compute -------------------------------------------------------------------

ROWS = [
    {"penghasilan": 1_000_000, "lahir": dt.date(1980, 1, 1)},
    {"penghasilan": 2_500_000, "lahir": dt.date(2015, 6, 1)},
    {"penghasilan": None, "lahir": None},
]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("sum(anggota.penghasilan)", 3_500_000),
        ("sum(anggota.penghasilan) < 3000000", False),
        ("count(anggota)", 3),
        ("count(anggota.penghasilan > 1500000)", 1),
        ("min(anggota.lahir)", dt.date(1980, 1, 1)),
        ("max(anggota.penghasilan)", 2_500_000),
        ("any(anggota.penghasilan > batas)", True),
        ("any(anggota.penghasilan > 5000000)", None),  # the third row is not answered: undecided
        ("all(anggota.penghasilan > 0)", None),
        ("all(anggota.penghasilan > 5000000)", False),
        ("any(umur(anggota.lahir) < 17) and count(anggota) >= 2", True),
        ("unique(anggota.penghasilan)", True),  # the unanswered row is left out
        ("not unique(anggota.lahir)", False),
    ],
)
def test_values(source, expected):
    expression = compile_expression(source, {"anggota", "batas"})
    assert expression.evaluate({"anggota": ROWS, "batas": 2_000_000}) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("sum(anggota.penghasilan)", 0),
        ("count(anggota)", 0),
        ("any(anggota.penghasilan > 0)", False),
        ("all(anggota.penghasilan > 0)", True),
        ("max(anggota.penghasilan)", None),
        ("unique(anggota.penghasilan)", True),
    ],
)
def test_no_rows(source, expected):
    expression = compile_expression(source, {"anggota"})
    assert expression.evaluate({"anggota": None}) == expected
    assert expression.evaluate({}) == expected


def test_the_group_is_what_the_condition_reads():
    expression = compile_expression("sum(anggota.penghasilan) < batas", {"anggota", "batas"})
    assert expression.names == {"anggota", "batas"}


def test_text_in_a_number_field_makes_the_sum_undecided():
    expression = compile_expression("sum(anggota.penghasilan) > 1", {"anggota"})
    assert expression.evaluate({"anggota": [{"penghasilan": "satu juta"}]}) is None


def test_unique_finds_the_same_answer_twice():
    """Two witnesses with one NIK: the rule the language could not say before (rows cannot be indexed)."""
    expression = compile_expression("not unique(anggota.nama)", {"anggota"})
    assert expression.evaluate({"anggota": [{"nama": "RINA"}, {"nama": "RINA"}]}) is True
    assert expression.evaluate({"anggota": [{"nama": "RINA"}, {"nama": "BUDI"}, {"nama": None}]}) is False


def test_unique_over_a_group_field_is_checked_for_its_type(check):
    assert check(household("not unique(anggota.nama)")) == []
    error = at(check(household("not unique(anggota.alamat)")), "EXPR_UNKNOWN_NAME", 38, 30)
    assert "its fields: lahir, nama, penghasilan" in error.message


def test_an_unknown_function_lists_the_aggregates_too():
    with pytest.raises(ExpressionError) as caught:
        compile_expression("distinct(anggota.nama) < 2", {"anggota"})
    assert caught.value.code == "EXPR_UNKNOWN_FUNCTION" and "sum(), min()" in caught.value.text.en
    assert "unique()" in caught.value.text.en


def test_minimal_is_still_valid(check):
    assert check(MINIMAL) == []
