"""Tracking numbers: unambiguous alphabet, check character, mistypes refused."""

from __future__ import annotations

import pytest

from framework import tracking


def test_generated_numbers_parse_and_avoid_ambiguous_characters():
    for _ in range(200):
        number = tracking.generate()
        assert tracking.parse(number) == number
        assert not set(number) & set("01OIL")


def test_lower_case_spaces_and_missing_dash_are_accepted():
    number = tracking.generate()
    assert tracking.parse(" " + number.replace("-", " ").lower() + " ") == number
    assert tracking.parse(number.replace("-", "")) == number


def test_every_single_mistyped_character_and_neighbour_swap_is_caught():
    compact = tracking.generate().replace("-", "")
    wrong = [compact[:i] + ch + compact[i + 1:] for i in range(len(compact)) for ch in tracking.ALPHABET if ch != compact[i]]
    wrong += [compact[:i] + compact[i + 1] + compact[i] + compact[i + 2:] for i in range(len(compact) - 1) if compact[i] != compact[i + 1]]
    assert wrong and not [w for w in wrong if tracking.is_valid(w)]


@pytest.mark.parametrize(("typed", "code"), [("ABC", "TRACKING_LENGTH"), ("O0O0-I1I1L", "TRACKING_CHARACTER"), ("", "TRACKING_LENGTH")])
def test_malformed_numbers(typed, code):
    with pytest.raises(tracking.TrackingNumberError) as caught:
        tracking.parse(typed)
    assert caught.value.code == code
