"""Officers (argon2 password hashes) and bearer tokens (stored only as SHA-256).

A token is shown once, when issued; the database keeps its hash, so a leaked
backup does not leak working tokens. Citizen tokens (subject = NIK) exist for
development and tests only: in production citizens sign in through IKD.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session

from framework.core.patterns import NIK
from framework.core.text import Text, current_language
from framework.store.models import ApiToken, User
from framework.store.prepared import Prepared
from framework.store.types import utcnow
from framework.workflow.actors import Actor

TOKEN_PREFIX = "mpp_"
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}\Z")
REGION = re.compile(r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\Z")
_hasher = PasswordHasher()


class AccountError(ValueError):
    """A bad username, role, region or NIK (message says which), in Indonesian and English.

    ``str()`` gives it in the language of ``MPP_LANG`` (Indonesian by default), as every command speaks.
    """

    def __init__(self, text: Text) -> None:
        super().__init__(text.id)
        self.text = text

    def __str__(self) -> str:
        return self.text.get(current_language())


def hash_password(password: str) -> str:
    """An argon2 hash (deliberately slow: ~0.3 s); compute once when many users share a password (demo data)."""
    return _hasher.hash(password)


def add_user(
    session: Session,
    username: str,
    role: str,
    region: str | None = None,
    password: str | None = None,
    *,
    password_hash: str | None = None,
) -> User:
    if not USERNAME.match(username):
        raise AccountError(
            Text(
                f"nama pengguna `{username}`: pakai 2–80 huruf kecil, angka, `.`, `_` atau `-`",
                f"username `{username}`: use 2–80 lower-case letters, digits, `.`, `_` or `-`",
            )
        )
    if not re.match(r"^[a-z][a-z0-9_]*$", role):
        raise AccountError(
            Text(
                f"peran `{role}`: pakai huruf kecil, angka dan `_`, seperti `role:` di definisi",
                f"role `{role}`: use lower-case letters, digits and `_`, as in the definitions' `role:`",
            )
        )
    if region is not None and not REGION.match(region):
        raise AccountError(
            Text(
                f"wilayah `{region}`: kode Kemendagri bertitik, mis. 73.12",
                f"region `{region}`: a Kemendagri code in dotted notation, e.g. 73.12",
            )
        )
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise AccountError(Text(f"pengguna `{username}` sudah ada", f"user `{username}` already exists"))
    user = User(
        username=username,
        role=role,
        region=region,
        password_hash=password_hash or (hash_password(password) if password else None),
        active=True,
    )
    session.add(user)
    session.commit()
    return user


def check_password(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    if user is None or not user.password_hash:
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


TOKEN_TTL_DEFAULT = "30d"
TTL_UNITS = {"m": 60, "h": 3600, "d": 86400}


def token_ttl(text: str | None = None) -> timedelta:
    """How long a new bearer token lives: MPP_TOKEN_TTL, e.g. ``30d`` (default), ``12h``, ``90m``.

    Why a default at all: a token copied into a script or a ticket outlives
    the person's job; one that expires by itself limits the harm of a leak.
    """
    text = (text if text is not None else os.environ.get("MPP_TOKEN_TTL", TOKEN_TTL_DEFAULT)).strip().lower()
    match = re.fullmatch(r"([0-9]+)\s*([mhd]?)", text)
    if match is None or int(match.group(1)) == 0:
        raise AccountError(
            Text(
                f"MPP_TOKEN_TTL `{text}`: bilangan positif dengan m, h atau d, mis. 30d",
                f"MPP_TOKEN_TTL `{text}`: a positive number with m, h or d, e.g. 30d",
            )
        )
    return timedelta(seconds=int(match.group(1)) * TTL_UNITS[match.group(2) or "d"])


def token_digest(token: str) -> str:
    """The SHA-256 a token is stored as (the token itself is never stored)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(
    session: Session, *, citizen: str | None = None, user: str | None = None, expires_at: datetime | None = None
) -> str:
    """A new bearer token for a citizen (NIK) or an existing, active user; it expires after `token_ttl()`."""
    if (citizen is None) == (user is None):
        raise AccountError(
            Text(
                "berikan tepat satu: --citizen NIK atau --user USERNAME",
                "give exactly one of --citizen NIK or --user USERNAME",
            )
        )
    if citizen is not None and not NIK.match(citizen):
        raise AccountError(Text(f"NIK `{citizen}`: 16 angka", f"NIK `{citizen}`: 16 digits"))
    if user is not None and session.scalar(select(User).where(User.username == user, User.active.is_(True))) is None:
        raise AccountError(
            Text(
                f"tidak ada pengguna aktif `{user}`; tambahkan dengan `mpp user add`",
                f"no active user `{user}`; add one with `mpp user add`",
            )
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            token_hash=token_digest(token),
            kind="citizen" if citizen else "user",
            subject=citizen or user,
            expires_at=expires_at or utcnow() + token_ttl(),
        )
    )
    session.commit()
    return token


def actor_for_token(session: Session, token: str, ip: str | None = None) -> Actor | None:
    """Who a bearer token speaks for, or None (unknown, revoked, expired, inactive user).

    Asked on every API request, so revocation and expiry take effect at
    once: one Core statement (the token, and its officer when it has one)
    instead of loading ORM entities.
    """
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = _TOKEN_ACTOR.first(session.connection(), {"digest": token_digest(token)})
    if row is None:
        return None
    kind, subject, revoked_at, expires_at, username, role, region = row
    if revoked_at is not None or (expires_at is not None and expires_at <= utcnow()):
        return None
    if kind == "citizen":
        return Actor.citizen(subject, ip)
    return Actor.officer(username, role, region, ip) if username else None


_TOKENS, _USERS = ApiToken.__table__, User.__table__
_TOKEN_ACTOR = Prepared(
    select(
        _TOKENS.c.kind,
        _TOKENS.c.subject,
        _TOKENS.c.revoked_at,
        _TOKENS.c.expires_at,
        _USERS.c.username,
        _USERS.c.role,
        _USERS.c.region,
    )
    .select_from(
        _TOKENS.outerjoin(
            _USERS,
            and_(_TOKENS.c.kind == "user", _USERS.c.username == _TOKENS.c.subject, _USERS.c.active.is_(True)),
        )
    )
    .where(_TOKENS.c.token_hash == bindparam("digest"))
)


def actor_for_user(session: Session, username: str, ip: str | None = None) -> Actor | None:
    """The officer a command or a signed-in session speaks for, or None (unknown or disabled user)."""
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    return Actor.officer(user.username, user.role, user.region, ip) if user else None
