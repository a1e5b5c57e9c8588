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
    """message id → (tracking number shown, area) from its payload (a complaint's application, else its region).

    A payload is whatever was stored, maybe by an older version or by hand: a
    malformed one places the message nowhere instead of failing the page. An
    anonymous complaint's tracking number is not shown (it would name its reporter).
    """
    keys = {message.id: _keys(message.payload) for message in messages}
    wanted = {complaint_id for complaint_id, _number in keys.values() if complaint_id is not None}
    complaints = (
        {row.id: row for row in session.scalars(select(Complaint).where(Complaint.id.in_(wanted)))} if wanted else {}
    )
    named: dict[int, tuple[Complaint | None, str | None]] = {}  # message id → (its complaint, tracking number)
    for message_id, (complaint_id, number) in keys.items():
        complaint = complaints.get(complaint_id) if complaint_id is not None else None
        named[message_id] = (complaint, number or (complaint.tracking_number if complaint else None))
    rows = session.execute(
        select(Application.tracking_number, Application.area).where(
            Application.tracking_number.in_({number for _complaint, number in named.values() if number})
        )
    )
    areas: dict[str, str] = {row[0]: row[1] for row in rows}
    found: dict[int, tuple[str | None, str | None]] = {}
    for message_id, (complaint, number) in named.items():
        area = areas.get(number) if number else None
        shown = None if complaint is not None and complaint.anonymous else number
        found[message_id] = (shown, area or (complaint.region if complaint else None))
    return found


def _keys(payload: Any) -> tuple[int | None, str | None]:
    """(complaint id, tracking number) a payload names, each None when absent or not of its kind."""
    if not isinstance(payload, dict):
        return None, None
    complaint_id, number = payload.get("complaint_id"), payload.get("tracking_number")
    if isinstance(complaint_id, str) and complaint_id.isascii() and complaint_id.isdigit() and len(complaint_id) < 19:
        complaint_id = int(complaint_id)
    valid_id = complaint_id if isinstance(complaint_id, int) and not isinstance(complaint_id, bool) else None
    if valid_id is not None and not 0 < valid_id < 2**63:
        valid_id = None
    valid_number = number if isinstance(number, str) and 0 < len(number) <= 16 else None
    return valid_id, valid_number


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
