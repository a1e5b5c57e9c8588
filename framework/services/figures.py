"""Keep each application's figures in step with its moves: working time at steps, returns, the decision.

The ministry's figures (``framework.services.performance``) count working
time — 08:00–16:00 WIB on working days, as the SLA clock does — which SQL
cannot compute. So the time is computed here, once, when an application
leaves a step, in the same transaction as the move (called from
``applications._history``): a figure is never out of step with an
application's state, and the aggregate pages only add up stored minutes.

Processing time is the working time an application spent *at steps*: the
time it waited for the applicant after a return is not the office's and is
not counted (the SLA clock stops then too). An application is decided within
the SLA when that time is at most its service standard's time limit (of the
definition version it was filed under; the steps' limits added up when the
standard states none). ``rebuild`` replays the history of every application
through the same function, for the migration and ``mpp figures rebuild``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from framework.definition.durations import Duration, parse_duration
from framework.definition.model import ServiceSpec
from framework.store.models import Application, DefinitionSnapshot, TransitionRecord
from framework.store.performance import ApplicationFigures, StepVisit
from framework.store.rows import insert_now
from framework.workflow.calendar import working_minutes_between, zone_of
from framework.workflow.machine import SYSTEM

OUTCOMES = frozenset({"approved", "rejected", "withdrawn"})  # the states where the office's work ends
DECISIONS = ("approved", "rejected")  # outcomes that are the office's decision (withdrawn is the applicant's)
FILED_FROM = "draft"
# every state that is not a step (framework.workflow.machine): whatever else an application waits in is a step
NOT_STEPS = frozenset({"draft", "submitted", "returned", "approved", "issued", "rejected", "withdrawn"})


def sla_minutes(spec: ServiceSpec) -> int | None:
    """The standard's time limit in working minutes; the steps' limits added up when it states none."""
    return _limit(spec.standard.sla, [step.sla for step in spec.steps])


def _limit(standard: Duration | None, steps: Sequence[Duration | None]) -> int | None:
    if standard is not None:
        return standard.working_hours * 60
    if steps and all(sla is not None for sla in steps):
        return sum(sla.working_hours * 60 for sla in steps if sla is not None)
    return None


def _canonical_limit(canonical: str) -> int | None:
    """``sla_minutes`` from a snapshot's canonical JSON (old snapshots may lack parts: then unknown)."""
    try:
        data: Any = json.loads(canonical)
        standard = (data.get("standard") or {}).get("sla")
        steps = [parse_duration(step.get("sla")) for step in data.get("steps") or []]
    except (ValueError, AttributeError, TypeError):
        return None
    return _limit(parse_duration(standard), steps)


@dataclass(frozen=True)
class Move:
    """One history entry as the figures read it."""

    source: str
    target: str
    action: str
    at: datetime
    by_deadline: bool = False  # the system acted at the step's deadline (`on_deadline`), no officer

    @classmethod
    def recorded(cls, source: str, target: str, action: str, at: datetime, role: str | None) -> Move:
        """A move as the history keeps it: the system's move at a step is its deadline's (no one else acts
        as the system there)."""
        return cls(source, target, action, at, by_deadline=role == SYSTEM)


DEADLINE_PREFIX = "deadline:"  # a step visit ended by the deadline: `deadline:approve` is fiktif positif
AUTO_APPROVED = f"{DEADLINE_PREFIX}approve"  # a step its deadline approved, no officer deciding: fiktif positif


@dataclass(frozen=True)
class Filed:
    """What the figures keep of an application itself (read as columns: the migration runs on old schemas too)."""

    id: int
    region: str
    service_id: str
    submitted_at: datetime | None


