"""Statements of the hot paths, compiled once and run on the driver's cursor while nobody watches.

Why: on the paths every citizen hits (a tracking look-up, a rate count, the
bearer token) SQLAlchemy's execution of an already compiled and cached
statement — its execution context, result metadata and row objects — cost
0.06–0.1 ms of Python around a driver call of 0.01 ms, several times the
statement itself. :class:`Prepared` compiles its statement once per dialect
and runs it on the DBAPI cursor of the caller's connection, inside the
caller's SQLAlchemy transaction, with the column types' own bind and result
processors, so values go in and come out exactly as through ``execute``.

It never hides a statement from anyone looking: while the engine echoes
statements (``echo``, or the ``sqlalchemy.engine`` logger at INFO) or has any
statement event listener (``before_cursor_execute``, as tracing and
instrumentation libraries install), it runs through ``Connection.execute``
instead, and they see it as any other. A driver's error is raised as
``execute`` raises it (``sqlalchemy.exc.IntegrityError``…), by SQLAlchemy's
own handler, which also invalidates a lost connection.

It reads a few of ``Connection``'s private members (the logging and event
flags, the error handler) and the compiled statement's parameter order;
``setup.cfg`` keeps SQLAlchemy below the next minor release, and
``tests/security/test_prepared_statements.py`` fails if any of them changes.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect, Insert, Select

Statement = Select[Any] | Insert  # a SELECT, or an INSERT (any dialect's) with RETURNING


def watched(connection: Connection) -> bool:
    """Whether SQLAlchemy's statement logging or a statement event listener would see this connection's work.

    Reads the flags ``Connection`` itself checks before logging and before
    dispatching each statement event (tests hold them to that). They are
    broader than statement events: any connection event listener (``begin``,
    ``commit``…) sets them, and SQLAlchemy never clears them when a listener
    is removed, so an engine (or, for a listener on the ``Engine`` class,
    every engine) once listened to runs everything through ``execute``.
    """
    return bool(connection._echo or connection._has_events or connection.engine._has_events)


class Prepared:
    """One statement (a SELECT, or an INSERT with RETURNING), compiled once per dialect; not for IN lists."""

    def __init__(self, statement: Statement) -> None:
        self.statement = statement
        # per dialect object (each engine has its own, and its settings shape the SQL); gone with its engine
        self._compiled: weakref.WeakKeyDictionary[Dialect, _Compiled] = weakref.WeakKeyDictionary()

    def rows(self, connection: Connection, parameters: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """The statement's rows as tuples of processed values (what ``execute`` would give).

        Runs in the connection's transaction, begun here as ``execute`` would
        have (autobegin) when none is open; the caller commits or rolls back.
        """
        if watched(connection):
            return [tuple(row) for row in connection.execute(self.statement, dict(parameters))]
        compiled = self._compiled.get(connection.dialect)
        if compiled is None:
            compiled = self._compiled[connection.dialect] = _Compiled.of(self.statement, connection.dialect)
        if not connection.in_transaction():
            connection.begin()
        return compiled.run(connection, parameters)

    def first(self, connection: Connection, parameters: Mapping[str, Any]) -> tuple[Any, ...] | None:
        rows = self.rows(connection, parameters)
        return rows[0] if rows else None

    def scalar(self, connection: Connection, parameters: Mapping[str, Any]) -> Any:
        """The first column of the first row, or None when there is none (as ``Result.scalar``)."""
        row = self.first(connection, parameters)
        return row[0] if row else None


@dataclass(frozen=True)
class _Compiled:
    """The statement's SQL for one dialect, its parameters' order and processors, its columns' processors."""

    compiled: Any
    order: tuple[str, ...] | None  # positional drivers (SQLite): the parameters' order; None for named ones
    binds: tuple[tuple[str, Any], ...]  # (parameter, the type's bind processor) where it has one
    results: tuple[Any, ...] | None  # each column's result processor (None: the value as the driver gives it)

    @classmethod
    def of(cls, statement: Statement, dialect: Dialect) -> _Compiled:
        compiled = statement.compile(dialect=dialect)
        if compiled.post_compile_params or compiled.literal_execute_params:
            raise ValueError("an IN list or a literal_execute parameter is rendered per execution; use execute")
        binds: dict[str, Any] = {}
        for bind, name in compiled.bind_names.items():  # named and anonymous parameters alike, each once
            key = compiled.escaped_bind_names.get(name, name)
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None and key not in binds:
                binds[key] = process
        columns = statement.exported_columns
        results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns)
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        return cls(compiled, order, tuple(binds.items()), results if any(results) else None)

    def run(self, connection: Connection, parameters: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        values = self.compiled.construct_params(parameters)
        for name, process in self.binds:
            values[name] = process(values[name])
        arguments = [values[name] for name in self.order] if self.order is not None else values
        cursor = None
        try:
            cursor = connection.connection.cursor()
            cursor.execute(self.compiled.string, arguments)
            rows = cursor.fetchall()
        except BaseException as error:
            # what execute does with a driver's error: SQLAlchemy's exception (IntegrityError…), a lost
            # connection invalidated, the handle_error event
            connection._handle_dbapi_exception(error, self.compiled.string, arguments, cursor, None)
        finally:
            if cursor is not None:
                with contextlib.suppress(Exception):  # a lost connection's cursor may not close; the error above counts
                    cursor.close()
        if self.results is None:
            return [tuple(row) for row in rows]
        processors = self.results
        return [
            tuple(value if process is None else process(value) for process, value in zip(processors, row, strict=True))
            for row in rows
        ]
