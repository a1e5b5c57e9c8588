"""The checker's words: messages in Bahasa Indonesia and English, and the nouns they are made of.

Regional admins who write definitions read Indonesian first, so every problem
carries both texts and the output picks one at the last moment (``--lang`` or
``MPP_LANG``). A message is built only when a problem is found: valid files
pay nothing for the second language.
"""

from __future__ import annotations

import json
from typing import Any

from framework.core.text import EMPTY, LANGUAGES, Hints, Text, current_language, did_you_mean, join, msg, of

__all__ = [
    "LANGUAGES",
    "EMPTY",
    "Hints",
    "Text",
    "current_language",
    "did_you_mean",
    "join",
    "msg",
    "named",
    "noun",
    "of",
]

# The words for the parts of a definition, as the technical guides of Kemendagri and KemenPANRB use them.
NOUNS = {
    "field": Text("kolom", "field"),
    "group": Text("kelompok", "group"),
    "page": Text("halaman", "page"),
    "document": Text("dokumen", "document"),
    "step": Text("tahap", "step"),
    "rule": Text("aturan", "rule"),
    "requirement": Text("persyaratan", "requirement"),
    "procedure step": Text("langkah prosedur", "procedure step"),
    "legal basis": Text("dasar hukum", "legal basis"),
    "lookup": Text("lookup", "lookup"),
    "item": Text("butir", "item"),
    "service": Text("layanan", "service"),
    "standard": Text("standar pelayanan", "standard"),
    "role": Text("peran", "role"),
    "notification": Text("notifikasi", "notification"),
}


def noun(kind: str) -> Text:
    """The word for ``kind`` (field, page, ...) in both languages."""
    return NOUNS.get(kind) or Text(kind, kind)


def named(kind: str, name: object) -> Text:
    """ "field `nama`" / "kolom `nama`"."""
    word = noun(kind)
    return Text(f"{word.id} `{name}`", f"{word.en} `{name}`")


def shown(value: Any) -> str:
    """A definition's value as a change message quotes it: JSON, or ∅ where there is none."""
    return "∅" if value is None else json.dumps(value, ensure_ascii=False)
