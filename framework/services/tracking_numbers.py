"""Tracking numbers: short, easy to read aloud, with a check character.

Nine characters from a 30-symbol alphabet without 0/O, 1/I/L and U (Crockford's
alphabet minus 0 and 1), shown as ``XXXX-XXXXX``. The last character makes a
weighted sum modulo the prime 31 vanish: every position has its own nonzero
weight (9, 8, …, 1), so a single mistyped character changes the sum by
w·(a−b) and a swap of two characters by (wᵢ−wⱼ)·(a−b), neither of which can be
0 modulo a prime when a ≠ b. Every single substitution and every transposition
(neighbours or not) is therefore refused before the database is asked.

(ISO 7064's hybrid MOD 31,30, used before, misses about 1 in 600 neighbour
swaps; python-stdnum has no pure prime-modulus system for a 30-symbol
alphabet, hence these few lines. A body whose check would be the 31st
residue, which has no symbol, is simply drawn again.)
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from framework.core.text import Text, msg

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH = 8
MODULUS = 31  # prime, one more than the alphabet
WEIGHTS = tuple(range(BODY_LENGTH + 1, 0, -1))  # 9 … 1; the check character has weight 1
SEPARATORS = " -._"


@dataclass
class TrackingNumberError(ValueError):
    """Why a typed tracking number is not one of ours (bilingual message)."""

    code: str
    text: Text

    def __str__(self) -> str:
        return self.text.get("en")


def _weighted_sum(characters: str) -> int:
    return sum(weight * ALPHABET.index(ch) for weight, ch in zip(WEIGHTS, characters, strict=False)) % MODULUS


def generate() -> str:
    while True:
        body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
        check = -_weighted_sum(body) % MODULUS
        if check < len(ALPHABET):  # one draw in 31 needs the symbol-less residue: draw again
            return display(body + ALPHABET[check])


def display(compact: str) -> str:
    return f"{compact[:4]}-{compact[4:]}"


def parse(typed: str) -> str:
    """The canonical form (``XXXX-XXXXX``) of a typed number, or TrackingNumberError."""
    compact = "".join(ch for ch in (typed or "").upper() if ch not in SEPARATORS)
    if len(compact) != BODY_LENGTH + 1:
        raise TrackingNumberError(
            "TRACKING_LENGTH",
            msg(
                f"Nomor pelacakan terdiri dari {BODY_LENGTH + 1} karakter.",
                f"A tracking number has {BODY_LENGTH + 1} characters.",
            ),
        )
    strange = sorted({ch for ch in compact if ch not in ALPHABET})
    if strange:
        shown = ", ".join(strange)
        raise TrackingNumberError(
            "TRACKING_CHARACTER",
            msg(
                f"Karakter tidak dipakai dalam nomor pelacakan: {shown}.",
                f"Characters not used in tracking numbers: {shown}.",
            ),
        )
    if _weighted_sum(compact) != 0:
        raise TrackingNumberError(
            "TRACKING_CHECK",
            msg(
                "Nomor pelacakan salah ketik: periksa kembali.",
                "The tracking number has a typing error: please check it.",
            ),
        )
    return display(compact)


def is_valid(typed: str) -> bool:
    try:
        parse(typed)
    except TrackingNumberError:
        return False
    return True
