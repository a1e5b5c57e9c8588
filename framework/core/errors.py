"""A problem with one answer, as every layer reports it: the form, the service functions, the API.

One typed object from the validator to the response: the portal shows
``message`` in the visitor's language next to the field, the API writes
``{field, code, message: {id, en}}``. Nothing converts it to a dict and back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from framework.core.text import Text


@dataclass(frozen=True)
class FieldError:
    """One problem with one answer; ``field`` is a path such as ``saudara_kembar.0.nama`` ("" for the whole form)."""

    field: str
    code: str
    message: Text

    def as_dict(self, language: str | None = None) -> dict[str, Any]:
        """The API's shape: the message in both languages, or in ``language`` alone."""
        text: Any = self.message.get(language) if language else self.message.as_dict()
        return {"field": self.field, "code": self.code, "message": text}


def field_error(field: str, code: str, message_id: str, message_en: str) -> FieldError:
    """A ``FieldError`` from its two texts, Indonesian first."""
    return FieldError(field, code, Text(message_id, message_en))


NUL = "\x00"
NUL_MESSAGE = Text(
    "Isian berisi karakter yang tidak sah (NUL); ketik ulang isinya.",
    "The answer contains an invalid character (NUL); type it again.",
)


def shown_nul(text: str) -> str:
    """``text`` with each NUL as U+FFFD: what was typed comes back into the form (or an error's path), marked."""
    return text.replace(NUL, "\ufffd")


def nul_errors(value: Any, path: str = "") -> list[FieldError]:
    """A located error for every string (or key) holding a NUL character, anywhere in ``value``.

    Why: PostgreSQL stores no NUL in text or jsonb (the insert fails, a 500),
    and SQLite would store it silently; every boundary refuses it instead.
    """
    found: list[FieldError] = []
    for item, where, _depth in _walk(value, path):
        if isinstance(item, str) and NUL in item:
            found.append(FieldError(where, "nul_character", NUL_MESSAGE))
        elif isinstance(item, dict):
            found += [  # the key itself, shown with U+FFFD where its NUL was (the answer names no field otherwise)
                FieldError(_joined(where, shown_nul(str(key))), "nul_character", NUL_MESSAGE)
                for key in item
                if NUL in str(key)
            ]
    return found


def too_deep(value: Any, limit: int, path: str = "") -> str | None:
    """The path of the first list or object nested deeper than ``limit`` in ``value``; None when none is.

    Why: no answer of any definition nests more than a few levels (a group's
    rows), while every recursive step after parsing (validation, the
    fingerprint, the database driver) would fail on a body nested hundreds of
    levels deep. Walked with a stack, so the check itself cannot overflow.
    """
    deep = (where for item, where, depth in _walk(value, path) if depth >= limit and isinstance(item, dict | list))
    return next(deep, None)


def _walk(value: Any, path: str) -> Iterator[tuple[Any, str, int]]:
    """Every value inside ``value`` (itself first), depth first in document order, with its path and depth.

    A stack, not recursion: JSON nested a thousand levels deep parses, and a
    walk of it must not end in a RecursionError (a 500). Lazy: ``too_deep``
    stops at the limit without expanding what lies below it.
    """
    stack: list[tuple[Any, str, int]] = [(value, path, 0)]
    while stack:
        item, where, depth = stack.pop()
        yield item, where, depth
        if isinstance(item, dict):
            stack += reversed([(child, _joined(where, str(key)), depth + 1) for key, child in item.items()])
        elif isinstance(item, list | tuple):
            stack += reversed([(child, f"{where}.{index}", depth + 1) for index, child in enumerate(item)])


def _joined(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
