"""One region's page: its figures per service and per step, the weekly trend, what is overdue now.

Who may read it: ministry staff (every region), the region's own admin
(``admin_daerah`` of the region or of its province) and its **heads** — the
officers whose step signs: the role of the last step of a service offered
there (``kepala_dukcapil``, ``kepala_dpmptsp`` in the bundled catalog), when
their area holds the region. Everyone else is told the region is not found.
The public page (``public_figures``) shows only services, median decision
time and the share within the SLA: no names, no numbers, no applications.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from framework.core.numbers import page_within
from framework.core.text import Text
from framework.definition.model import ServiceSpec
from framework.forms.regions import level_of
from framework.services import figures, performance_stats
from framework.services.percentiles import Spread
from framework.services.performance import (
    PERIOD_DAYS,
    RECENT_DAYS,
    Figures,
    RegionRow,
    for_citizens,
    offered_there,
    region_rows,
    share,
)
from framework.services.performance_stats import Stats
from framework.services.scope import in_scope
from framework.store.complaints import Complaint
from framework.store.models import Application
from framework.store.performance import ApplicationFigures as F
from framework.store.types import utcnow, wib_date
from framework.workflow.actors import Actor
from framework.workflow.areas import inside
from framework.workflow.calendar import WIB, working_minutes_between, zone_of
from framework.workflow.loci import Loci
from framework.workflow.roles import ADMIN_ROLE, MINISTRY_ROLE

TREND_WEEKS = 12
OVERDUE_LISTED = 20
OVERDUE_PAGE_SIZE = 50


@dataclass(frozen=True)
class ServiceRow:
    service_id: str
    title: Text
    figures: Figures
    waiting: int = 0
    overdue: int = 0
    ministry: bool = False  # the ministry's own service (joining MPP Digital): shown, not in the region's figures


@dataclass(frozen=True)
class StepRow:
    service_id: str
    service_title: Text
    step_id: str
    step_title: Text
    visits: int  # applications that left the step in the period
    spread: Spread | None  # how long they waited there, working minutes
    waiting: int = 0  # there now
    overdue: int = 0  # there now, past the step's deadline
    auto_approved: int = 0  # of ``visits``, approved by the step's deadline with no officer (fiktif positif)


@dataclass(frozen=True)
class Week:
    start: date  # Monday, WIB
    filed: int = 0
    decided: int = 0
    within_sla: int = 0
    with_sla: int = 0

    @property
    def sla_share(self) -> float | None:
        return share(self.within_sla, self.with_sla)


@dataclass(frozen=True)
class OverdueRow:
    tracking_number: str
    service_title: Text
    step_title: Text
    due_at: datetime
    minutes_late: int


@dataclass(frozen=True)
class RegionPage:
    row: RegionRow
    services: list[ServiceRow]
    steps: list[StepRow]  # longest median wait first
    weeks: list[Week]
    overdue: list[OverdueRow]  # the most overdue, up to OVERDUE_LISTED
    overdue_total: int
    now: datetime
    computed_at: datetime | None  # when the worker last ranked the decisions


def head_roles(specs: Sequence[ServiceSpec]) -> set[str]:
    """The roles whose step signs: the last step of each chain."""
    return {spec.steps[-1].role for spec in specs if spec.steps}


def may_view(actor: Actor, region: str, specs_there: Sequence[ServiceSpec]) -> bool:
    """Ministry staff everywhere; the region's admin and heads in their own area."""
    if not actor.is_officer:
        return False
    if actor.role == MINISTRY_ROLE:
        return True
    if not actor.region or not inside(region, actor.region):
        return False
    return actor.role == ADMIN_ROLE or actor.role in head_roles(specs_there) - {MINISTRY_ROLE}


def overview_province(actor: Actor) -> str | None:
    """Whose overview: ministry staff see every region (``""``), a province's admin its province; others none."""
    if not actor.is_officer:
        return None
    if actor.role == MINISTRY_ROLE:
        return ""
    if actor.role == ADMIN_ROLE and actor.region and level_of(actor.region) == "province":
        return actor.region
    return None


