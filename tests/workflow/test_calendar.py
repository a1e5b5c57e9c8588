"""Working time on the Indonesian calendar: 08:00–16:00 WIB, weekends and national holidays off."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from framework.workflow.calendar import (
    WIB,
    add_working_hours,
    add_working_minutes,
    is_working_day,
    local_time_text,
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
    assert local_time_text(moment, "id") == indonesian and local_time_text(moment, "en") == english


def test_without_a_known_language_a_time_is_written_in_indonesian():
    """A CLI, a worker or an issued document knows no reader's language: Indonesian, the portal's first."""
    moment = datetime(2026, 8, 16, 17, 5, tzinfo=UTC)
    assert local_time_text(moment) == local_time_text(moment, "fr") == "17 Agustus 2026, 00.05 WIB"
    assert (
        local_time_text(None, "en") == "" and local_time_text("kemarin", "en") == "kemarin"
    )  # not a time: shown as stored


def test_a_time_is_shown_in_the_zone_its_region_keeps():
    """A Gowa office keeps WITA: its deadline at 09.00 WITA is not shown as 08.00 WIB to be converted."""
    moment = datetime(2026, 8, 16, 17, 5, tzinfo=UTC)
    assert local_time_text(moment, "id", "73.06") == "17 Agustus 2026, 01.05 WITA"  # Kabupaten Gowa
    assert local_time_text(moment, "en", "94.71") == "17 August 2026, 02:05 WIT"  # Kota Jayapura
    assert local_time_text(moment, "id", "32.03") == local_time_text(moment, "id") == "17 Agustus 2026, 00.05 WIB"


def test_each_province_keeps_its_own_office_hours():
    from framework.workflow.calendar import WIT, WITA, zone_of

    assert (zone_of("73.06"), zone_of("51.71"), zone_of("94.01"), zone_of("31.71"), zone_of("")) == (
        WITA,
        WITA,
        WIT,
        WIB,
        WIB,
    )
    early = wib(2026, 8, 11, 7, 30)  # Tuesday 07:30 WIB: 08:30 in Gowa, whose office is open
    assert working_minutes_between(wib(2026, 8, 11, 7, 0), wib(2026, 8, 11, 8, 0), WITA) == 60
    assert working_minutes_between(wib(2026, 8, 11, 7, 0), wib(2026, 8, 11, 8, 0)) == 0  # Jakarta: not yet open
    assert add_working_hours(early, 1, WITA) == wib(2026, 8, 11, 8, 30)  # 09:30 WITA
    assert add_working_hours(early, 1) == wib(2026, 8, 11, 9, 0)
    late = wib(2026, 8, 11, 15, 30)  # 16:30 in Gowa, closed; 17:30 in Jayapura
    assert add_working_hours(late, 1, WITA) == wib(2026, 8, 12, 8, 0)  # next morning 09:00 WITA
    assert add_working_hours(late, 1, WIT) == wib(2026, 8, 12, 7, 0)  # 09:00 WIT
    assert add_working_hours(late, 1) == wib(2026, 8, 12, 8, 30)  # half an hour today, half tomorrow


def test_a_step_in_a_wita_region_is_due_on_its_office_hours(session, spec):
    """Filed at 15:30 WIB in Gowa (16:30 WITA, after closing): the 2-day step starts next morning there."""
    from workflow_helpers import ANSWERS, NIK, OTHER_REGION

    from framework.services import applications

    filed = applications.submit(
        session, spec, region=OTHER_REGION, answers=ANSWERS, applicant_nik=NIK, now=wib(2026, 8, 11, 15, 30)
    )
    # 16 working hours from Wednesday 08:00 WITA: Thursday 16:00 WITA, 15:00 WIB
    assert filed.due_at == wib(2026, 8, 13, 15, 0)
