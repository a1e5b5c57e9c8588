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
from framework.store.rows import insert_now
from framework.store.types import utcnow


def enqueue(session: Session, topic: str, payload: dict[str, Any], available_at: datetime | None = None) -> int:
    """Write a message in the caller's transaction (no commit: it goes or rolls back with the caller's change); its id.

    Written at once with one INSERT (``insert_now``) rather than left to the
    ORM's next flush, and without an ORM object nobody reads: it is on every
    filing and decision.
    """
    now = utcnow()
    values = {
        "topic": topic,
        "payload": dict(payload),
        "created_at": now,
        "available_at": available_at or now,
        "attempts": 0,
        "state": "pending",
        "last_error": None,
        "locked_by": None,
        "locked_at": None,
    }
    return int(insert_now(session, OutboxMessage, values)[0])
