"""A region's applications of one service, newest first, a page at a time: what stands behind a service's figures.

The region page (``region_performance``) shows a service's share within the
SLA and its median time; this list shows the applications those figures
count — status, filed, decided, working time at steps against the
standard's limit, late or not, approved by a step's deadline (fiktif
positif) — and links each to its case summary (``case_summary``). It reads
the figures' own rows (``application_figures``, through the index on region,
service and filing time) and, for the page's rows only, their state and the
visits a deadline ended: one page is read, never the region's whole list.
No personal data: no name, NIK, answer or document is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from framework.core.numbers import page_within
from framework.core.text import Text
from framework.definition.model import ServiceSpec, StepSpec
from framework.services.figures import AUTO_APPROVED, NOT_STEPS
from framework.services.records import state_label
from framework.store.models import Application
from framework.store.performance import ApplicationFigures as F
from framework.store.performance import StepVisit
from framework.store.types import utcnow
from framework.workflow.calendar import working_minutes_between, zone_of

PAGE_SIZE = 50


@dataclass(frozen=True)
class ServiceApplication:
    """One application as the figures count it."""

    tracking_number: str
    state: str
    state_label: Text
    submitted_at: datetime
    decided_at: datetime | None
    minutes: int  # working minutes at steps, the present step's so far included
    sla_minutes: int | None  # the standard's limit of the version it was filed under
    within_sla: bool | None  # decided: as the figures count it; None while open or without a limit
    returns: int
    auto_approved: bool  # a step was approved by its deadline with no officer deciding (fiktif positif)
    overdue_now: bool  # open and past its present step's deadline

    @property
    def late(self) -> bool:
        """Decided past the standard's limit, or still open and already past it (or past its step's deadline)."""
        if self.within_sla is not None:
            return not self.within_sla
        over = self.sla_minutes is not None and self.minutes > self.sla_minutes
        return self.decided_at is None and (over or self.overdue_now)


@dataclass(frozen=True)
class ServiceApplications:
    region: str
    service_id: str
    title: Text
    rows: list[ServiceApplication]
    total: int
    page: int
    pages: int
    step: StepSpec | None = None  # listed only those waiting at this step now


def service_applications(
    session: Session,
    region: str,
    service_id: str,
    spec: ServiceSpec | None,
    *,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    step: StepSpec | None = None,
    now: datetime | None = None,
) -> ServiceApplications | None:
    """One page of ``service_id``'s applications filed in ``region``, newest first; None for a service unknown
    there (neither in the catalog nor with applications).

    With ``step``, only those waiting at that step now: the region page's
    "waiting now" of a step row, by number, so a slow step's cases can be read.
    """
    now = now or utcnow()
    where = [F.region == region, F.service_id == service_id]
    counted = select(func.count()).select_from(F)
    if step is not None:
        where.append(Application.state == step.id)
        counted = counted.join(Application, Application.id == F.application_id)
    total = int(session.scalar(counted.where(*where)) or 0)
    if spec is None and not total:
        return None
    shown, pages = page_within(page, total, page_size)
    query = (
        select(F, Application.tracking_number, Application.state, Application.due_at)
        .join(Application, Application.id == F.application_id)
        .where(*where)
        .order_by(F.submitted_at.desc(), F.application_id.desc())
        .limit(page_size)
        .offset((shown - 1) * page_size)
    )
    found = session.execute(query).all()
    auto = auto_approved_among(session, [row[0].application_id for row in found])
    rows = [
        _row(figures, number, state, due_at, spec, figures.application_id in auto, now)
        for figures, number, state, due_at in found
    ]
    title = spec.title if spec else Text(service_id)
    return ServiceApplications(region, service_id, title, rows, total, shown, pages, step)


def auto_approved_among(session: Session, application_ids: list[int]) -> set[int]:
    """Which of these applications had a step approved by its deadline (a page's ids: the visits' own index)."""
    if not application_ids:
        return set()
    query = select(StepVisit.application_id).where(
        StepVisit.application_id.in_(application_ids), StepVisit.action == AUTO_APPROVED
    )
    return set(session.scalars(query))


def _row(
    figures: F,
    number: str,
    state: str,
    due_at: datetime | None,
    spec: ServiceSpec | None,
    auto_approved: bool,
    now: datetime,
) -> ServiceApplication:
    at_step = state not in NOT_STEPS
    so_far = working_minutes_between(figures.state_since, now, zone_of(figures.region)) if at_step else 0
    return ServiceApplication(
        tracking_number=number,
        state=state,
        state_label=state_label(spec, state) if spec else Text(state),
        submitted_at=figures.submitted_at,
        decided_at=figures.decided_at,
        minutes=figures.step_minutes + max(0, so_far),
        sla_minutes=figures.sla_minutes,
        within_sla=figures.within_sla,
        returns=figures.returns,
        auto_approved=auto_approved,
        overdue_now=at_step and due_at is not None and due_at < now,
    )
