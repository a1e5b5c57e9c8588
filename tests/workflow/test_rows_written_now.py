"""Rows written with one INSERT each: the columns left out get the defaults SQLAlchemy's execution gives them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from framework.store import OutboxMessage
from framework.store.rows import insert_now
from framework.store.types import utcnow


def test_python_side_defaults_are_filled_and_the_rest_left_null(session):
    before = utcnow()
    (message_id,) = insert_now(session, OutboxMessage, {"topic": "notify", "payload": {"event": "submitted"}})
    session.commit()
    message = session.scalars(select(OutboxMessage).where(OutboxMessage.id == message_id)).one()
    assert (message.topic, message.payload, message.attempts, message.state) == (
        "notify",
        {"event": "submitted"},
        0,
        "pending",
    )
    assert before <= message.created_at <= utcnow() and before <= message.available_at <= utcnow()
    assert message.last_error is None and message.locked_by is None


def test_a_value_given_wins_over_the_default(session):
    later = utcnow() + timedelta(hours=1)
    (message_id,) = insert_now(session, OutboxMessage, {"topic": "deliver", "payload": {}, "available_at": later})
    session.commit()
    assert session.scalar(select(OutboxMessage.available_at).where(OutboxMessage.id == message_id)) == later


def test_an_unknown_column_is_named(session):
    with pytest.raises(KeyError, match="outbox has no column topik"):
        insert_now(session, OutboxMessage, {"topik": "notify"})


def test_every_models_defaults_can_be_computed_without_sqlalchemys_execution():
    from framework.store import Base
    from framework.store.rows import _insert

    for table in Base.metadata.sorted_tables:
        _insert(table, frozenset())  # raises for a default that takes the execution context


def test_a_default_that_needs_the_execution_context_is_refused_by_name():
    from sqlalchemy import Column, Integer, MetaData, Table

    from framework.store.rows import _insert

    table = Table(
        "counted", MetaData(), Column("id", Integer, primary_key=True), Column("n", Integer, default=lambda ctx: 1)
    )
    with pytest.raises(TypeError, match="counted.n: its default needs"):
        _insert(table, frozenset())
