"""Deadline auto-actions, run by the worker or `mpp sla run`.

Every application past its step's deadline is flagged overdue once; a step
with `on_deadline` then acts by itself: `approve` (fiktif positif), `reject`
(with a stated reason) or `escalate` (flag it and notify the supervisor
through the outbox). Each application is its own transaction, so one failure
never blocks the others, and running it twice does nothing new.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.core.text import bilingual, msg
from framework.services import applications, audit_trail
from framework.store.models import Application
from framework.store.outbox import enqueue
from framework.workflow.actors import Actor
from framework.workflow.errors import ApplicationError

log = logging.getLogger("mpp.sla")

DEADLINE_REASON = msg("Batas waktu layanan terlampaui (otomatis).", "The service deadline passed (automatic).")


@dataclass
class DeadlineRun:
    flagged: list[str] = field(default_factory=list)
    acted: dict[str, str] = field(default_factory=dict)  # tracking number -> action
    failed: dict[str, str] = field(default_factory=dict)


def apply_deadlines(session: Session, now: datetime, batch: int = 500) -> DeadlineRun:
    run = DeadlineRun()
    query = (
        select(Application.tracking_number)
        .where(Application.due_at.is_not(None), Application.due_at <= now, Application.overdue_since.is_(None))
        .order_by(Application.due_at)
        .limit(batch)
    )
    for tracking_number in list(session.scalars(query)):
        try:
            _one(session, tracking_number, now, run)
        except ApplicationError as exc:  # e.g. an officer acted at the same moment
            session.rollback()
            run.failed[tracking_number] = exc.code
    return run


def _one(session: Session, tracking_number: str, now: datetime, run: DeadlineRun) -> None:
    application = applications.find(session, tracking_number)
    spec = applications.spec_of(session, application)
    step = next((s for s in spec.steps if s.id == application.state), None)
    if step is None:
        return
    system = Actor.system("sla")
    if step.on_deadline in ("approve", "reject"):
        applications.transition(
            session, tracking_number, action=step.on_deadline, actor=system, comment=bilingual(DEADLINE_REASON), now=now
        )
        run.acted[tracking_number] = step.on_deadline
        return
    application.overdue_since = now
    audit_trail.record(
        session,
        system,
        "application.overdue",
        tracking_number,
        {"step": step.id, "due_at": application.due_at.isoformat() if application.due_at else None},
        now,
    )
    run.flagged.append(tracking_number)
    overdue_channels = spec.notify.get("overdue")
    if overdue_channels:  # the definition's `notify: overdue` tells the citizen (the flag is set once, so is this)
        enqueue(
            session,
            "notify",
            {"event": "overdue", "tracking_number": tracking_number, "channels": list(overdue_channels)},
        )
    if step.on_deadline == "escalate":
        application.escalated_at = now
        audit_trail.record(
            session, system, "application.escalate", tracking_number, {"step": step.id, "role": step.role}, now
        )
        enqueue(
            session,
            "notify",
            {
                "event": "escalated",
                "tracking_number": tracking_number,
                "channels": ["inbox"],
                "role": step.role,
                "region": application.region,
            },
        )
        run.acted[tracking_number] = "escalate"
    session.commit()
