"""Exact medians and 90th percentiles of working minutes, and what they are in working days.

Definitions, kept in one place (the tests compute them by hand):

- **median**: the middle value, or the mean of the two middle values when
  there is an even number of them (``statistics.median``);
- **90th percentile**: the nearest rank, the ⌈0.9·n⌉-th smallest value — at
  least 90 % of the values are at most it (PostgreSQL's ``percentile_disc``).

The worker ranks each region's values in Python when it refreshes the
statistics table (``framework.services.performance_stats``): the same code on
SQLite and PostgreSQL, and faster there than SQLite's window functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from framework.workflow.calendar import MINUTES_PER_DAY


@dataclass(frozen=True)
class Spread:
    """The count, median and 90th percentile of one group's values (working minutes)."""

    count: int
    median: float
    p90: int

    @property
    def median_days(self) -> float:
        return self.median / MINUTES_PER_DAY

    @property
    def p90_days(self) -> float:
        return self.p90 / MINUTES_PER_DAY


def lower_middle(n: int) -> int:
    return (n + 1) // 2


def upper_middle(n: int) -> int:
    return n // 2 + 1


def p90_rank(n: int) -> int:
    """⌈0.9·n⌉ in integers (``ceil(0.9 * 70)`` is 64 in floating point)."""
    return (9 * n + 9) // 10


def spread_of(values: Sequence[int]) -> Spread | None:
    """The count, median and 90th percentile of ``values`` (None when there are none)."""
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    median = (ordered[lower_middle(n) - 1] + ordered[upper_middle(n) - 1]) / 2
    return Spread(n, median, ordered[p90_rank(n) - 1])