def record_move(session: Session, application: Application, spec: ServiceSpec, move: Move) -> None:
    """Update ``application``'s figures for ``move`` (the caller's transaction commits it)."""
    filed = Filed(application.id, application.region, application.service_id, application.submitted_at)
    if move.source == FILED_FROM:
        # a filing's figures are complete before they are written: one INSERT now, nothing left for the commit's flush
        figures = opening_figures(filed, sla_minutes(spec), move.at)
        visit = apply(figures, move)
        columns = ApplicationFigures.__table__.columns
        insert_now(session, ApplicationFigures, {column.key: getattr(figures, column.key) for column in columns})
    else:
        found = session.get(ApplicationFigures, application.id)
        if found is None:  # filed before figures existed, or bulk-loaded: replay its history instead
            _replay(session, filed, sla_minutes(spec))
            return
        visit = apply(found, move)
    if visit is not None:
        session.add(visit)


def apply(figures: ApplicationFigures, move: Move) -> StepVisit | None:
    """Change ``figures`` for one move; the step visit it ended, if it left a step."""
    visit = None
    if move.source not in NOT_STEPS:
        minutes = working_minutes_between(figures.state_since, move.at, zone_of(figures.region))
        figures.step_minutes += minutes
        visit = StepVisit(
            application_id=figures.application_id,
            region=figures.region,
            service_id=figures.service_id,
            step=move.source,
            entered_at=figures.state_since,
            left_at=move.at,
            minutes=minutes,
            action=f"{DEADLINE_PREFIX}{move.action}" if move.by_deadline else move.action,
        )
    if move.target == "returned":
        figures.returns += 1
    if move.target in OUTCOMES:
        figures.decided_at, figures.outcome = move.at, move.target
        decided = move.target in DECISIONS and figures.sla_minutes is not None
        figures.within_sla = figures.step_minutes <= figures.sla_minutes if decided else None  # type: ignore[operator]
    figures.state_since = move.at
    return visit


def opening_figures(application: Filed, limit: int | None, at: datetime) -> ApplicationFigures:
    """An application's figures as filed at ``at``, before any move (``apply`` then moves them; the case summary
    replays a history through the two without writing anything)."""
    return ApplicationFigures(
        application_id=application.id,
        region=application.region,
        service_id=application.service_id,
        submitted_at=application.submitted_at or at,
        state_since=at,
        returns=0,
        step_minutes=0,
        sla_minutes=limit,
    )


def _replay(session: Session, application: Filed, limit: int | None) -> None:
    """Figures of one application from scratch, from its whole history (the entry being added included)."""
    session.execute(delete(StepVisit).where(StepVisit.application_id == application.id))
    existing = session.get(ApplicationFigures, application.id)
    if existing is not None:
        session.delete(existing)
        session.flush()
    history = session.execute(
        select(
            TransitionRecord.from_state,
            TransitionRecord.to_state,
            TransitionRecord.action,
            TransitionRecord.at,
            TransitionRecord.role,
        )
        .where(TransitionRecord.application_id == application.id)
        .order_by(TransitionRecord.id)
    ).all()
    if not history:
        return
    figures = opening_figures(application, limit, application.submitted_at or history[0].at)
    session.add(figures)
    for source, target, action, at, role in history:
        if source != FILED_FROM:
            visit = apply(figures, Move.recorded(source, target, action, at, role))
            if visit is not None:
                session.add(visit)


FILED_COLUMNS = (Application.id, Application.region, Application.service_id, Application.submitted_at)


def rebuild(session: Session, batch: int = 1000) -> int:
    """Recompute every application's figures from its history; returns how many (the caller commits)."""
    limits: dict[str, int | None] = {}
    done, last_id = 0, 0
    while True:
        chunk = session.execute(
            select(*FILED_COLUMNS, Application.content_hash)
            .where(Application.id > last_id)
            .order_by(Application.id)
            .limit(batch)
        ).all()
        if not chunk:
            return done
        for application_id, region, service_id, submitted_at, content_hash in chunk:
            if content_hash not in limits:
                canonical = session.scalar(
                    select(DefinitionSnapshot.canonical).where(DefinitionSnapshot.content_hash == content_hash)
                )
                limits[content_hash] = _canonical_limit(canonical) if canonical else None
            application = Filed(application_id, region, service_id, submitted_at)
            _replay(session, application, limits[content_hash])
            last_id = application.id
        done += len(chunk)
        session.flush()
        session.expunge_all()
