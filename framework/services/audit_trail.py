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
    *,
    region: str | None = None,
) -> AuditEvent:
    """Add one event to the caller's transaction (it commits with the change it describes).

    ``region``: where it happened — the application's area, else the officer's
    scope — so the region's admin can read it.
    """
    event = AuditEvent(
        at=at or utcnow(),
        actor=actor.id,
        role=actor.role,
        action=action,
        target=target,
        ip=actor.ip,
        details=details or {},
        region=region or actor.region,
    )
    session.add(event)
    return event


def events_for(session: Session, target: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.target == target).order_by(AuditEvent.id)))


# Reads of personal data (who looked at whose data): the region's admin reviews them.
PERSONAL_DATA_READS = (
    "application.view",
    "application.document",
    "queue.search_nik",
    "counter.prefill",
    "complaint.view",
)


def personal_data_reads(
    session: Session, scope: str, *, page: int = 1, page_size: int = 50
) -> tuple[list[AuditEvent], int]:
    """The personal-data reads that happened inside ``scope`` (newest first) and how many there are."""
    from sqlalchemy import func

    from framework.services.scope import in_scope

    where = (in_scope(AuditEvent.region, scope), AuditEvent.action.in_(PERSONAL_DATA_READS))
    total = int(session.scalar(select(func.count()).select_from(AuditEvent).where(*where)) or 0)
    query = (
        select(AuditEvent)
        .where(*where)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(page_size)
        .offset((max(1, page) - 1) * page_size)
    )
    return list(session.scalars(query)), total
