"""A condition comparing a field with a value of another kind never holds: refused with EXPR_TYPE_MISMATCH."""

from __future__ import annotations

import pytest
from defhelpers import at, with_fields

from framework.expressions import compile_expression
from framework.forms.types import FIELD_TYPES

# lines 18-22: a yes/no field, a number and a date; the field under test starts at line 23
FIELDS = (
    "      - {id: kembar, type: boolean, label: {id: Kembar, en: Twins}}\n"
    "      - {id: jumlah, type: integer, label: {id: Jumlah, en: Number}}\n"
    "      - {id: lahir, type: date, label: {id: Lahir, en: Born}}\n"
    "      - id: catatan\n"
    "        type: text\n"
    "        label: {id: Catatan, en: Notes}\n"
)


def when(condition: str) -> str:
    return with_fields(FIELDS + f'        when: "{condition}"\n')


@pytest.mark.parametrize(
    ("condition", "col", "remedy"),
    [
        ("kembar == 'true'", 26, "; write `true`"),
        ("jumlah > '2'", 25, "; write `2`"),
        ("nama == 3", 24, "; write `'3'`"),
        ("lahir > 2024", 24, "; compare a date with `tanggal('2024-01-31')` or `today()`"),
        ("lahir > '2024-01-01'", 24, "; compare a date with `tanggal('2024-01-01')` or `today()`"),
        ("nama in ['a', 1]", 30, "; write `'1'`"),
    ],
)
def test_a_literal_no_answer_can_equal_is_refused(check, condition, col, remedy):
    error = at(check(when(condition)), "EXPR_TYPE_MISMATCH", 24, col)
    assert error.message.endswith("so the condition can never match" + remedy)


def test_the_mismatch_points_at_the_literal(check):
    error = at(check(when("kembar == 'ya'")), "EXPR_TYPE_MISMATCH", 24, 26)
    assert error.message.endswith("; write `true`")


@pytest.mark.parametrize(
    "condition",
    ["kembar == true", "jumlah > 2", "nama == 'x'", "lahir > tanggal('2024-01-01')", "lahir > today()", "nama != null"],
)
def test_a_literal_of_the_fields_kind_passes(check, condition):
    assert check(when(condition)) == []


def test_the_refused_conditions_indeed_never_hold():
    # why it is an error: `'true'` is not the answer True, a date answer (a date) is not its ISO text
    assert compile_expression("kembar == 'true'", {"kembar"}).holds({"kembar": True}) is False
    later = compile_expression("lahir > '2024-01-01'", {"lahir"})
    assert later.holds({"lahir": FIELD_TYPES["date"].typed("2024-05-01")}) is False


@pytest.mark.parametrize("condition", ["lahir < tanggal('2024-13-01')", "lahir < tanggal('17-08-2024')"])
def test_a_date_that_is_not_on_the_calendar_is_refused(check, condition):
    """At run time `tanggal` answers "no date" for it, and the field it guards never shows."""
    error = at(check(when(condition)), "EXPR_BAD_DATE", 24, 32)  # at the literal
    assert "is not a real date; write YYYY-MM-DD" in error.message


@pytest.mark.parametrize("condition", ["lahir < tanggal('2024-02-29')", "lahir < today()", "lahir < tanggal(lahir)"])
def test_a_real_date_or_a_value_known_later_is_not_refused(check, condition):
    assert not [p for p in check(when(condition)) if p.code == "EXPR_BAD_DATE"]
