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
    wib_text,
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


@pytest.mark.parametrize(
    "moment, indonesian, english",
    [
        ("2026-11-29T10:12:00+00:00", "29 November 2026, 17.12 WIB", "29 November 2026, 17:12 WIB"),
        # just after midnight WIB, still the day before in UTC: the reader's day, not the server's
        (datetime(2026, 8, 16, 17, 5, tzinfo=UTC), "17 Agustus 2026, 00.05 WIB", "17 August 2026, 00:05 WIB"),
        (datetime(2026, 12, 31, 17, 0), "1 Januari 2027, 00.00 WIB", "1 January 2027, 00:00 WIB"),  # naive: UTC
        ("2026-05-01T01:30:00Z", "1 Mei 2026, 08.30 WIB", "1 May 2026, 08:30 WIB"),
        (wib(2026, 3, 2, 9, 7), "2 Maret 2026, 09.07 WIB", "2 March 2026, 09:07 WIB"),
    ],
)
def test_a_time_is_spelled_out_in_each_language_in_jakarta_time(moment, indonesian, english):
    assert wib_text(moment, "id") == indonesian and wib_text(moment, "en") == english


def test_without_a_known_language_a_time_is_written_in_indonesian():
    """A CLI, a worker or an issued document knows no reader's language: Indonesian, the portal's first."""
    moment = datetime(2026, 8, 16, 17, 5, tzinfo=UTC)
    assert wib_text(moment) == wib_text(moment, "fr") == "17 Agustus 2026, 00.05 WIB"
    assert wib_text(None, "en") == "" and wib_text("kemarin", "en") == "kemarin"  # not a time: shown as stored
