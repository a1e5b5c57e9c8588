"""Atomic counters in ``rate_counters``, shared by every process and machine.

Each operation is one ``INSERT … ON CONFLICT … DO UPDATE … RETURNING``
statement, which PostgreSQL and SQLite (3.35+) both run atomically: two
processes counting the same key at once get two different counts, never the
same one (the row lock on PostgreSQL, the write lock on SQLite). The caller
commits. Used by the request rate limits (framework.web.limits) and the
officer sign-in throttle (framework.services.signin_throttle).

The statements are Core statements on the table, run on an ORM ``Session``
or a bare ``Connection``: a rate limit counts on every limited request, and
the ORM's insert machinery (or a session around a single statement) cost
several times the statement itself. The counting of every request
(:func:`hit_windows`) goes one step further and runs its statement, compiled
once, on the driver's cursor (:class:`framework.store.prepared.Prepared`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Connection, Integer, Table, bindparam, case, delete, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from framework.store.prepared import Prepared
from framework.store.security import RateCounter
from framework.store.types import utcnow

KEY_LENGTH = 255
TABLE = cast(Table, RateCounter.__table__)
Executor = Session | Connection  # what the statements run on; the caller commits


def _dialect(executor: Executor) -> str:
    return (executor.get_bind() if isinstance(executor, Session) else executor).dialect.name


def _insert(executor: Executor) -> Any:
    return (postgresql.insert if _dialect(executor) == "postgresql" else sqlite.insert)(TABLE)


def _at(moment: datetime) -> Any:
    """A moment bound as the column's own type (naive UTC), also inside CASE where no column type is inferred."""
    return literal(moment, type_=TABLE.c.expires_at.type)


def _key(key: str) -> str:
    if len(key) <= KEY_LENGTH:
        return key
    import hashlib

    return key[: KEY_LENGTH - 65] + "#" + hashlib.sha256(key.encode()).hexdigest()


def hit(session: Executor, key: str, window: timedelta, amount: int = 1, now: datetime | None = None) -> int:
    """Add ``amount`` to ``key``'s count in its fixed window (a new window when the old one ended); the new count."""
    return hit_window(session, key, window, amount, now)[0]


def hit_window(
    executor: Executor, key: str, window: timedelta, amount: int = 1, now: datetime | None = None
) -> tuple[int, datetime]:
    """As :func:`hit`, with the end of the window the count belongs to (what a rate-limit header reports)."""
    return hit_windows(executor, [(key, window)], amount, now)[key]


def hit_windows(
    executor: Executor,
    windows: Sequence[tuple[str, timedelta]],
    amount: int = 1,
    now: datetime | None = None,
) -> dict[str, tuple[int, datetime]]:
    """:func:`hit_window` on several keys in one statement: {key: (new count, end of its window)}.

    Why one statement: a rate limit of "10 per minute;100 per day" counts in
    two windows on every request, and on SQLite each statement with its
    commit costs about as much as a bare insert. The rows are written in key
    order, so two requests counting the same keys on PostgreSQL lock them in
    the same order and never deadlock.
    """
    now = now or utcnow()
    stored = sorted({_key(key): (key, window) for key, window in windows}.items())
    parameters: dict[str, Any] = {"now": now, "amount": amount}
    for number, (key, (_, window)) in enumerate(stored):
        parameters[f"key_{number}"] = key
        parameters[f"until_{number}"] = now + window
    connection = executor.connection() if isinstance(executor, Session) else executor
    rows = _hits_statement(connection.dialect.name, len(stored)).rows(connection, parameters)
    named = {key: original for key, (original, _) in stored}
    return {named[key]: (int(hits), until) for key, hits, until in rows}


@lru_cache(maxsize=16)
def _hits_statement(dialect: str, count: int) -> Prepared:
    """The upsert of :func:`hit_windows` for ``count`` keys, built and compiled once per dialect and count.

    Why once: it runs on every rate-limited request, and building it (and
    its cache key) each time cost more than running it; SQLAlchemy does not
    cache the compiled form of a multi-row INSERT, so ``execute`` compiled it
    again each time (about 0.6 ms, more than the statement and its commit).
    """
    table = TABLE
    moment = table.c.expires_at.type
    now, amount = bindparam("now", type_=moment), bindparam("amount", type_=Integer())
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table).values(
        [
            {"key": bindparam(f"key_{n}"), "hits": amount, "expires_at": bindparam(f"until_{n}", type_=moment)}
            for n in range(count)
        ]
    )
    expired = table.c.expires_at <= now
    return Prepared(
        statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "hits": case((expired, amount), else_=table.c.hits + amount),
                "expires_at": case((expired, statement.excluded.expires_at), else_=table.c.expires_at),
            },
        ).returning(table.c.key, table.c.hits, table.c.expires_at)
    )


def claim(session: Executor, key: str, until: datetime, now: datetime | None = None) -> bool:
    """Take the slot ``key`` until ``until`` if it is free (never taken, or its time has passed); True if taken."""
    now = now or utcnow()
    table = TABLE
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


def give_back(session: Executor, key: str, amount: int = 1, now: datetime | None = None) -> None:
    """Take ``amount`` off ``key``'s count in its current window, never below zero (nothing when it has ended)."""
    now = now or utcnow()
    table = TABLE
    session.execute(
        update(table)
        .where(table.c.key == _key(key), table.c.expires_at > now)
        .values(hits=case((table.c.hits > amount, table.c.hits - amount), else_=0))
    )


def hold(session: Executor, key: str, until: datetime) -> None:
    """Set the slot ``key`` busy until ``until``, whatever it was."""
    table = TABLE
    statement = (
        _insert(session)
        .values(key=_key(key), hits=1, expires_at=until)
        .on_conflict_do_update(index_elements=[table.c.key], set_={"expires_at": _at(until)})
    )
    session.execute(statement)


def current(session: Executor, key: str, now: datetime | None = None) -> tuple[int, datetime | None]:
    """(count, end of window) of ``key``; (0, None) when it has none or its window ended."""
    now = now or utcnow()
    row = session.execute(select(TABLE.c.hits, TABLE.c.expires_at).where(TABLE.c.key == _key(key))).first()
    if row is None or row.expires_at <= now:
        return 0, None
    return int(row.hits), row.expires_at


def clear(session: Executor, *keys: str) -> None:
    session.execute(delete(TABLE).where(TABLE.c.key.in_([_key(key) for key in keys])))


def purge_expired(session: Executor, now: datetime | None = None) -> int:
    """Delete the counters whose window ended (``mpp purge`` calls this)."""
    result = session.execute(delete(TABLE).where(TABLE.c.expires_at <= (now or utcnow())))
    return int(getattr(result, "rowcount", 0) or 0)
