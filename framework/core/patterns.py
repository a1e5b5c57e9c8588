"""The shapes of the identifiers every layer checks, written once: a NIK (and a KK number), an e-mail address.

The form's validators and JSON Schema, the sign-in plugins, the accounts and
the officers' search all read them from here.
"""

from __future__ import annotations

import re

SIXTEEN_DIGITS = r"^[0-9]{16}$"  # a NIK, and a family card (KK) number
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
EMAIL_MAX_LENGTH = 254  # RFC 5321's longest path (256) less its angle brackets: no mail goes further


def whole_text(pattern: str) -> re.Pattern[str]:
    """``pattern`` ending at the very end of the text: a caller's ``.match()`` refuses a trailing "\\n".

    Why: Python's ``$`` also matches before a final newline; JSON Schema
    (ECMA-262) reads the same ``$`` as the end of the text, so the strings
    above stay as they are for the schema.
    """
    return re.compile(pattern.removesuffix("$") + r"\Z")


NIK = whole_text(SIXTEEN_DIGITS)
EMAIL = whole_text(EMAIL_PATTERN)
