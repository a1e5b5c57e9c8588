"""Writing one row at once with a single Core INSERT: as a persistent ORM object, or as its key alone.

Why: a filing writes six rows (the application, its first history entry,
its figures, the idempotency key, the audit event, the outbox message).
Through the ORM's unit of work that meant two flushes and most of the
filing's CPU: the identity map, change tracking and dependency sorting
around the INSERTs. :func:`add_now` sends each INSERT straight away on the
session's connection, inside the session's transaction (it commits or rolls
back with everything else), takes the primary key from ``RETURNING``, and
hands back the same object a query would have loaded, so callers keep
reading and changing it through the ORM. :func:`insert_now` does the same
for a row nobody reads back in that request (the audit event, the outbox
message, the figures) and returns only its key: building the ORM object
cost as much as writing the row.

A rollback forgets such a row as it forgets a flushed one: the object leaves
the session (``_expunge_rolled_back``), so a later row given the same primary
key (SQLite reuses them) is not mistaken for it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import ColumnDefault, Table, bindparam, event, insert
from sqlalchemy.orm import Session, SessionTransaction, make_transient_to_detached

from framework.store.models import Base
from framework.store.prepared import Prepared

Model = TypeVar("Model", bound=Base)
WRITTEN = "mpp.rows_written"  # session.info: (transaction, object) of each row add_now wrote, until commit


def add_now(session: Session, model: type[Model], values: dict[str, Any]) -> Model:
    """INSERT ``values`` into ``model``'s table now and return the row as an object of ``session``.

    ``values`` are keyed by attribute name, which is each column's name in
    these models. Give every column the caller will read: one left out gets
    its default (see :func:`insert_now`) in the row, not in the object, and
    is read back from the database on first use.
    Nothing pending in the session is flushed first; a row that refers to
    another must be written after it (a foreign key is checked at once).
    """
    key = insert_now(session, model, values)
    row = model(**values)
    table = model.__table__
    assert isinstance(table, Table)
    for column, value in zip(table.primary_key.columns, key, strict=True):
        setattr(row, column.key, value)
    make_transient_to_detached(row)
    session.add(row)
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(WRITTEN, []).append((transaction, row))
    return row


def insert_now(session: Session, model: type[Base], values: dict[str, Any]) -> tuple[Any, ...]:
    """INSERT ``values`` into ``model``'s table now, in the session's transaction; the row's primary key.

    For rows nobody reads back in the same request (the audit event, the
    outbox message, a filing's figures): building their ORM objects cost as
    much as writing them. A column left out gets its Python-side default
    (``default=utcnow``, ``default=dict``), computed here as SQLAlchemy's
    execution would, or else its database default.
    """
    table = model.__table__
    assert isinstance(table, Table)
    statement, defaults = _insert(table, frozenset(values))
    parameters = dict(values)
    for key, default in defaults:
        parameters[key] = default.arg(None) if default.is_callable else default.arg
    row = statement.first(session.connection(), parameters)
    assert row is not None  # RETURNING gives the one row written
    return row


@lru_cache(maxsize=256)
def _insert(table: Table, keys: frozenset[str]) -> tuple[Prepared, tuple[tuple[str, Any], ...]]:
    """The INSERT of these columns (and of those with a Python-side default) returning the primary key.

    Why prepared: a filing writes six rows, and SQLAlchemy's execution of
    each cost several times the INSERT itself. The Python-side defaults are
    named in the statement, so SQLAlchemy's execution context (which
    computes them) is not needed: every default of these models is a value
    or a function of no arguments (a test holds each model to that).
    """
    unknown = keys - set(table.columns.keys())
    if unknown:
        raise KeyError(f"{table.name} has no column {', '.join(sorted(unknown))}")
    defaults = tuple(
        (column.key, column.default)
        for column in table.columns
        if column.key not in keys
        and isinstance(column.default, ColumnDefault)
        and (column.default.is_scalar or column.default.is_callable)
    )
    for key, default in defaults:
        # SQLAlchemy wraps a function of no arguments to take the context (setting ``__wrapped__``) and keeps
        # one that takes it as it is; a context-taking function given already wrapped would pass this check
        if default.is_callable and not hasattr(default.arg, "__wrapped__"):
            raise TypeError(f"{table.name}.{key}: its default needs SQLAlchemy's execution context; give the value")
    names = [column.key for column in table.columns if column.key in keys] + [key for key, _ in defaults]
    statement = insert(table).values({name: bindparam(name) for name in names}).returning(*table.primary_key.columns)
    return Prepared(statement), defaults


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(WRITTEN, None)


@event.listens_for(Session, "after_soft_rollback")
def _expunge_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    """Objects of rows written in the transaction (or savepoint) that rolled back leave the session."""
    written = session.info.get(WRITTEN)
    if not written:
        return
    kept = []
    for transaction, row in written:
        if _within(transaction, previous_transaction):
            if row in session:
                session.expunge(row)
        else:
            kept.append((transaction, row))
    session.info[WRITTEN] = kept


def _within(transaction: SessionTransaction | None, ended: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False
