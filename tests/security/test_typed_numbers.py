"""`framework.core.numbers`: the one reading of a whole number someone typed, and the database's id range."""

from __future__ import annotations

import pytest

from framework.core.numbers import BIGINT_MAX, INTEGER_MAX, is_stored_id, page_within, whole_number


@pytest.mark.parametrize(
    ("typed", "read"),
    [("0", 0), ("7", 7), ("007", 7), (str(BIGINT_MAX), BIGINT_MAX), ("0" * 5000 + "12", 12)],
)
def test_ascii_digits_are_a_number(typed, read):
    assert whole_number(typed) == read


@pytest.mark.parametrize(
    "typed",
    [
        None,
        "",
        " 1",
        "1 ",
        "1\n",
        "+1",
        "-1",
        "1.0",
        "1_000",
        "\u00b2",  # superscript two: isdigit() is true, int() fails
        "\u0663",  # Arabic-Indic three: int() reads it; nobody types it for a page number
        "\uff11",  # fullwidth one
        "9" * 5000,  # past int()'s 4,300 digits
        str(BIGINT_MAX + 1),
        "99999999999999999999",
    ],
)
def test_anything_else_is_no_number(typed):
    assert whole_number(typed) is None


def test_the_range_is_the_callers():
    assert whole_number("0", low=1) is None
    assert whole_number("31", low=1, high=30) is None
    assert whole_number("30", low=1, high=30) == 30
    assert whole_number(str(INTEGER_MAX + 1), high=INTEGER_MAX) is None


def test_a_stored_id_is_a_positive_bigint():
    assert is_stored_id(1) and is_stored_id(BIGINT_MAX)
    assert not is_stored_id(0) and not is_stored_id(-1) and not is_stored_id(BIGINT_MAX + 1)
    assert BIGINT_MAX == 2**63 - 1 and INTEGER_MAX == 2**31 - 1


@pytest.mark.parametrize(
    ("page", "total", "expected"),
    [(1, 0, (1, 1)), (0, 120, (1, 3)), (-5, 120, (1, 3)), (2, 120, (2, 3)), (10**30, 120, (3, 3)), (3, 100, (2, 2))],
)
def test_a_page_is_one_that_exists(page, total, expected):
    assert page_within(page, total, 50) == expected
