"""Checker messages in Bahasa Indonesia and English, and the language they are shown in.

Regional admins who write definitions read Indonesian first, so every problem
carries both texts and the output picks one at the last moment (``--lang`` or
``MPP_LANG``). A message is built only when a problem is found: valid files
pay nothing for the second language.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from difflib import get_close_matches

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


def current_language() -> str:
    """The language chosen by ``MPP_LANG`` (``id`` or ``en``); Indonesian when unset or unknown."""
    chosen = os.environ.get("MPP_LANG", "").strip().lower()[:2]
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


@dataclass(frozen=True, slots=True)
class Message:
    """One message in both languages; ``+`` joins two messages (or a message and a plain text)."""

    id: str
    en: str

    def get(self, language: str | None = None) -> str:
        return self.en if (language or current_language()) == "en" else self.id

    def __str__(self) -> str:
        return self.get()

    def __add__(self, other: Message | str) -> Message:
        other = of(other)
        return Message(self.id + other.id, self.en + other.en)

    def __radd__(self, other: str) -> Message:
        return of(other) + self

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "en": self.en}


def msg(id: str, en: str) -> Message:
    """A message: Indonesian first, English second."""
    return Message(id, en)


def of(value: Message | str) -> Message:
    """``value`` as a message; a plain text (a file name, a library's words) reads the same in both."""
    return value if isinstance(value, Message) else Message(str(value), str(value))


def join(parts: Iterable[Message | str], separator: str = ", ") -> Message:
    """The parts joined with ``separator`` in each language."""
    items = [of(p) for p in parts]
    return Message(separator.join(p.id for p in items), separator.join(p.en for p in items))


EMPTY = Message("", "")


def did_you_mean(suggestion: str | None) -> Message:
    """The "did you mean" hint after a message, or nothing when there is no close match."""
    if not suggestion:
        return EMPTY
    return Message(f"; maksud Anda `{suggestion}`?", f"; did you mean `{suggestion}`?")


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
        close = get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
        return close[0] if close else None

    def hint(self, word: str, candidates: Collection[str]) -> Message:
        """ "; did you mean `x`?" for ``word``, or nothing."""
        return did_you_mean(self.closest(word, candidates))


# The words for the parts of a definition, as the technical guides of Kemendagri and KemenPANRB use them.
NOUNS = {
    "field": Message("kolom", "field"),
    "group": Message("kelompok", "group"),
    "page": Message("halaman", "page"),
    "document": Message("dokumen", "document"),
    "step": Message("tahap", "step"),
    "rule": Message("aturan", "rule"),
    "requirement": Message("persyaratan", "requirement"),
    "procedure step": Message("langkah prosedur", "procedure step"),
    "legal basis": Message("dasar hukum", "legal basis"),
    "lookup": Message("lookup", "lookup"),
    "item": Message("butir", "item"),
    "service": Message("layanan", "service"),
    "standard": Message("standar pelayanan", "standard"),
    "role": Message("peran", "role"),
    "notification": Message("notifikasi", "notification"),
}


def noun(kind: str) -> Message:
    """The word for ``kind`` (field, page, ...) in both languages."""
    return NOUNS.get(kind) or Message(kind, kind)


def named(kind: str, name: object) -> Message:
    """ "field `nama`" / "kolom `nama`"."""
    word = noun(kind)
    return Message(f"{word.id} `{name}`", f"{word.en} `{name}`")
