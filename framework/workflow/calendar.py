"""The SLA calendar: working hours on the Indonesian calendar.

A working day is 08:00–16:00 in the office's own time zone (8 working
hours, as `framework.definition.durations` counts a day): WIB, WITA or WIT
by the province of the application's region (``zone_of``), Monday to Friday, except national holidays from the
`holidays` package (`holidays.country_holidays('ID')`). `4h` is four working
hours; `3d` is 24 working hours, so a step started on Friday at 10:00 with
`1d` is due on the next working day at 10:00. Cuti bersama (collective leave
days set each year by joint ministerial decree) are not in the package: add
them to EXTRA_HOLIDAYS when they are decided.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache

import holidays
from babel import Locale
from babel.dates import format_datetime

from framework.core.text import DEFAULT_LANGUAGE

WIB = timezone(timedelta(hours=7), "WIB")
WITA = timezone(timedelta(hours=8), "WITA")
WIT = timezone(timedelta(hours=9), "WIT")
# provinces (Kemendagri code) outside WIB: Bali, Nusa Tenggara, South/East/North Kalimantan and Sulawesi keep
# WITA; Maluku and Papua WIT (Keppres 41/1987)
_PROVINCE_ZONES = {
    **dict.fromkeys(("51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"), WITA),
    **dict.fromkeys(("81", "82", "91", "92", "93", "94", "95", "96"), WIT),
}


def zone_of(region: str | None) -> timezone:
    """The time zone an office of ``region`` keeps its hours in (WIB for an unknown or empty code).

    Why it matters: a Gowa (WITA) office opens at 08:00 WITA, 07:00 WIB; an
    SLA clock on WIB hours ran an hour off its day.
    """
    return _PROVINCE_ZONES.get((region or "")[:2], WIB)


# Babel's day, month name and year in each language; why not CLDR's own `long`: in English that is
# `November 29, 2026, 5:12 PM`, and English pages are read in Indonesia, day first on a 24-hour clock.
# Indonesian writes the time with a dot (`17.12`), English with a colon; the zone's name follows.
TIME_PATTERNS = {"id": "d MMMM y, HH.mm", "en": "d MMMM y, HH:mm"}
# parsed once: Babel parses a locale given by name on every call, half the cost of a page's time texts
TIME_LOCALES = {language: Locale.parse(language) for language in TIME_PATTERNS}


def local_time_text(moment: datetime | str | None, language: str = DEFAULT_LANGUAGE, region: str | None = None) -> str:
    """A stored time as people of ``region`` read it: `29 November 2026, 18.12 WITA` (naive values are UTC).

    Why the region's zone: a Gowa office keeps WITA hours, its deadlines
    fall at 09.00 WITA, and a time shown in WIB there had to be converted
    by every reader. Without a region (the ministry, a national page) it is
    Jakarta time, WIB. ``language`` is the page's or the recipient's (``id``
    or ``en``); without one (a CLI, a worker, an issued document) the text
    is Indonesian, the portal's first language. The `<time datetime>` next
    to it stays ISO.
    """
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
        except ValueError:
            return str(moment)
    if not isinstance(moment, datetime):
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    chosen = language if language in TIME_PATTERNS else DEFAULT_LANGUAGE
    zone = zone_of(region)
    shown = format_datetime(moment, TIME_PATTERNS[chosen], tzinfo=zone, locale=TIME_LOCALES[chosen])
    return f"{shown} {zone.tzname(None)}"


DAY_START = time(8, 0)
DAY_END = time(16, 0)
MINUTES_PER_DAY = 8 * 60
EXTRA_HOLIDAYS: frozenset[date] = frozenset()


@lru_cache(maxsize=64)
def _national_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _national_holidays(day.year) and day not in EXTRA_HOLIDAYS


def _opening(day: date, zone: timezone = WIB) -> datetime:
    return datetime.combine(day, DAY_START, zone)


def _closing(day: date, zone: timezone = WIB) -> datetime:
    return datetime.combine(day, DAY_END, zone)


def _next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _clamp_forward(moment: datetime, zone: timezone = WIB) -> datetime:
    """The first working instant at or after ``moment`` (in ``zone``)."""
    local = moment.astimezone(zone)
    day = local.date()
    if is_working_day(day) and local < _closing(day, zone):
        return max(local, _opening(day, zone))
    return _opening(_next_working_day(day), zone)


def add_working_minutes(start: datetime, minutes: int, zone: timezone = WIB) -> datetime:
    """The moment ``minutes`` working minutes after ``start`` (aware, UTC); before it when ``minutes`` is negative.

    Why negative: :func:`minutes_left` is negative once a deadline has
    passed, and a clock resumed with it stays as late as it was
    (``applications._resubmit``).
    """
    if minutes < 0:
        return subtract_working_minutes(start, -minutes, zone)
    moment = _clamp_forward(start, zone)
    remaining = timedelta(minutes=minutes)
    while True:
        left_today = _closing(moment.date(), zone) - moment
        if remaining <= left_today:
            return (moment + remaining).astimezone(UTC)
        remaining -= left_today
        moment = _opening(_next_working_day(moment.date()), zone)


def _previous_working_day(day: date) -> date:
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def _clamp_backward(moment: datetime, zone: timezone = WIB) -> datetime:
    """The last working instant at or before ``moment`` (in ``zone``)."""
    local = moment.astimezone(zone)
    day = local.date()
    if is_working_day(day) and local > _opening(day, zone):
        return min(local, _closing(day, zone))
    return _closing(_previous_working_day(day), zone)


def subtract_working_minutes(end: datetime, minutes: int, zone: timezone = WIB) -> datetime:
    """The moment ``minutes`` working minutes before ``end`` (aware, UTC): :func:`add_working_minutes` backwards."""
    moment = _clamp_backward(end, zone)
    remaining = timedelta(minutes=minutes)
    while True:
        done_today = moment - _opening(moment.date(), zone)
        if remaining <= done_today:
            return (moment - remaining).astimezone(UTC)
        remaining -= done_today
        moment = _closing(_previous_working_day(moment.date()), zone)


def add_working_hours(start: datetime, hours: int, zone: timezone = WIB) -> datetime:
    return add_working_minutes(start, hours * 60, zone)


def working_minutes_between(start: datetime, end: datetime, zone: timezone = WIB) -> int:
    """Working minutes from ``start`` to ``end`` (0 when ``end`` is not later).

    The first and last days count their working part; the whole days between
    are counted by :func:`working_days`, not walked one by one (an application
    months overdue, or a year of them in ``mpp figures rebuild``).
    """
    if end <= start:
        return 0
    moment, end = _clamp_forward(start, zone), end.astimezone(zone)
    if moment >= end:
        return 0
    first, last = moment.date(), end.date()
    if first == last:
        return _minutes(min(_closing(first, zone), end) - moment)
    total = _closing(first, zone) - moment
    if is_working_day(last):
        total += min(max(end - _opening(last, zone), timedelta()), _closing(last, zone) - _opening(last, zone))
    days = working_days(first + timedelta(days=1), last - timedelta(days=1))
    return _minutes(total) + days * MINUTES_PER_DAY


def minutes_left(due_at: datetime | None, now: datetime, zone: timezone = WIB) -> int | None:
    """Working minutes to ``due_at``; negative (working minutes overdue, at least one) once it has passed.

    ``add_working_minutes(now, minutes_left(due_at, now))`` is ``due_at`` again, in working time.
    """
    if due_at is None:
        return None
    if due_at >= now:
        return working_minutes_between(now, due_at, zone)
    return -max(1, working_minutes_between(due_at, now, zone))


def _minutes(span: timedelta) -> int:
    return int(max(span, timedelta()).total_seconds() // 60)


def working_days(first: date, last: date) -> int:
    """Working days from ``first`` to ``last``, both included (0 when ``last`` is earlier)."""
    if last < first:
        return 0
    whole_weeks, rest = divmod((last - first).days + 1, 7)
    weekdays = whole_weeks * 5 + sum(1 for n in range(rest) if (first.weekday() + n) % 7 < 5)
    off = {day for year in range(first.year, last.year + 1) for day in _national_holidays(year)} | EXTRA_HOLIDAYS
    return weekdays - sum(1 for day in off if first <= day <= last and day.weekday() < 5)
