"""Citizen forms from a ServiceSpec: validation, JSON Schema, WTForms pages, drafts, prefill.

``validate_answers`` is the one source of truth for the HTML form and the
JSON API; ``payload_schema`` describes the same rules for API clients.
"""

from framework.forms.validation import (
    DOCUMENTS_PAGE,
    FieldError,
    Validated,
    answers_schema,
    payload_schema,
    validate_answers,
)

__all__ = ["DOCUMENTS_PAGE", "FieldError", "Validated", "answers_schema", "payload_schema", "validate_answers"]
