"""Officer password sign-in: progressive delay per account and per address, shared by every process.

Why not a lock-out after N failures: whoever knows an officer's username
could keep that officer out for good. Instead each *scope* allows a few free
attempts, then one attempt per slot, and the slots grow apart (30 s, 60 s,
2 min … at most 15 min) while the failures go on:

- ``pair``: this username from this address — a single-source guesser;
- ``address``: every username from this address — password spraying;
- ``account``: this username from any address it has never signed in from —
  distributed guessing. Its delay stops at 1 minute, and an address the
  officer signed in from (in the last 30 days) is exempt, so nobody else's
  failures can keep the officer out of their own office.

An attempt reserves its place before the password is checked, with atomic
counters in the database (framework.store.counters): 20 parallel guesses get
20 different counts, so only the free ones and one slot are ever checked.
A success clears the pair and account scopes and gives the address its
attempt back, so only failures add up there. Unknown usernames cost the
same argon2 verification as known ones (a dummy hash), so timing does not
tell who exists.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.services.accounts import check_password
from framework.store import counters
from framework.store.models import User
from framework.store.types import utcnow

WINDOW = timedelta(hours=24)
KNOWN_ADDRESS_FOR = timedelta(days=30)


@dataclass(frozen=True)
class Scope:
    name: str
    free: int  # attempts before any delay
    first_delay: timedelta
    max_delay: timedelta

    def delay(self, beyond_free: int) -> timedelta:
        """The gap before the next attempt after ``beyond_free`` failures past the free ones (doubling)."""
        seconds = self.first_delay.total_seconds() * math.pow(2, min(max(beyond_free - 1, 0), 20))
        return min(timedelta(seconds=seconds), self.max_delay)


PAIR = Scope("pair", 5, timedelta(seconds=30), timedelta(minutes=15))
ADDRESS = Scope("address", 20, timedelta(seconds=30), timedelta(minutes=15))
ACCOUNT = Scope("account", 10, timedelta(seconds=5), timedelta(minutes=1))


@dataclass(frozen=True)
class Refused:
    """Too soon for another attempt; ``retry_after`` seconds until the next slot."""

    retry_after: int


_dummy_hasher = PasswordHasher()
_DUMMY_HASH = _dummy_hasher.hash("mpp-dummy-password-for-unknown-usernames")


def _keys(scope: Scope, username: str, address: str) -> tuple[str, str]:
    subject = {"pair": f"{username}|{address}", "address": address, "account": username}[scope.name]
    return f"signin:{scope.name}:attempts:{subject}", f"signin:{scope.name}:slot:{subject}"


def _known_key(username: str, address: str) -> str:
    return f"signin:known:{username}|{address}"


def _scopes(session: Session, username: str, address: str, now: datetime) -> list[Scope]:
    known = counters.current(session, _known_key(username, address), now)[0] > 0
    return [PAIR, ADDRESS] if known else [PAIR, ADDRESS, ACCOUNT]


def reserve(session: Session, username: str, address: str, now: datetime | None = None) -> Refused | None:
    """Count this attempt in each scope; ``Refused`` when a scope has no free attempt or slot now. Commits."""
    now = now or utcnow()
    refusals: list[int] = []
    for scope in _scopes(session, username, address, now):
        attempts_key, slot_key = _keys(scope, username, address)
        count = counters.hit(session, attempts_key, WINDOW, now=now)
        if count <= scope.free:
            continue
        hold_until = now + scope.delay(count - scope.free)
        if not counters.claim(session, slot_key, hold_until, now=now):
            refusals.append(_seconds_left(session, slot_key, now))
    session.commit()
    return Refused(max(refusals)) if refusals else None


def _seconds_left(session: Session, slot_key: str, now: datetime) -> int:
    _count, until = counters.current(session, slot_key, now)
    return max(1, math.ceil((until - now).total_seconds())) if until else 1


def failed(session: Session, username: str, address: str, now: datetime | None = None) -> None:
    """A checked attempt failed: each scope past its free attempts waits for its next slot. Commits."""
    now = now or utcnow()
    for scope in _scopes(session, username, address, now):
        attempts_key, slot_key = _keys(scope, username, address)
        count = counters.current(session, attempts_key, now)[0]
        if count >= scope.free:
            counters.hold(session, slot_key, now + scope.delay(count - scope.free + 1))
    session.commit()


def succeeded(session: Session, username: str, address: str, now: datetime | None = None) -> None:
    """Clear this account's delays, give the address back this attempt, remember the address. Caller commits.

    Why give it back: the address count was reserved before the password
    was checked, and an office behind one address signs dozens of officers
    in every morning; counting their successes refused the 21st correct
    sign-in of the day. Only this attempt is given back, never earlier
    failures, so one valid account signing in between guesses does not
    buy a sprayer more guesses.
    """
    for scope in (PAIR, ACCOUNT):
        counters.clear(session, *_keys(scope, username, address))
    counters.give_back(session, _keys(ADDRESS, username, address)[0], now=now)
    counters.hit(session, _known_key(username, address), KNOWN_ADDRESS_FOR, now=now)


def attempt(session: Session, username: str, address: str, password: str) -> User | Refused | None:
    """One password attempt through the throttle: ``Refused`` before the password is checked when a scope has no
    free attempt or slot; else the user (their delays cleared; caller commits) or None (the failure counted).

    Why one function: the sign-in form and an officer's password change
    (``framework.services.officers``) count into the same scopes, so a
    session holder gets no more guesses than the form gives; written twice,
    the two sequences could drift apart.
    """
    key = username[:80]  # the throttle's keys; a longer name matches no user anyway
    refused = reserve(session, key, address)
    if refused is not None:
        return refused
    user = verify(session, username, password)
    if user is None:
        failed(session, key, address)
    else:
        succeeded(session, user.username, address)
    return user


def verify(session: Session, username: str, password: str) -> User | None:
    """The active user with this password, or None; an unknown username costs the same argon2 work."""
    exists = session.scalar(
        select(User.id).where(User.username == username, User.active.is_(True), User.password_hash.is_not(None))
    )
    if exists is None:
        with contextlib.suppress(VerificationError, InvalidHashError):
            _dummy_hasher.verify(_DUMMY_HASH, password)
        return None
    return check_password(session, username, password)
