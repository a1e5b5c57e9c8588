"""Atomic counters in ``rate_counters``, shared by every process and machine.

Each operation is one ``INSERT … ON CONFLICT … DO UPDATE … RETURNING``
statement, which PostgreSQL and SQLite (3.35+) both run atomically: two
processes counting the same key at once get two different counts, never the
same one (the row lock on PostgreSQL, the write lock on SQLite). The caller
commits. Used by the request rate limits (framework.web.limits) and the
officer sign-in throttle (framework.services.signin_throttle).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from framework.store.security import RateCounter
from framework.store.types import utcnow

KEY_LENGTH = 255


def _insert(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(RateCounter)


def _at(moment: datetime) -> Any:
    """A moment bound as the column's own type (naive UTC), also inside CASE where no column type is inferred."""
    return literal(moment, type_=RateCounter.__table__.c.expires_at.type)


def _key(key: str) -> str:
    if len(key) <= KEY_LENGTH:
        return key
    import hashlib

    return key[: KEY_LENGTH - 65] + "#" + hashlib.sha256(key.encode()).hexdigest()


def hit(session: Session, key: str, window: timedelta, amount: int = 1, now: datetime | None = None) -> int:
    """Add ``amount`` to ``key``'s count in its fixed window (a new window when the old one ended); the new count."""
    now = now or utcnow()
    table = RateCounter.__table__
    expired = table.c.expires_at <= now
    statement = (
        _insert(session)
        .values(key=_key(key), hits=amount, expires_at=now + window)
        .on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "hits": case((expired, amount), else_=table.c.hits + amount),
                "expires_at": case((expired, _at(now + window)), else_=table.c.expires_at),
            },
        )
        .returning(table.c.hits)
    )
    return int(session.execute(statement).scalar_one())


def claim(session: Session, key: str, until: datetime, now: datetime | None = None) -> bool:
    """Take the slot ``key`` until ``until`` if it is free (never taken, or its time has passed); True if taken."""
    now = now or utcnow()
    table = RateCounter.__table__
    statement = (
        _insert(session)
        .values(key=_key(key), hits=1, expires_at=until)
        .on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"hits": table.c.hits + 1, "expires_at": _at(until)},
            where=table.c.expires_at <= now,
        )
        .returning(table.c.key)
    )
    return session.execute(statement).first() is not None


def hold(session: Session, key: str, until: datetime) -> None:
    """Set the slot ``key`` busy until ``until``, whatever it was."""
    table = RateCounter.__table__
    statement = (
        _insert(session)
        .values(key=_key(key), hits=1, expires_at=until)
        .on_conflict_do_update(index_elements=[table.c.key], set_={"expires_at": _at(until)})
    )
    session.execute(statement)


def current(session: Session, key: str, now: datetime | None = None) -> tuple[int, datetime | None]:
    """(count, end of window) of ``key``; (0, None) when it has none or its window ended."""
    now = now or utcnow()
    row = session.execute(select(RateCounter.hits, RateCounter.expires_at).where(RateCounter.key == _key(key))).first()
    if row is None or row.expires_at <= now:
        return 0, None
    return int(row.hits), row.expires_at


def clear(session: Session, *keys: str) -> None:
    session.execute(delete(RateCounter).where(RateCounter.key.in_([_key(key) for key in keys])))


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Delete the counters whose window ended (``mpp purge`` calls this)."""
    result = session.execute(delete(RateCounter).where(RateCounter.expires_at <= (now or utcnow())))
    return int(getattr(result, "rowcount", 0) or 0)
