"""What can go wrong when filing or deciding, each with its HTTP status.

Views turn these into responses; messages are bilingual (Bahasa Indonesia
first). ``Invalid`` carries the field errors in the API's shape
``{field, code, message}``.
"""

from __future__ import annotations

from typing import Any


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

    def __init__(self, errors: list[dict[str, Any]], code: str | None = None) -> None:
        super().__init__("Data permohonan belum benar.", "The application data is not valid.", code)
        self.errors = errors

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "errors": self.errors}


def field_error(field: str, code: str, message_id: str, message_en: str) -> dict[str, Any]:
    return {"field": field, "code": code, "message": {"id": message_id, "en": message_en}}
