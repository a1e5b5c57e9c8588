"""`standard.retention`: how long the personal data of a closed application is kept, read once for everyone.

``5y``, ``18m``, ``90d`` after the decision, counted as `mpp purge` counts
them (a year 365 days, a month 30). `mpp purge`, `mpp diff` and the admin's
change table read it here, so what the diff calls shorter is what the purge
removes sooner, and a value the purge cannot read (``5 tahun``: nothing is
ever removed) is named as such instead of being compared as text.
"""

from __future__ import annotations

import re

from framework.definition.messages import Text, msg

_PERIOD = re.compile(r"([1-9][0-9]*)([ymd])")
_DAYS = {"y": 365, "m": 30, "d": 1}
_UNITS = {"y": ("tahun", "year"), "m": ("bulan", "month"), "d": ("hari", "day")}


def retention_days(value: object) -> int | None:
    """The days ``value`` keeps personal data, or None when it declares no period `mpp purge` can read."""
    match = _PERIOD.fullmatch(value) if isinstance(value, str) else None
    return int(match.group(1)) * _DAYS[match.group(2)] if match else None


def retention_words(value: object) -> Text:
    """The period as the ministry reads it: `5 tahun` / `5 years`; none or unreadable says the data stays for ever."""
    match = _PERIOD.fullmatch(value) if isinstance(value, str) else None
    if match:
        amount, (indonesian, english) = int(match.group(1)), _UNITS[match.group(2)]
        return msg(f"{amount} {indonesian}", f"{amount} {english}{'' if amount == 1 else 's'}")
    if value is None:
        return msg("tidak ditetapkan, disimpan selamanya", "none, kept for ever")
    return msg(
        f"`{value}`, bukan masa retensi: disimpan selamanya", f"`{value}`, not a retention period: kept for ever"
    )
