"""Tracking numbers: short, easy to read aloud, with a check character.

Nine characters from a 30-symbol alphabet without 0/O, 1/I/L and U (Crockford's
alphabet minus 0 and 1), shown as ``XXXX-XXXXX``. The last character is an
ISO 7064 MOD 31,30 check (hybrid system, 31 prime), which catches every single
mistyped character and every swap of two neighbours, so a wrong number is
refused before the database is asked.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from stdnum.iso7064 import mod_37_36

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH = 8
SEPARATORS = " -._"


@dataclass
class TrackingNumberError(ValueError):
    """Why a typed tracking number is not one of ours (bilingual message)."""

    code: str
    message_id: str
    message_en: str

    def __str__(self) -> str:
        return self.message_en


def generate() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return display(body + mod_37_36.calc_check_digit(body, ALPHABET))


def display(compact: str) -> str:
    return f"{compact[:4]}-{compact[4:]}"


def parse(typed: str) -> str:
    """The canonical form (``XXXX-XXXXX``) of a typed number, or TrackingNumberError."""
    compact = "".join(ch for ch in (typed or "").upper() if ch not in SEPARATORS)
    if len(compact) != BODY_LENGTH + 1:
        raise TrackingNumberError("TRACKING_LENGTH", f"Nomor pelacakan terdiri dari {BODY_LENGTH + 1} karakter.", f"A tracking number has {BODY_LENGTH + 1} characters.")
    strange = sorted({ch for ch in compact if ch not in ALPHABET})
    if strange:
        shown = ", ".join(strange)
        raise TrackingNumberError("TRACKING_CHARACTER", f"Karakter tidak dipakai dalam nomor pelacakan: {shown}.", f"Characters not used in tracking numbers: {shown}.")
    if mod_37_36.checksum(compact, ALPHABET) != 1:
        raise TrackingNumberError("TRACKING_CHECK", "Nomor pelacakan salah ketik: periksa kembali.", "The tracking number has a typing error: please check it.")
    return display(compact)


def is_valid(typed: str) -> bool:
    try:
        parse(typed)
    except TrackingNumberError:
        return False
    return True
