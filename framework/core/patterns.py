"""The shapes of the identifiers every layer checks, written once: a NIK (and a KK number), an e-mail address.

The form's validators and JSON Schema, the sign-in plugins, the accounts and
the officers' search all read them from here.
"""

from __future__ import annotations

import re

SIXTEEN_DIGITS = r"^[0-9]{16}$"  # a NIK, and a family card (KK) number
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

NIK = re.compile(SIXTEEN_DIGITS)
EMAIL = re.compile(EMAIL_PATTERN)
