"""Whole numbers someone typed (a page, a row, a version, an id), read one way everywhere, and the database's range.

Why one reader: ``str.isdigit()`` says yes to ``"²"`` (which ``int()``
refuses) and to ``"٣"`` (which ``int()`` reads as 3); ``int()`` refuses more
than 4,300 digits; and a number past the database's integer columns fails in
the driver (``OverflowError`` on SQLite, an error on PostgreSQL). Each of
those was a 500. Here a number is ASCII digits only, within the caller's
range, or it is no number (``None``), which every caller already handles as
a bad value.
"""

from __future__ import annotations

INTEGER_MAX = 2**31 - 1  # a 32-bit INTEGER column (PostgreSQL `integer`): a definition's or a row's version
BIGINT_MAX = 2**63 - 1  # every id (PostgreSQL `bigint`, SQLite's INTEGER): the largest number anything keeps
# The largest whole number a JSON number keeps exactly everywhere (an IEEE double, as JavaScript and most JSON
# parsers read it; RFC 8259 §6): an integer answer is kept within ±this, so every client reads back what was stored.
JSON_SAFE_INTEGER = 2**53 - 1


def whole_number(text: str | None, low: int = 0, high: int = BIGINT_MAX) -> int | None:
    """``text`` as a number from ``low`` to ``high`` when it is ASCII digits only (no sign, no space); else None."""
    if not text or not text.isascii() or not text.isdigit():
        return None
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(high)):  # refused before int(), which has a limit of its own
        return None
    number = int(digits)
    return number if low <= number <= high else None


def is_stored_id(number: int) -> bool:
    """Whether ``number`` can be a row's id; one that cannot is *not found* without asking the database."""
    return 1 <= number <= BIGINT_MAX


def page_within(page: int, total: int, page_size: int) -> tuple[int, int]:
    """``(page, pages)``: the page asked for, kept between the first and the last, and how many pages there are.

    Why: a page past the last one would ask the database for an offset past
    its integers; the last page is what the reader meant.
    """
    pages = max(1, -(-total // page_size))
    return min(max(1, page), pages), pages


# --- sizes, as people read them -------------------------------------------------------------

SIZE_UNITS = ("B", "KB", "MB", "GB")
DECIMAL_SEPARATORS = {"id": ",", "en": "."}


def size_text(size: int, language: str) -> str:
    """A file's size as people read it: `512 B`, `1,2 KB` (`1.2 KB` in English), `34 KB`, `3,4 MB`.

    Why one helper: each page divided by 1024 and rounded to whole KB itself,
    so a 300-byte scan showed as "0 KB". Units of 1024 bytes, as ``max_mb``
    counts them; one decimal below 10 (where it tells sizes apart), none above.
    """
    value, unit = float(max(size, 0)), 0
    while unit < len(SIZE_UNITS) - 1 and round(value, 1 if value < 10 else 0) >= 1024:
        value, unit = value / 1024, unit + 1
    if unit == 0:
        return f"{int(value)} B"
    shown = f"{value:.1f}" if round(value, 1) < 10 else f"{value:.0f}"
    if shown.endswith(".0"):
        shown = shown[:-2]
    return f"{shown.replace('.', DECIMAL_SEPARATORS.get(language, '.'))} {SIZE_UNITS[unit]}"
