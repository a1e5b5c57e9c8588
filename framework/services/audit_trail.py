"""The append-only audit trail: every state change and every officer view of personal data.

Rows are only ever added (the database refuses UPDATE and DELETE on
``audit_events``); each says who, in which role, did what, to which
application, from which address, when.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.store.models import AuditEvent
from framework.store.types import utcnow
from framework.workflow.actors import Actor


def record(
    session: Session,
    actor: Actor,
    action: str,
    target: str | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Add one event to the caller's transaction (it commits with the change it describes)."""
    event = AuditEvent(
        at=at or utcnow(),
        actor=actor.id,
        role=actor.role,
        action=action,
        target=target,
        ip=actor.ip,
        details=details or {},
    )
    session.add(event)
    return event


def events_for(session: Session, target: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.target == target).order_by(AuditEvent.id)))
