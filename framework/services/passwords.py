"""How strong an officer's password must be: at least 12 characters and not guessable.

Guessability is zxcvbn's estimate (the library behind many sign-up forms: it
knows common passwords, names, keyboard patterns and dates), with the username
and the site's own words counted as known to an attacker. A score of 3 of 4
means about 10^8 guesses or more — out of reach of an online attack.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

from framework.core.text import Text

MIN_LENGTH = 12
MIN_SCORE = 3
JUDGED_LENGTH = 72  # zxcvbn refuses a longer text; a passphrase judged by its first 72 characters is no weaker
SITE_WORDS = ("mpp", "digital", "mal", "pelayanan", "publik", "petugas", "admin", "dukcapil", "dpmptsp")
EXAMPLE = "kopi-hujan-layang-73"  # the message's example: known to every attacker once published
TOO_SHORT = Text(
    f"Kata sandi paling sedikit {MIN_LENGTH} karakter.",
    f"A password has at least {MIN_LENGTH} characters.",
)
GUESSABLE = Text(
    "Kata sandi ini mudah ditebak (kata umum, nama, pola papan ketik atau tanggal); "
    f"pakai beberapa kata yang tidak umum, mis. `{EXAMPLE}` (tapi jangan yang ini).",
    "This password is easy to guess (a common word, a name, a keyboard pattern or a date); "
    f"use a few uncommon words, e.g. `{EXAMPLE}` (not that one).",
)


def password_problems(password: str, username: str = "") -> list[Text]:
    """Why ``password`` is too weak (empty when it is strong enough)."""
    if len(password) < MIN_LENGTH:
        return [TOO_SHORT]
    known = [username, *username.replace("-", ".").replace("_", ".").split("."), *SITE_WORDS, EXAMPLE]
    if zxcvbn(password[:JUDGED_LENGTH], user_inputs=[word for word in known if word])["score"] < MIN_SCORE:
        return [GUESSABLE]
    return []
