"""Personal numbers kept minimal: masked where a person reads them, a keyed digest where a record matches them.

Why a keyed digest: the audit trail must say whose data was read (``who
looked up NIK X?``), but a NIK in clear there is one more copy of it, and a
masked NIK (``3203********0001``) matches thousands of people. A plain hash
does not help either: there are few enough NIKs to hash them all. An
HMAC-SHA256 under a key derived from the audit key (``MPP_AUDIT_KEY``)
matches exactly and cannot be reversed by someone who reads the table without
the key.

Why a key of its own, not the app's secret key: rotating ``MPP_SECRET_KEY``
ends CSRF tokens and nothing more, so it may be rotated at will; under it,
every earlier look-up would silently stop matching. Each event also keeps
the audit key's id (``nik_key``): after the audit key itself is rotated, the
older events are still found, by the masked NIK, and marked as possibly
another person instead of vanishing.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Self

DIGEST_PURPOSE = b"mpp.audit.nik-digest.v1"  # the key is derived for this one use, never the audit key itself
# development and tests only (MPP_ENV=production refuses to start without MPP_AUDIT_KEY): fixed, so the
# digests of a development database still match after a restart
DEVELOPMENT_AUDIT_KEY = "mpp-development-audit-key"
KEY_ID_CHARACTERS = 8


def mask_nik(nik: str) -> str:
    """``3203014204850001`` → ``3203********0001``: enough to match a card, not to copy it."""
    return nik[:4] + "*" * max(0, len(nik) - 8) + nik[-4:] if len(nik) > 8 else "*" * len(nik)


@dataclass(frozen=True)
class KeyedDigester:
    """Keyed digests (HMAC-SHA256) under a key derived from a secret for one purpose, and that key's short id.

    Why derived: one secret may key several things (the audit key the NIK
    digests, the secret key a form's owner marker); a digest made for one
    purpose then never equals one made for another. Built once when the app
    starts, not on every request.
    """

    key: bytes  # derived from the secret for one purpose, never the secret itself
    key_id: str  # the first hex characters of the derived key's SHA-256: names the key, reveals nothing of it

    @classmethod
    def derived(cls, secret: str | bytes, purpose: bytes) -> Self:
        if not secret:
            raise ValueError("an empty key would make every digest guessable")
        raw = secret.encode() if isinstance(secret, str) else secret
        key = hmac.new(raw, purpose, hashlib.sha256).digest()
        return cls(key, hashlib.sha256(key).hexdigest()[:KEY_ID_CHARACTERS])

    def digest(self, text: str) -> str:
        """The keyed digest of ``text``, hex: equal for one text under one key, unreadable without the key."""
        return hmac.new(self.key, text.strip().encode(), hashlib.sha256).hexdigest()


class NikDigester(KeyedDigester):
    """The keyed digests of NIKs (and KK numbers) under the audit key.

    Built once when the app starts (``framework.web.lookup_audit``), from
    ``MPP_AUDIT_KEY``; services take it as an argument.
    """

    @classmethod
    def from_audit_key(cls, audit_key: str | bytes) -> NikDigester:
        if not audit_key:
            raise ValueError("an empty audit key would make every NIK digest guessable")
        return cls.derived(audit_key, DIGEST_PURPOSE)

    def person_details(self, nik: str) -> dict[str, str]:
        """What an audit event keeps about the person whose data was read: the masked NIK, its digest, the key's id."""
        return {"nik": mask_nik(nik), "nik_digest": self.digest(nik), "nik_key": self.key_id}
