"""Computations whose kinds do not go together never hold: refused with EXPR_TYPE_MISMATCH.

At run time `Expression.evaluate` answers "undecidable" for `today() + 30` or
`umur(lahir) > '17'` (Python raises), so the rule they guard never fires.
"""

from __future__ import annotations

import pytest
from defhelpers import at, with_fields

from framework.expressions import compile_expression

# lines 18-21: a number, a date, a choice and a multichoice; the field under test starts at line 22
FIELDS = (
    "      - {id: jumlah, type: integer, label: {id: Jumlah, en: Number}}\n"
    "      - {id: lahir, type: date, label: {id: Lahir, en: Born}}\n"
    "      - {id: alasan, type: choice, label: {id: Alasan, en: Reason}, "
    "options: {BARU: {id: Baru, en: New}, HILANG: {id: Hilang, en: Lost}}}\n"
    "      - {id: bahasa, type: multichoice, label: {id: Bahasa, en: Languages}, "
    "options: {ID: {id: Indonesia, en: Indonesian}, EN: {id: Inggris, en: English}}}\n"
    "      - id: catatan\n"
    "        type: text\n"
    "        label: {id: Catatan, en: Notes}\n"
)
COLUMN = 16  # `        when: "` is 15 characters: the condition's first character (index 0) is column 16


def when(condition: str) -> str:
    return with_fields(FIELDS + f'        when: "{condition}"\n')


@pytest.mark.parametrize(
    ("condition", "at_character", "hint"),
    [
        ("lahir > today() + 30", 16, "write `selisih_hari(lahir, today()) > 30`"),
        ("today() + 30 < lahir", 8, "write `selisih_hari(lahir, today()) > 30`"),
        ("lahir < today() - 7", 16, "write `selisih_hari(lahir, today()) < -7`"),
        ("lahir < today() - (jumlah + 1)", 16, "write `selisih_hari(lahir, today()) < -(jumlah + 1)`"),
        ("lahir - today() > 30", 6, "write `selisih_hari(lahir, today()) > 30`"),
        ("(lahir) - today() > 30", 8, "write `selisih_hari(lahir, today()) > 30`"),
        ("jumlah == 1 or lahir + 1 > 2", 21, "write `selisih_hari(tanggal_rekam, today()) > 30`"),
    ],
)
def test_arithmetic_with_a_date_is_refused_at_the_operator(check, condition, at_character, hint):
    error = at(check(when(condition)), "EXPR_TYPE_MISMATCH", 25, COLUMN + at_character)
    assert "a date cannot be computed with" in error.message and error.message.endswith(hint)


def test_the_days_hint_means_what_the_author_wrote():
    # selisih_hari(later, earlier): days from `earlier` to `later`; 40 days ahead is more than 30
    import datetime as dt

    from framework.expressions import today

    ahead = {"lahir": today() + dt.timedelta(days=40)}
    assert compile_expression("lahir > today() + 30", {"lahir"}).evaluate(ahead) is None  # why it is refused
    assert compile_expression("selisih_hari(lahir, today()) > 30", {"lahir"}).holds(ahead)


@pytest.mark.parametrize(
    ("condition", "at_character", "ending"),
    [
        (
            "umur(lahir) > '17'",
            14,
            "`umur(lahir)` holds a number, but is compared with the text `'17'`, so the "
            "condition can never match; write `17`",
        ),
        ("len(catatan) > 'x'", 15, "the text `'x'`, so the condition can never match"),
        ("jumlah > 1 and today() == 'x'", 26, "`today()` holds a date, but is compared with the text `'x'`"),
    ],
)
def test_a_computed_value_compared_with_a_literal_of_another_kind_is_refused(check, condition, at_character, ending):
    error = at(check(when(condition)), "EXPR_TYPE_MISMATCH", 25, COLUMN + at_character)
    assert ending in error.message


@pytest.mark.parametrize(("condition", "at_character"), [("len(lahir) > 3", 4), ("len(jumlah) > 3", 4)])
def test_len_of_a_date_or_a_number_is_refused_at_the_argument(check, condition, at_character):
    error = at(check(when(condition)), "EXPR_TYPE_MISMATCH", 25, COLUMN + at_character)
    assert "`len()` counts the letters of a text or the choices of a multichoice field" in error.message


def test_len_of_a_date_says_how_to_count_days(check):
    error = at(check(when("len(lahir) > 3")), "EXPR_TYPE_MISMATCH", 25, COLUMN + 4)
    assert error.message.endswith(
        "; for a date write `selisih_hari(tanggal_rekam, today()) > 30` or `umur(lahir) >= 17`"
    )


@pytest.mark.parametrize(
    ("condition", "instead"),
    [
        ("alasan == ['BARU', 'HILANG']", "alasan in ['BARU', 'HILANG']"),
        ("alasan != ['BARU', 'HILANG']", "alasan not in ['BARU', 'HILANG']"),
    ],
)
def test_one_value_compared_with_a_list_is_refused(check, condition, instead):
    error = at(check(when(condition)), "EXPR_TYPE_MISMATCH", 25, COLUMN + 10)
    assert "never equal to a list" in error.message and error.message.endswith(f"write `{instead}`")


def test_one_value_equal_to_a_list_indeed_never_holds():
    assert compile_expression("alasan == ['BARU', 'HILANG']", {"alasan"}).holds({"alasan": "BARU"}) is False


@pytest.mark.parametrize(
    "condition",
    [
        "selisih_hari(lahir, today()) > 30",
        "umur(lahir) >= 17",
        "lahir < today()",
        "jumlah + 1 > 3",
        "-jumlah < 0",
        "len(catatan) > 3",
        "len(bahasa) > 1",
        "bahasa == ['ID', 'EN']",
        "alasan in ['BARU', 'HILANG']",
        "upper(catatan) == 'X'",
        "(catatan or nama) == 'y'",  # `or` gives one of its operands: here a text
    ],
)
def test_kinds_that_go_together_pass(check, condition):
    assert check(when(condition)) == []
