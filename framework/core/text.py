"""The one bilingual text of the framework: Bahasa Indonesia first, English second.

Definitions (`{id, en}` labels), checker messages and the service functions'
errors all carry a ``Text`` and pick the language at the last moment: a web
page by the visitor's choice, the CLI by ``--lang`` / ``MPP_LANG``. Strings
that belong to the user interface itself go through Flask-Babel instead.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


def current_language() -> str:
    """The language chosen by ``MPP_LANG`` (``id`` or ``en``); Indonesian when unset or unknown."""
    chosen = os.environ.get("MPP_LANG", "").strip().lower()[:2]
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


@dataclass(frozen=True, slots=True)
class Text:
    """A text in Bahasa Indonesia (``id``) and, ideally, English (``en``; the Indonesian stands in when missing).

    ``+`` joins two texts (or a text and a plain string) language by language,
    so a message can be assembled from parts without losing either language.
    """

    id: str
    en: str | None = None

    def get(self, language: str | None = None) -> str:
        """The text in ``language``; without one, in the language of ``MPP_LANG`` (Indonesian by default)."""
        return (self.en or self.id) if (language or current_language()) == "en" else self.id

    def language(self, language: str | None = None) -> str:
        """The language ``get(language)`` is actually in: ``id`` where the English is missing.

        Why: a page marks a text that stands in for a missing translation with
        its own language, so a screen reader pronounces it right (WCAG 3.1.2).
        """
        return "en" if (language or current_language()) == "en" and self.en else "id"

    def __str__(self) -> str:
        return self.get()

    def __add__(self, other: Text | str) -> Text:
        right = other if isinstance(other, Text) else Text(str(other), str(other))
        english = None if self.en is None and right.en is None else self.get("en") + right.get("en")
        return Text(self.id + right.id, english)

    def __radd__(self, other: str) -> Text:
        return Text(str(other), str(other)) + self

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "en": self.en} if self.en else {"id": self.id}

    @classmethod
    def required(cls, value: Any) -> Text:
        """The text of a key the meta-schema requires (``{id, en}`` or a plain string): never ``None``."""
        return cls.of(value) or cls("")

    @classmethod
    def of(cls, value: Any) -> Text | None:
        """A text from a definition's value: ``{id, en}``, a plain string, or ``None``."""
        if value is None or isinstance(value, Text):
            return value
        if isinstance(value, dict):
            return cls(str(value.get("id", "")), value.get("en"))
        return cls(str(value))


def msg(id: str, en: str) -> Text:
    """A message: Indonesian first, English second."""
    return Text(id, en)


def of(value: Text | str) -> Text:
    """``value`` as a message; a plain text (a file name, a library's words) reads the same in both."""
    return value if isinstance(value, Text) else Text(str(value), str(value))


def join(parts: Iterable[Text | str], separator: str = ", ") -> Text:
    """The parts joined with ``separator`` in each language."""
    items = [of(p) for p in parts]
    return Text(separator.join(p.id for p in items), separator.join(p.get("en") for p in items))


def bilingual(text: Text, separator: str = " / ") -> str:
    """Both languages of ``text`` in one string, Indonesian first.

    For what every reader gets whole because nobody chose a language for it:
    a notification, a comment stored in the history, an operator's console.
    """
    return separator.join(text.get(language) for language in LANGUAGES)


EMPTY = Text("", "")


def did_you_mean(suggestion: str | None) -> Text:
    """The "did you mean" hint after a message, or nothing when there is no close match."""
    if not suggestion:
        return EMPTY
    return Text(f"; maksud Anda `{suggestion}`?", f"; did you mean `{suggestion}`?")


# A hint is offered for the first problems of a file, among at most this many names.
HINTS_PER_FILE = 100
HINT_CANDIDATES = 500


class Hints:
    """The "did you mean" hints of one file, at most ``limit`` of them.

    Finding the closest name costs time in proportion to the names it is
    chosen from: a hostile file of 90,000 typos spent half a minute on hints
    nobody reads. The first problems of a file get a hint; a file with more
    has a bigger problem than a typo, and a service with more than
    ``HINT_CANDIDATES`` fields is not one a person wrote by hand.
    """

    def __init__(self, limit: int = HINTS_PER_FILE) -> None:
        self.left = limit

    def take(self) -> bool:
        """True while hints are still offered (and counts this one)."""
        self.left -= 1
        return self.left >= 0

    def closest(self, word: str, candidates: Collection[str]) -> str | None:
        """The candidate closest to ``word``, if one is close and hints are still offered."""
        if len(candidates) > HINT_CANDIDATES or not self.take():
            return None
        swapped = next((c for c in sorted(candidates) if _one_swap_apart(word, c)), None)
        if swapped is not None:  # `idk` is `ikd` typed fast, though difflib finds `sisdmk` closer
            return swapped
        close = get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
        return close[0] if close else None

    def hint(self, word: str, candidates: Collection[str]) -> Text:
        """ "; did you mean `x`?" for ``word``, or nothing."""
        return did_you_mean(self.closest(word, candidates))


def _one_swap_apart(word: str, candidate: str) -> bool:
    """Whether ``candidate`` is ``word`` with two neighbouring letters swapped (the commonest typing slip)."""
    if len(word) != len(candidate) or word == candidate:
        return False
    differ = [i for i, (a, b) in enumerate(zip(word, candidate, strict=True)) if a != b]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and word[differ[0]] == candidate[differ[1]]
        and (word[differ[1]] == candidate[differ[0]])
    )
