"""What a production start requires of its settings (issue 12, items 1–3).

Pure functions over the configuration, so the web app and `mpp worker` refuse
the same set-ups with the same words. Each problem is one bilingual line
naming the setting and how to fix it; the caller shows them all at once.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from framework.core import settings
from framework.core.personal import DEVELOPMENT_AUDIT_KEY

MIN_SECRET_CHARACTERS = 32
MIN_SECRET_BITS = 160  # estimated; 32 random bytes as hex or base64 give 190–256
# values people copy from examples, documentation and tests
KNOWN_EXAMPLE_SECRETS = frozenset(
    {
        "change-me",
        "changeme",
        "secret",
        "test",
        "development",
        "production-secret",
        "a-real-secret",
        "your-secret-key",
        "supersecret",
    }
)
GENERATE_HINT = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"


def development_database_url() -> str:
    """The embedded default: a SQLite file under instance/ (development only)."""
    return f"sqlite:///{settings.instance_dir() / 'mpp.sqlite3'}"


def secret_problem(secret: str | None, name: str = "MPP_SECRET_KEY") -> str | None:
    """Why ``secret`` (the setting ``name``) cannot key production sessions or digests, or None.

    A secret is refused when short, a known example, or of low estimated
    entropy: its Shannon entropy per character times its length, and how well
    it compresses (a repeated pattern compresses; random text does not).
    """
    if not secret:
        return f"{name} belum diisi / {name} is not set"
    lowered = secret.lower()
    if (
        lowered in KNOWN_EXAMPLE_SECRETS
        or secret == DEVELOPMENT_AUDIT_KEY
        or any(lowered.startswith(example) for example in ("change-me", "changeme"))
    ):
        return f"{name} adalah nilai contoh / {name} is an example value"
    if len(secret) < MIN_SECRET_CHARACTERS or _estimated_bits(secret) < MIN_SECRET_BITS:
        return (
            f"{name} terlalu lemah (minimal {MIN_SECRET_CHARACTERS} byte acak) / "
            f"{name} is too weak (at least {MIN_SECRET_CHARACTERS} random bytes)"
        )
    return None


def audit_key_problem(audit_key: str | None, secret: str | None) -> str | None:
    """Why ``MPP_AUDIT_KEY`` cannot key the audit trail's NIK digests, or None.

    It must be set, strong, and not the secret key: the secret key may be
    rotated at will (it ends CSRF tokens), the audit key only with the
    knowledge that earlier look-ups are then found by the masked NIK alone.
    """
    problem = secret_problem(audit_key, "MPP_AUDIT_KEY")
    if problem is None and audit_key == secret:
        return (
            "MPP_AUDIT_KEY sama dengan MPP_SECRET_KEY (buat kunci tersendiri; docs/deployment.md) / "
            "MPP_AUDIT_KEY equals MPP_SECRET_KEY (make a key of its own; docs/deployment.md)"
        )
    return problem


def _estimated_bits(text: str) -> float:
    counts = Counter(text)
    per_character = -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())
    compressed = len(zlib.compress(text.encode("utf-8"), 9)) - 8  # zlib's header and checksum
    return min(per_character * len(text), max(compressed, 0) * 8.0)


def database_problem(url: str | None) -> str | None:
    if not url:
        return "MPP_DATABASE_URL belum diisi (PostgreSQL) / MPP_DATABASE_URL is not set (PostgreSQL)"
    if _same_sqlite_file(url, development_database_url()):
        return (
            "MPP_DATABASE_URL menunjuk berkas SQLite pengembangan / "
            "MPP_DATABASE_URL names the development SQLite file (demo data and development tokens live there)"
        )
    return None


def _same_sqlite_file(url: str, other: str) -> bool:
    prefix = "sqlite:///"
    if not (url.startswith(prefix) and other.startswith(prefix)):
        return False
    return Path(url[len(prefix) :]).resolve() == Path(other[len(prefix) :]).resolve()


def public_url_problem(url: str | None) -> str | None:
    parts = urlsplit(url or "")
    if parts.scheme != "https" or not parts.netloc:
        return (
            "MPP_PUBLIC_URL harus alamat https publik (untuk kode QR dan tautan pemberitahuan) / "
            "MPP_PUBLIC_URL must be the public https address (printed in QR codes and notification links)"
        )
    return None


def config_problems(config: Mapping[str, Any]) -> list[str]:
    """Every problem of a production configuration (``SECRET_KEY``, ``MPP_DATABASE_URL``, ``MPP_PUBLIC_URL``)."""
    found = [
        secret_problem(config.get("SECRET_KEY")),
        database_problem(config.get("MPP_DATABASE_URL")),
        public_url_problem(config.get("MPP_PUBLIC_URL")),
    ]
    return [problem for problem in found if problem]


def web_config_problems(config: Mapping[str, Any]) -> list[str]:
    """:func:`config_problems`, and the audit key the web app's look-ups and audit filter need (the worker does not)."""
    audit_key = audit_key_problem(config.get("MPP_AUDIT_KEY"), config.get("SECRET_KEY"))
    return config_problems(config) + ([audit_key] if audit_key else [])


def refusal_text(problems: list[str]) -> str:
    """The message shown when production refuses to start."""
    lines = "\n".join(f"  - {problem}" for problem in problems)
    return (
        "MPP_ENV=production menolak mulai / refuses to start:\n"
        f"{lines}\n"
        f"Kunci rahasia baru / a new secret key: {GENERATE_HINT}; docs/deployment.md"
    )
