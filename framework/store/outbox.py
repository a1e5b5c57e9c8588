"""Writing background work into the outbox, inside the caller's transaction.

The message commits or rolls back with the state change that caused it, so a
notification is never sent for an approval that did not happen, and never lost
for one that did. Topics: ``notify`` {event, tracking_number, channels} and
``deliver`` {provider, tracking_number}.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from framework.store.models import OutboxMessage
from framework.store.types import utcnow


def enqueue(
    session: Session, topic: str, payload: dict[str, Any], available_at: datetime | None = None
) -> OutboxMessage:
    """Add a message to the session (no commit: it goes with the caller's transaction)."""
    now = utcnow()
    message = OutboxMessage(
        topic=topic,
        payload=dict(payload),
        created_at=now,
        available_at=available_at or now,
        attempts=0,
        state="pending",
    )
    session.add(message)
    return message
