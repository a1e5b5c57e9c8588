"""Exact medians and 90th percentiles per group, picked by the database from the ranked values.

Why in SQL: a region's median over a quarter is one sort of a few thousand
stored minutes, and the overview needs it for every region at once; sending
every value to Python was slower than letting the database rank them
(``docs/performance.md`` has the measurements). Both SQLite (3.25 and later)
and PostgreSQL rank with the same window functions, so one query serves both.

Definitions, kept in one place (the tests compute them by hand):

- **median**: the middle value, or the mean of the two middle values when
  there is an even number of them (``statistics.median``);
- **90th percentile**: the nearest rank, the ⌈0.9·n⌉-th smallest value — at
  least 90 % of the values are at most it (PostgreSQL's ``percentile_disc``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

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
    """The same figures from values in memory (for small sets and the tests' own arithmetic)."""
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    median = (ordered[lower_middle(n) - 1] + ordered[upper_middle(n) - 1]) / 2
    return Spread(n, median, ordered[p90_rank(n) - 1])


def spreads(
    session: Session, value: Any, groups: Sequence[Any], where: Sequence[ColumnElement[bool]]
) -> dict[tuple[Any, ...], Spread]:
    """{group key: Spread} of ``value`` over the rows matching ``where``, grouped by ``groups``.

    One query: each row is ranked inside its group, and only the rows at the
    median's and the 90th percentile's ranks come back (three per group).
    """
    rank = func.row_number().over(partition_by=list(groups), order_by=value)
    size = func.count().over(partition_by=list(groups))
    ranked = select(*groups, value.label("value"), rank.label("rank"), size.label("size")).where(*where).subquery()
    n, r = ranked.c.size, ranked.c["rank"]
    picked = select(*(ranked.c[column.key] for column in groups), ranked.c.value, r, n).where(
        or_(r == (n + 1) // 2, r == n // 2 + 1, r == (n * 9 + 9) // 10)
    )
    found: dict[tuple[Any, ...], dict[int, int]] = {}
    sizes: dict[tuple[Any, ...], int] = {}
    for row in session.execute(picked):
        key = tuple(row[: len(groups)])
        found.setdefault(key, {})[int(row[-2])] = int(row[-3])
        sizes[key] = int(row[-1])
    result = {}
    for key, at in found.items():
        n_values = sizes[key]
        median = (at[lower_middle(n_values)] + at[upper_middle(n_values)]) / 2
        result[key] = Spread(n_values, median, at[p90_rank(n_values)])
    return result