def home_region(actor: Actor) -> str | None:
    """The kabupaten/kota whose page a regency's admin or head opens first."""
    if not actor.region or level_of(actor.region) in (None, "province"):
        return None
    return ".".join(actor.region.split(".")[:2])


def region_page(
    session: Session,
    region: str,
    loci: Loci,
    specs: Sequence[ServiceSpec],
    definitions: Path,
    *,
    inactive_days: int,
    now: datetime | None = None,
) -> RegionPage | None:
    """The region's figures, or None when it is neither a locus nor has applications."""
    now = now or utcnow()
    stats = performance_stats.read(session, region)
    ministry = performance_stats.ministry_services(session)
    found = region_rows(
        session, loci, specs, definitions, inactive_days, now, only=region, stats=stats, ministry=ministry
    )
    if not found:
        return None
    titles = {spec.id: spec for spec in specs}
    offered = offered_there(specs, region, definitions, loci)
    waiting = _waiting(session, region, offered, now)
    services = _services(session, region, offered, titles, waiting, stats, now, ministry)
    steps = _steps(region, titles, waiting, stats)
    # the region's own overdue and trend count its citizens' applications (its joining application has its row)
    overdue_total = sum(late for (service, _step), (_count, late) in waiting.items() if service not in ministry)
    overdue = _overdue_list(session, region, offered, titles, now, ministry)
    trend = weekly_trend(session, region, now, ministry)
    return RegionPage(found[0], services, steps, trend, overdue, overdue_total, now, stats.computed_at)


def _services(
    session: Session,
    region: str,
    offered: Sequence[ServiceSpec],
    titles: dict[str, ServiceSpec],
    waiting: dict[tuple[str, str], tuple[int, int]],
    stats: Stats,
    now: datetime,
    ministry: frozenset[str] = frozenset(),
) -> list[ServiceRow]:
    decided = {service for (where, service, step) in stats.rows if where == region and service and not step}
    filed = _filed_by_service(session, region, now)
    complaints = _complaints_by_service(session, region, now)
    ids = sorted({spec.id for spec in offered} | decided | set(filed))
    rows = []
    for service_id in ids:
        recent, period = filed.get(service_id, (0, 0))
        figures = Figures.of(stats.get(region, service_id), recent, period, complaints.get(service_id, 0))
        at_steps = [count for (service, _step), count in waiting.items() if service == service_id]
        rows.append(
            ServiceRow(
                service_id,
                _title(titles, service_id),
                figures,
                sum(count[0] for count in at_steps),
                sum(count[1] for count in at_steps),
                service_id in ministry,
            )
        )
    return rows


def _title(titles: dict[str, ServiceSpec], service_id: str) -> Text:
    spec = titles.get(service_id)
    return spec.title if spec else Text(service_id)


def _filed_by_service(session: Session, region: str, now: datetime) -> dict[str, tuple[int, int]]:
    recent = now - timedelta(days=RECENT_DAYS)
    query = (
        select(F.service_id, func.sum(case((F.submitted_at >= recent, 1), else_=0)), func.count())
        .where(F.region == region, F.submitted_at >= now - timedelta(days=PERIOD_DAYS))
        .group_by(F.service_id)
    )
    return {service: (int(recent_count or 0), int(count)) for service, recent_count, count in session.execute(query)}


def _complaints_by_service(session: Session, region: str, now: datetime) -> dict[str, int]:
    query = (
        select(Complaint.service_id, func.count())
        .where(Complaint.region == region, Complaint.created_at >= now - timedelta(days=PERIOD_DAYS))
        .group_by(Complaint.service_id)
    )
    return {str(service): int(count) for service, count in session.execute(query)}


