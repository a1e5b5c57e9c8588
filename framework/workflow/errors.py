"""What can go wrong when filing or deciding, each with its HTTP status.

Views turn these into responses; messages are bilingual (Bahasa Indonesia
first). ``Invalid`` carries typed ``FieldError``s; the API writes them as
``{field, code, message}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from framework.core.errors import FieldError, field_error

__all__ = [
    "ApplicationError",
    "BadRequest",
    "Conflict",
    "FieldError",
    "Forbidden",
    "Invalid",
    "NotFound",
    "field_error",
]


class ApplicationError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message_id: str, message_en: str, code: str | None = None) -> None:
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en
        if code:
            self.code = code

    def message(self, language: str = "id") -> str:
        return self.message_en if language == "en" else self.message_id

    def as_dict(self) -> dict[str, Any]:
        return {"error": self.code, "message": {"id": self.message_id, "en": self.message_en}}


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


class Invalid(ApplicationError):
    """422: the answers (or a reason) do not pass; ``errors`` = [{field, code, message}]."""

    status = 422
    code = "invalid"

    def __init__(self, errors: Sequence[FieldError], code: str | None = None) -> None:
        super().__init__("Data permohonan belum benar.", "The application data is not valid.", code)
        self.errors: list[FieldError] = list(errors)

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "errors": [error.as_dict() for error in self.errors]}
