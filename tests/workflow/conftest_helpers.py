"""Small readers used by the workflow tests."""

from __future__ import annotations

from sqlalchemy import func, select

from framework.store import OutboxMessage


def outbox(session) -> list[tuple[str, dict]]:
    return [(m.topic, m.payload) for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]


def rows(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))
