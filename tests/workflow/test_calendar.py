"""Working time on the Indonesian calendar: 08:00–16:00 WIB, weekends and national holidays off."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from framework.workflow.calendar import (
    WIB,
    add_working_hours,
    add_working_minutes,
    is_working_day,
    subtract_working_minutes,
    working_minutes_between,
)


def wib(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=WIB)


def test_independence_day_and_the_weekend_are_not_working_days():
    assert not is_working_day(wib(2026, 8, 17).date())  # Monday, Hari Kemerdekaan
    assert not is_working_day(wib(2026, 8, 15).date())  # Saturday
    assert is_working_day(wib(2026, 8, 18).date())


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (wib(2026, 8, 14, 10), 8, wib(2026, 8, 18, 10)),  # Friday + 1d skips Sat, Sun and Mon 17 August
        (wib(2026, 8, 14, 14), 4, wib(2026, 8, 18, 10)),  # 2 h on Friday, 2 h on Tuesday
        (wib(2026, 8, 13, 18), 4, wib(2026, 8, 14, 12)),  # filed after hours: the clock starts next morning
        (wib(2026, 8, 10, 9), 16, wib(2026, 8, 12, 9)),  # 2d within one week
        (wib(2026, 8, 10, 9), 4, wib(2026, 8, 10, 13)),
    ],
)
def test_deadlines(start, hours, due):
    assert add_working_hours(start, hours) == due
    assert add_working_hours(start, hours).tzinfo == UTC


def test_minutes_between_skip_the_holiday_and_the_weekend():
    assert working_minutes_between(wib(2026, 8, 14, 15), wib(2026, 8, 18, 9)) == 60 + 60
    assert working_minutes_between(wib(2026, 8, 18, 9), wib(2026, 8, 14, 15)) == 0


def test_resuming_a_paused_clock():
    left = working_minutes_between(wib(2026, 8, 10, 15), wib(2026, 8, 11, 10))  # 1 h Monday + 2 h Tuesday
    assert left == 180
    assert add_working_minutes(wib(2026, 8, 14, 15), left) == wib(2026, 8, 18, 10)


@pytest.mark.parametrize(
    ("end", "minutes", "start"),
    [
        (wib(2026, 8, 18, 10), 180, wib(2026, 8, 14, 15)),  # back over Mon 17 August and the weekend
        (wib(2026, 8, 18, 20), 60, wib(2026, 8, 18, 15)),  # after hours: from the day's closing
        (wib(2026, 8, 10, 9), 1, wib(2026, 8, 10, 8, 59)),
    ],
)
def test_going_back_in_working_time(end, minutes, start):
    assert subtract_working_minutes(end, minutes) == start
    assert working_minutes_between(start, end) == minutes