def _waiting(
    session: Session, region: str, offered: Sequence[ServiceSpec], now: datetime
) -> dict[tuple[str, str], tuple[int, int]]:
    """(waiting, overdue) now per (service, step), from the officers' queue index (state, area, service, due)."""
    steps = sorted({step.id for spec in offered for step in spec.steps})
    if not steps:
        return {}
    overdue = func.sum(case((Application.due_at < now, 1), else_=0))
    query = (
        select(Application.service_id, Application.state, func.count(), overdue)
        .where(Application.state.in_(steps), in_scope(Application.area, region))
        .group_by(Application.service_id, Application.state)
    )
    return {(service, state): (int(count), int(late or 0)) for service, state, count, late in session.execute(query)}


def _steps(
    region: str,
    titles: dict[str, ServiceSpec],
    waiting: dict[tuple[str, str], tuple[int, int]],
    stats: Stats,
) -> list[StepRow]:
    waited = {
        (service, step)
        for (where, service, step), found in stats.rows.items()
        if where == region and step and found.spread is not None
    }
    rows = []
    for service_id, step_id in sorted(waited | set(waiting)):
        spec = titles.get(service_id)
        step = spec.step(step_id) if spec else None
        found = stats.get(region, service_id, step_id)
        spread = found.spread
        now_there = waiting.get((service_id, step_id), (0, 0))
        rows.append(
            StepRow(
                service_id,
                _title(titles, service_id),
                step_id,
                step.title if step else Text(step_id),
                spread.count if spread else 0,
                spread,
                *now_there,
                found.auto_approved,
            )
        )
    return sorted(rows, key=lambda row: (-(row.spread.median if row.spread else -1), row.service_id, row.step_id))


def week_start(moment: datetime) -> date:
    local = moment.astimezone(WIB).date()
    return local - timedelta(days=local.weekday())


def weekly_trend(
    session: Session, region: str, now: datetime, ministry: frozenset[str], weeks: int = TREND_WEEKS
) -> list[Week]:
    """Citizens' applications filed and decided per week (Monday to Sunday, WIB) for the last ``weeks`` weeks,
    this one included; ``ministry``: the services that are not the citizens' (``performance_stats.ministry_services``).

    The database counts per WIB day (a few dozen rows); the days are added up into weeks here.
    """
    first = week_start(now) - timedelta(weeks=weeks - 1)
    since = datetime.combine(first, datetime.min.time(), WIB)
    citizens = performance_stats.citizen_terms(F.service_id, ministry)
    filed_day = wib_date(F.submitted_at)
    filed: dict[date, int] = {}
    filed_query = (
        select(filed_day, func.count()).where(F.region == region, F.submitted_at >= since, citizens).group_by(filed_day)
    )
    for day, count in session.execute(filed_query):
        filed[_monday(day)] = filed.get(_monday(day), 0) + int(count)
    decided_day = wib_date(F.decided_at)
    decided: dict[date, list[int]] = {}
    decided_query = (
        select(
            decided_day,
            func.count(),
            func.sum(case((F.within_sla.is_(True), 1), else_=0)),
            func.sum(case((F.within_sla.is_not(None), 1), else_=0)),
        )
        .where(F.region == region, F.decided_at >= since, F.outcome.in_(figures.DECISIONS), citizens)
        .group_by(decided_day)
    )
    for day, count, within, with_sla in session.execute(decided_query):
        counts = decided.setdefault(_monday(day), [0, 0, 0])
        for position, value in enumerate((count, within, with_sla)):
            counts[position] += int(value or 0)
    starts = [first + timedelta(weeks=n) for n in range(weeks)]
    return [Week(start, filed.get(start, 0), *decided.get(start, [0, 0, 0])) for start in starts]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _overdue_terms(region: str, offered: Sequence[ServiceSpec], now: datetime, ministry: frozenset[str]) -> tuple:
    """Citizens' applications waiting at a step past its deadline: the queue index's terms (state, area range, due)
    like ``_waiting``; empty when no step is offered there."""
    steps = sorted({step.id for spec in offered for step in spec.steps})
    if not steps:
        return ()
    return (
        Application.state.in_(steps),
        in_scope(Application.area, region),
        Application.due_at < now,
        performance_stats.citizen_terms(Application.service_id, ministry),
    )


