"""Personal numbers kept minimal: masked where a person reads them, a keyed digest where a record matches them.

Why a keyed digest: the audit trail must say whose data was read (``who
looked up NIK X?``), but a NIK in clear there is one more copy of it, and a
masked NIK (``3203********0001``) matches thousands of people. A plain hash
does not help either: there are few enough NIKs to hash them all. An
HMAC-SHA256 under a key derived from the app's secret key matches exactly and
cannot be reversed by someone who reads the table without the key.
"""

from __future__ import annotations

import hashlib
import hmac

DIGEST_PURPOSE = b"mpp.audit.nik-digest.v1"  # the key is derived for this one use, never the secret key itself


def mask_nik(nik: str) -> str:
    """``3203014204850001`` → ``3203********0001``: enough to match a card, not to copy it."""
    return nik[:4] + "*" * max(0, len(nik) - 8) + nik[-4:] if len(nik) > 8 else "*" * len(nik)


def nik_digest(nik: str, secret: str | bytes) -> str:
    """The keyed digest of a NIK (or KK number), hex: equal for one number, unreadable without the key."""
    raw = secret.encode() if isinstance(secret, str) else secret
    key = hmac.new(raw, DIGEST_PURPOSE, hashlib.sha256).digest()
    return hmac.new(key, nik.strip().encode(), hashlib.sha256).hexdigest()


def person_details(nik: str, secret: str | bytes) -> dict[str, str]:
    """What an audit event keeps about the person whose data was read: the masked NIK to show, its digest to match."""
    return {"nik": mask_nik(nik), "nik_digest": nik_digest(nik, secret)}
