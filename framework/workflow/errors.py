"""What can go wrong when filing or deciding, each with its HTTP status.

Views turn these into responses; messages are bilingual (Bahasa Indonesia
first). ``Invalid`` carries typed ``FieldError``s; the API writes them as
``{field, code, message}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from framework.core.errors import FieldError, field_error
from framework.core.text import Text

__all__ = [
    "ApplicationError",
    "BadRequest",
    "Conflict",
    "FieldError",
    "Forbidden",
    "Invalid",
    "NotFound",
    "Unavailable",
    "field_error",
]


class ApplicationError(Exception):
    """A refusal with one bilingual ``text``.

    Written either ``NotFound(msg("…", "…"))`` or, as most call sites do,
    ``NotFound("Indonesian…", "English…", "code")``: the two strings become
    the ``Text``.
    """

    status = 400
    code = "bad_request"
    on_page: Text | None = None  # the page's wording, where the API's would not fit there ("reload the page")

    def __init__(self, text: Text | str, english: str | None = None, code: str | None = None) -> None:
        self.text = text if isinstance(text, Text) else Text(text, english)
        super().__init__(self.text.get("en"))
        if code:
            self.code = code

    def page_text(self) -> Text:
        """What a page shows: ``on_page`` where it speaks of the page (an API client has none), else ``text``."""
        return self.on_page or self.text

    def message(self, language: str = "id") -> str:
        return self.text.get(language)

    def as_dict(self) -> dict[str, Any]:
        return {"error": self.code, "message": {"id": self.text.id, "en": self.text.get("en")}}


class BadRequest(ApplicationError):
    status = 400


class Forbidden(ApplicationError):
    status = 403
    code = "forbidden"


class NotFound(ApplicationError):
    status = 404
    code = "not_found"


class Conflict(ApplicationError):
    status = 409
    code = "conflict"


class Unavailable(ApplicationError):
    """503: a system the action needs (BSrE for a signature) cannot answer now; nothing was done, try again."""

    status = 503
    code = "unavailable"


class Invalid(ApplicationError):
    """422: the answers (or a reason) do not pass; ``errors`` = [{field, code, message}]."""

    status = 422
    code = "invalid"

    def __init__(self, errors: Sequence[FieldError], code: str | None = None) -> None:
        super().__init__("Data permohonan belum benar.", "The application data is not valid.", code)
        self.errors: list[FieldError] = list(errors)

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "errors": [error.as_dict() for error in self.errors]}