def _overdue_list(
    session: Session,
    region: str,
    offered: Sequence[ServiceSpec],
    titles: dict[str, ServiceSpec],
    now: datetime,
    ministry: frozenset[str],
    *,
    limit: int = OVERDUE_LISTED,
    offset: int = 0,
) -> list[OverdueRow]:
    """The most overdue citizens' applications at a step, ``limit`` of them from ``offset``."""
    terms = _overdue_terms(region, offered, now, ministry)
    if not terms:
        return []
    query = (
        select(Application.tracking_number, Application.service_id, Application.state, Application.due_at)
        .where(*terms)
        .order_by(Application.due_at, Application.id)
        .limit(limit)
        .offset(offset)
    )
    rows = []
    for number, service_id, state, due_at in session.execute(query):
        if due_at is None:  # the query asks for due_at < now; this only narrows the type
            continue
        spec = titles.get(service_id)
        step = spec.step(state) if spec else None
        rows.append(
            OverdueRow(
                number,
                _title(titles, service_id),
                step.title if step else Text(state),
                due_at,
                max(1, working_minutes_between(due_at, now, zone_of(region))),
            )
        )
    return rows


@dataclass(frozen=True)
class OverduePage:
    """Every overdue application of a region, a page at a time, the most overdue first."""

    region: str
    rows: list[OverdueRow]
    total: int
    page: int
    pages: int
    now: datetime


def overdue_page(
    session: Session,
    region: str,
    loci: Loci,
    specs: Sequence[ServiceSpec],
    definitions: Path,
    *,
    page: int = 1,
    page_size: int = OVERDUE_PAGE_SIZE,
    now: datetime | None = None,
) -> OverduePage:
    """One page of the region's overdue list (the region page shows its first ``OVERDUE_LISTED``)."""
    now = now or utcnow()
    offered = offered_there(specs, region, definitions, loci)
    ministry = performance_stats.ministry_services(session)
    terms = _overdue_terms(region, offered, now, ministry)
    total = int(session.scalar(select(func.count()).select_from(Application).where(*terms)) or 0) if terms else 0
    shown, pages = page_within(page, total, page_size)
    titles = {spec.id: spec for spec in specs}
    rows = _overdue_list(
        session, region, offered, titles, now, ministry, limit=page_size, offset=(shown - 1) * page_size
    )
    return OverduePage(region, rows, total, shown, pages, now)


@dataclass(frozen=True)
class PublicFigures:
    """What anyone may see of a region: its services, how fast they are decided, how many within the SLA."""

    region: str
    name: str
    figures: Figures
    services: list[ServiceRow]
    now: datetime
    computed_at: datetime | None


def public_figures(
    session: Session,
    region: str,
    loci: Loci,
    specs: Sequence[ServiceSpec],
    definitions: Path,
    *,
    now: datetime | None = None,
) -> PublicFigures | None:
    """The region's public figures, or None when it is not a locus (no page for other codes)."""
    now = now or utcnow()
    locus = loci.by_region.get(region)
    if locus is None:
        return None
    titles = {spec.id: spec for spec in specs}
    offered = offered_there(specs, region, definitions, loci)
    stats = performance_stats.read(session, region)
    rows = _services(session, region, offered, titles, {}, stats, now)
    # a public page lists the citizens' services: not the region's own application to join MPP Digital
    citizens = {spec.id for spec in for_citizens(offered)}
    own = {spec.id for spec in specs} - {spec.id for spec in for_citizens(specs)}
    shown = [row for row in rows if row.service_id not in own and (row.service_id in citizens or row.figures.decided)]
    return PublicFigures(region, locus.name, Figures.of(stats.get(region)), shown, now, stats.computed_at)
