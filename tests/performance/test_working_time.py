"""Working minutes between two moments: the counted version agrees with walking the calendar day by day.

The figures store working time for every step an application leaves, and the
region page shows how late the most overdue ones are (months, in a backlog):
``working_minutes_between`` counts whole days instead of walking them. Checked
here against the day-by-day walk it replaced, on random spans across holidays,
weekends and years.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from framework.workflow.calendar import (
    WIB,
    _clamp_forward,
    _closing,
    _next_working_day,
    _opening,
    working_days,
    working_minutes_between,
)


def walked(start: datetime, end: datetime) -> int:
    """The day-by-day walk (the calendar's earlier implementation)."""
    if end <= start:
        return 0
    moment, end = _clamp_forward(start), end.astimezone(WIB)
    total = timedelta()
    while moment < end:
        stop = min(_closing(moment.date()), end)
        total += max(stop - moment, timedelta())
        moment = _opening(_next_working_day(moment.date()))
    return int(total.total_seconds() // 60)


def test_random_spans_agree_with_the_walk():
    rng = random.Random(17)
    base = datetime(2025, 12, 20, tzinfo=WIB)
    for _ in range(3000):
        start = base + timedelta(minutes=rng.randrange(0, 60 * 24 * 500))
        end = start + timedelta(
            minutes=rng.choice([rng.randrange(0, 600), rng.randrange(0, 60 * 24 * 40), rng.randrange(0, 60 * 24 * 400)])
        )
        assert working_minutes_between(start, end) == walked(start, end), (start, end)


@pytest.mark.parametrize(
    ("first", "last", "days"),
    [
        ("2026-08-10", "2026-08-14", 5),  # Monday to Friday
        ("2026-08-14", "2026-08-18", 2),  # Friday, the weekend, Monday 17 August (Independence Day), Tuesday
        ("2026-08-10", "2026-09-14", 24),  # 26 weekdays, minus 17 and 25 August
        ("2026-08-15", "2026-08-16", 0),  # a weekend
        ("2026-08-18", "2026-08-17", 0),  # backwards
    ],
)
def test_working_days_by_hand(first, last, days):
    from datetime import date

    assert working_days(date.fromisoformat(first), date.fromisoformat(last)) == days
