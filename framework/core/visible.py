"""What of a text a reader can see: the one definition of "blank" for answers and complaints alike.

Why one: a required answer and a complaint's narrative were each checked for
blankness by their own rule, and the two disagreed (a Hangul filler or a
blank braille cell passed one and not the other). A check on the raw text
accepts a message nobody can read; ``str.strip`` alone misses the Unicode
"format" characters (zero-width space, joiners, the byte-order mark) and the
characters that draw nothing though they are not whitespace.
"""

from __future__ import annotations

import unicodedata

# characters that show nothing but are not whitespace to str.strip(): Hangul fillers and a blank braille cell
BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def visible(text: str) -> str:
    """``text`` without invisible format characters and blank look-alikes, and without outer whitespace."""
    return "".join(char for char in text if not _draws_nothing(char)).strip()


def is_blank(text: str) -> bool:
    """Nothing in ``text`` a reader could see (an empty text too)."""
    return all(char.isspace() or _draws_nothing(char) for char in text)


def _draws_nothing(char: str) -> bool:
    """An invisible format character (zero-width space, joiners, BOM) or a blank look-alike: the one rule of both."""
    return char in BLANK_LOOKALIKES or unicodedata.category(char) == "Cf"
