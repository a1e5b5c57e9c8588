"""SLA durations: `4h` (working hours) and `3d` (working days).

A working day counts as 8 working hours when durations of different units are
compared (e.g. two 4-hour steps inside a 1-day service standard).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HOURS_PER_WORKING_DAY = 8
_DURATION = re.compile(r"^([1-9][0-9]{0,3})\s*([hd])\Z")


@dataclass(frozen=True, slots=True, order=True)
class Duration:
    working_hours: int
    text: str = ""

    @property
    def days(self) -> int | None:
        """Whole working days, when the duration was written in days."""
        return self.working_hours // HOURS_PER_WORKING_DAY if self.text.endswith("d") else None

    def __str__(self) -> str:
        return self.text


def parse_duration(value: object) -> Duration | None:
    """The duration, or None when ``value`` is not like `4h` or `3d`."""
    if not isinstance(value, str):
        return None
    match = _DURATION.match(value.strip())
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    hours = amount * HOURS_PER_WORKING_DAY if unit == "d" else amount
    return Duration(hours, f"{amount}{unit}")
