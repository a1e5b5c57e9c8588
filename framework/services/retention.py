"""Retention: the personal data of closed applications is removed once its service's period has passed.

A service declares ``standard.retention`` (``5y``, ``18m``, ``90d``), counted
from the decision (issue, rejection, withdrawal). `mpp purge` then removes
what identifies or describes the citizen — the answers, the prefill
provenance, the uploaded documents (from the object store too), the NIK, the
return reason, the comments and changed values in the history — and keeps
what the statistics need: service, region, state, dates and deadlines, so
counts, SLA compliance and regional performance stay correct. The audit trail
is kept whole (it holds who acted and when, no answers; its hash chain must
not break). Stale drafts, ended sessions and spent rate counters go too, and
then the uploaded files nothing refers to any more
(:mod:`framework.services.unreferenced_uploads`).
Applications of a service that declares no retention are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, or_, select
from sqlalchemy.orm import Session

from framework.definition.model import ServiceSpec
from framework.definition.retention import retention_days
from framework.services import audit_trail, unreferenced_uploads
from framework.storage import Storage
from framework.store import counters
from framework.store.drafts import DraftRecord
from framework.store.models import Application, IdempotencyKey, TransitionRecord
from framework.store.security import WebSession
from framework.store.types import utcnow
from framework.workflow.actors import Actor
from framework.workflow.machine import CITIZEN, FINAL_STATES

PURGED_NIK = "-"
DRAFTS_KEPT = timedelta(days=90)
SESSIONS_KEPT = timedelta(days=2)
BATCH = 500


def retention_period(text: str | None) -> timedelta | None:
    """``5y`` → 5 × 365 days, ``18m`` → 18 × 30 days, ``90d``; None when not declared (read as `mpp diff` reads it)."""
    days = retention_days(text)
    return None if days is None else timedelta(days=days)


@dataclass
class PurgeResult:
    applications: int = 0
    documents: int = 0
    unreferenced_uploads: int = 0
    drafts: int = 0
    sessions: int = 0
    counters: int = 0
    by_service: dict[str, int] = field(default_factory=dict)
    kept_without_retention: list[str] = field(default_factory=list)


def purge(
    session: Session,
    specs: Iterable[ServiceSpec],
    storage: Storage,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
) -> PurgeResult:
    """Remove the personal data past retention; each batch is one transaction, audited with its counts."""
    now = now or utcnow()
    result = PurgeResult()
    periods = {spec.id: retention_period(spec.standard.retention) for spec in specs if not spec.template}
    result.kept_without_retention = sorted(service for service, period in periods.items() if period is None)
    for service_id, period in sorted(periods.items()):
        if period is not None:
            count, files = _purge_service(session, service_id, now - period, storage.delete, dry_run)
            result.by_service[service_id] = count
            result.documents += files
    result.applications = sum(result.by_service.values())
    if not dry_run:
        result.drafts, result.sessions, result.counters = _housekeeping(session, now)
        if result.applications:
            audit_trail.record(
                session, Actor.system("retention"), "retention.purge", None, {"applications": result.by_service}
            )
        session.commit()
    # after the drafts and sessions above are gone, so their files go in the same run
    result.unreferenced_uploads = unreferenced_uploads.sweep(session, storage, now, dry_run=dry_run)
    return result


def _due(service_id: str, before: datetime) -> Select[Application]:
    decided = or_(Application.decided_at <= before, Application.issued_at <= before)
    return (
        select(Application)
        .where(Application.service_id == service_id, Application.state.in_(FINAL_STATES))
        .where(Application.purged_at.is_(None), decided)
        .order_by(Application.id)
        .limit(BATCH)
    )


def _purge_service(
    session: Session, service_id: str, before: datetime, delete_document: Callable[[str], None], dry_run: bool
) -> tuple[int, int]:
    """(applications, files) purged for one service, a batch per transaction; a dry run only counts."""
    if dry_run:
        return len(list(session.scalars(_due(service_id, before).limit(None)))), 0
    purged = files = 0
    while batch := list(session.scalars(_due(service_id, before))):
        keys = [key for application in batch for key in _forget(session, application)]
        session.commit()  # the rows first: a file left behind is unreferenced, a row never points at nothing
        for key in keys:
            delete_document(key)
        purged, files = purged + len(batch), files + len(keys)
    return purged, files


def _forget(session: Session, application: Application) -> list[str]:
    """Strip one application of personal data (caller commits); the storage keys of its documents."""
    keys = [str(info.get("key")) for info in (application.documents or {}).values() if info.get("key")]
    application.answers, application.prefill, application.documents = {}, {}, {}
    application.applicant_nik = PURGED_NIK
    application.return_reason, application.return_fields = None, []
    application.purged_at = utcnow()
    for step in session.scalars(select(TransitionRecord).where(TransitionRecord.application_id == application.id)):
        step.comment, step.fields = None, {}
        if step.role == CITIZEN:
            step.actor = PURGED_NIK
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.application_id == application.id))
    return keys


def _housekeeping(session: Session, now: datetime) -> tuple[int, int, int]:
    """(drafts, sessions, counters) removed: abandoned drafts, ended sessions, spent counters."""
    drafts = session.execute(delete(DraftRecord).where(DraftRecord.updated_at < now - DRAFTS_KEPT))
    sessions = session.execute(delete(WebSession).where(WebSession.last_seen < now - SESSIONS_KEPT))
    spent = counters.purge_expired(session, now)
    return int(getattr(drafts, "rowcount", 0) or 0), int(getattr(sessions, "rowcount", 0) or 0), spent


def summary_lines(result: PurgeResult, dry_run: bool) -> list[str]:
    verb = "would purge" if dry_run else "purged"
    lines = [f"{verb} {result.applications} applications ({result.documents} documents)"]
    lines += [f"  {service}: {count}" for service, count in sorted(result.by_service.items()) if count]
    lines.append(f"{'would delete' if dry_run else 'deleted'} {result.unreferenced_uploads} unreferenced uploads")
    if not dry_run:
        lines.append(
            f"removed {result.drafts} stale drafts, {result.sessions} ended sessions, {result.counters} counters"
        )
    if result.kept_without_retention:
        lines.append(f"kept (no standard.retention): {len(result.kept_without_retention)} services")
    return lines
