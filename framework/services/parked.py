"""Parked outbox messages of a region: what kept failing, why, and a fresh start after the cause is fixed.

`mpp worker --parked` lists every parked message and `--retry ID` restarts one;
a regional admin sees and restarts only those about their region's
applications and complaints (the message's tracking number or complaint
decides where it belongs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from framework.services import audit_trail
from framework.store.complaints import Complaint
from framework.store.models import Application, OutboxMessage
from framework.store.types import utcnow
from framework.workflow.actors import Actor
from framework.workflow.areas import inside

LIMIT = 500


@dataclass(frozen=True)
class ParkedMessage:
    id: int
    topic: str
    tracking_number: str | None
    area: str | None
    attempts: int
    last_error: str
    created_at: datetime


def _areas(session: Session, messages: list[OutboxMessage]) -> dict[int, tuple[str | None, str | None]]:
    """message id → (tracking number, area) from its payload (a complaint's application, else its region)."""
    complaints = {
        row.id: row
        for row in session.scalars(
            select(Complaint).where(
                Complaint.id.in_([m.payload.get("complaint_id") for m in messages if m.payload.get("complaint_id")])
            )
        )
    }
    numbers: dict[int, str | None] = {}
    for message in messages:
        complaint = complaints.get(int(message.payload.get("complaint_id") or 0))
        numbers[message.id] = message.payload.get("tracking_number") or (
            complaint.tracking_number if complaint else None
        )
    rows = session.execute(
        select(Application.tracking_number, Application.area).where(
            Application.tracking_number.in_([n for n in numbers.values() if n])
        )
    )
    areas: dict[str, str] = {row[0]: row[1] for row in rows}
    found: dict[int, tuple[str | None, str | None]] = {}
    for message in messages:
        number = numbers[message.id]
        complaint = complaints.get(int(message.payload.get("complaint_id") or 0))
        found[message.id] = (number, areas.get(number) if number else (complaint.region if complaint else None))
    return found


def parked_messages(session: Session, scope: str | None = None) -> list[ParkedMessage]:
    """Parked messages, oldest first; only those inside ``scope`` when given."""
    messages = list(
        session.scalars(
            select(OutboxMessage).where(OutboxMessage.state == "parked").order_by(OutboxMessage.id).limit(LIMIT)
        )
    )
    where = _areas(session, messages)
    return [
        ParkedMessage(
            message.id,
            message.topic,
            where[message.id][0],
            where[message.id][1],
            message.attempts,
            message.last_error or "",
            message.created_at,
        )
        for message in messages
        if scope is None or (where[message.id][1] is not None and inside(str(where[message.id][1]), scope))
    ]


def unpark(session: Session, message_id: int, *, by: Actor | None = None, scope: str | None = None) -> bool:
    """Give a parked message a fresh start; False when there is no such parked message (inside ``scope``)."""
    if scope is not None and message_id not in {m.id for m in parked_messages(session, scope)}:
        return False
    result: Any = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.state == "parked")
        .values(state="pending", attempts=0, available_at=utcnow())
    )
    if result.rowcount == 1 and by is not None:
        audit_trail.record(session, by, "outbox.retry", str(message_id), {}, region=scope)
    session.commit()
    return bool(result.rowcount == 1)
