"""A problem with one answer, as every layer reports it: the form, the service functions, the API.

One typed object from the validator to the response: the portal shows
``message`` in the visitor's language next to the field, the API writes
``{field, code, message: {id, en}}``. Nothing converts it to a dict and back.
"""

from __future__ import annotations

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


def nul_errors(value: Any, path: str = "") -> list[FieldError]:
    """A located error for every string (or key) holding a NUL character, anywhere in ``value``.

    Why: PostgreSQL stores no NUL in text or jsonb (the insert fails, a 500),
    and SQLite would store it silently; every boundary refuses it instead.
    """
    if isinstance(value, str):
        return [FieldError(path, "nul_character", NUL_MESSAGE)] if NUL in value else []
    if isinstance(value, dict):
        found = [  # the key itself, shown with U+FFFD where its NUL was (the answer names no field otherwise)
            FieldError(_joined(path, str(key).replace(NUL, "\ufffd")), "nul_character", NUL_MESSAGE)
            for key in value
            if NUL in str(key)
        ]
        for key, item in value.items():
            found += nul_errors(item, _joined(path, str(key)))
        return found
    if isinstance(value, list | tuple):
        return [error for index, item in enumerate(value) for error in nul_errors(item, f"{path}.{index}")]
    return []


def _joined(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
