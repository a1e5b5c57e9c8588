"""Hot statements on the driver's cursor: the same values as ``execute``, and never hidden from anyone watching."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import cast

import pytest
from sqlalchemy import Connection, Table, bindparam, event, select

from framework.store import counters
from framework.store.prepared import Prepared, watched
from framework.store.security import RateCounter
from framework.store.types import utcnow

TABLE = cast(Table, RateCounter.__table__)
BY_KEY = Prepared(select(TABLE.c.key, TABLE.c.hits, TABLE.c.expires_at).where(TABLE.c.key == bindparam("key")))


@pytest.fixture
def counted(db_engine):
    """Two counters; their rows as SQLAlchemy's own execution reads them."""
    with db_engine.begin() as connection:
        counters.hit_windows(connection, [("a", timedelta(minutes=1)), ("b", timedelta(days=1))])
        counters.hit(connection, "a", timedelta(minutes=1))
    with db_engine.connect() as connection:
        return {key: tuple(connection.execute(BY_KEY.statement, {"key": key}).one()) for key in ("a", "b")}


def test_rows_are_the_values_execute_reads_typed_by_the_columns(db_engine, counted):
    with db_engine.connect() as connection:
        assert not watched(connection)
        assert BY_KEY.first(connection, {"key": "a"}) == counted["a"]
        assert BY_KEY.rows(connection, {"key": "b"}) == [counted["b"]]
        assert BY_KEY.first(connection, {"key": "none"}) is None
    assert counted["a"][1] == 2 and counted["a"][2].tzinfo is not None  # the UTC type's result processor ran


def test_unwatched_it_does_not_go_through_sqlalchemy_execution(db_engine, counted, monkeypatch):
    def refused(*_args, **_kwargs):
        raise AssertionError("Connection.execute was used")

    with db_engine.connect() as connection:
        monkeypatch.setattr(Connection, "execute", refused)
        assert BY_KEY.first(connection, {"key": "b"}) == counted["b"]


def test_a_statement_event_listener_sees_every_statement(db_engine, counted):
    seen: list[str] = []

    def listener(_conn, _cursor, statement, *_rest):
        seen.append(statement)

    event.listen(db_engine, "before_cursor_execute", listener)
    try:
        with db_engine.connect() as connection:
            assert watched(connection)
            assert BY_KEY.first(connection, {"key": "a"}) == counted["a"]
            counters.hit(connection, "c", timedelta(minutes=1))
            connection.commit()
    finally:
        event.remove(db_engine, "before_cursor_execute", listener)
    assert any("FROM rate_counters" in statement for statement in seen)
    assert any(statement.startswith("INSERT INTO rate_counters") for statement in seen)


def test_statement_logging_logs_it(db_engine, counted, caplog):
    with caplog.at_level(logging.INFO, logger="sqlalchemy.engine"), db_engine.connect() as connection:
        assert watched(connection)
        assert BY_KEY.first(connection, {"key": "b"}) == counted["b"]
    assert any("FROM rate_counters" in record.getMessage() for record in caplog.records)


def test_it_runs_in_the_callers_transaction(db_engine):
    with db_engine.connect() as connection:
        counters.hit(connection, "gone", timedelta(minutes=1), now=utcnow())
        assert connection.in_transaction()  # begun as execute's autobegin would have
        connection.rollback()
        assert BY_KEY.first(connection, {"key": "gone"}) is None


def test_a_drivers_error_is_raised_as_sqlalchemys_and_the_connection_goes_on(db_engine):
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    add = Prepared(
        insert(TABLE)
        .values(key=bindparam("key"), hits=bindparam("hits"), expires_at=bindparam("until"))
        .returning(TABLE.c.key)
    )
    until = utcnow() + timedelta(minutes=1)
    with db_engine.connect() as connection:
        assert add.first(connection, {"key": "once", "hits": 1, "until": until}) == ("once",)
        with pytest.raises(IntegrityError):
            add.first(connection, {"key": "once", "hits": 2, "until": until})
        connection.rollback()
        assert add.first(connection, {"key": "again", "hits": 1, "until": until}) == ("again",)
        connection.commit()
        assert BY_KEY.first(connection, {"key": "again"})[1] == 1


def test_an_inline_value_is_bound_through_its_columns_type(db_engine, counted):
    """An unnamed parameter (a moment written into the statement) goes through the UTC type as execute sends it."""
    still_open = Prepared(select(TABLE.c.key).where(TABLE.c.expires_at > utcnow()).order_by(TABLE.c.key))
    with db_engine.connect() as connection:
        assert still_open.rows(connection, {}) == [("a",), ("b",)]
        assert still_open.rows(connection, {}) == [tuple(row) for row in connection.execute(still_open.statement)]


def test_an_in_list_is_refused_for_execute_to_render(db_engine):
    listed = Prepared(select(TABLE.c.key).where(TABLE.c.key.in_(["a", "b"])))
    with db_engine.connect() as connection, pytest.raises(ValueError, match="IN list"):
        listed.rows(connection, {})


def test_a_lost_connection_fails_as_under_execute_and_is_invalidated(db_engine, counted):
    from sqlalchemy.exc import DBAPIError

    raised = {}
    for way in ("execute", "prepared"):
        with db_engine.connect() as connection:
            connection.connection.dbapi_connection.close()  # the database went away under the pool
            with pytest.raises(DBAPIError) as caught:
                if way == "execute":
                    connection.execute(BY_KEY.statement, {"key": "a"})
                else:
                    BY_KEY.first(connection, {"key": "a"})
            raised[way] = (type(caught.value), caught.value.connection_invalidated, connection.invalidated)
    assert raised["prepared"] == raised["execute"]
    assert raised["prepared"][1:] == (True, True)
    with db_engine.connect() as connection:  # the pool replaced the lost connection
        assert BY_KEY.first(connection, {"key": "a"}) == counted["a"]
