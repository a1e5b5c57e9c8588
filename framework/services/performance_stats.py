"""The statistics table: every region's, service's and step's decision figures, ranked by the worker.

Measured with 1,000,000 applications (docs/performance.md): ranking the
quarter's 217,000 decisions for the overview took 2.3 s on SQLite in SQL,
and reading them into Python 0.8 s — far over the overview's one-second
budget, on every view. So ``mpp worker`` runs :func:`refresh` as an idle chore
(every ``--figures`` seconds, 300 by default), and the pages read its rows.
What a refresh computes comes from ``application_figures`` and
``step_visits``, which the moves themselves keep exact
(``framework.services.figures``); a refresh replaces the whole table in one
transaction, so a page never mixes two refreshes. What is cheap to read live
stays live: applications filed, the last filing (the inactive flag),
complaints, what waits and is overdue in one region now.

A region's figures are its citizens' applications: the applications of the
ministry's own services (``ministry_services``: a region's application to
join MPP Digital, decided by the ministry) keep their own service and step
rows, but count neither in the region's nor in the nation's figures, here
and in every live query of the pages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, true
from sqlalchemy.orm import Session

from framework.services.figures import AUTO_APPROVED, DECISIONS
from framework.services.percentiles import Spread, spread_of
from framework.store.models import Application, DefinitionSnapshot
from framework.store.performance import ApplicationFigures as F
from framework.store.performance import PerformanceStat, StepVisit
from framework.store.types import utcnow
from framework.workflow.offering import filed_by_region
from framework.workflow.pinning import spec_of_hash

PERIOD_DAYS = 90
EVERY = ""  # the service or step column of a region's (or a service's) own row
NATION = (EVERY, EVERY, EVERY)  # every decision in the country


@dataclass(frozen=True)
class Decisions:
    """One group's decisions in the period: how many, how long (working minutes), how they went."""

    decided: int = 0
    spread: Spread | None = None
    within_sla: int = 0
    with_sla: int = 0
    returned: int = 0
    rejected: int = 0
    overdue: int = 0
    # steps approved by their deadline with no officer (fiktif positif): on a step's row, its own; on a service's
    # and a region's, all of theirs
    auto_approved: int = 0


@dataclass(frozen=True)
class Stats:
    """A refresh as the pages read it: rows by (region, service, step), and when they were computed."""

    rows: dict[tuple[str, str, str], Decisions]
    computed_at: datetime | None

    def get(self, region: str, service: str = EVERY, step: str = EVERY) -> Decisions:
        return self.rows.get((region, service, step), Decisions())


_MINISTRY: dict[str, tuple[str, bool]] = {}  # content hash -> (service, the ministry's own): snapshots never change


def ministry_services(session: Session) -> frozenset[str]:
    """The services whose applications are a region's own to the ministry (``filed_by_region``), not a citizen's.

    Judged by the definitions the applications were filed under (the
    snapshots), so the worker's refresh, which holds no catalog, and the pages
    apply the same rule to the same applications. Each snapshot is judged once
    per process: a later look-up is one read of the hashes.
    """
    own: set[str] = set()
    for content_hash in session.scalars(select(DefinitionSnapshot.content_hash)):
        known = _MINISTRY.get(content_hash)
        if known is None:
            spec = spec_of_hash(session, content_hash)
            known = _MINISTRY[content_hash] = (spec.id, filed_by_region(spec))
        if known[1]:
            own.add(known[0])
    return frozenset(own)


def citizen_terms(column: Any, ministry: frozenset[str]) -> Any:
    """``column`` (a service id) is not one of ``ministry``'s: an application that counts in a region's figures."""
    return column.not_in(sorted(ministry)) if ministry else true()


def decision_terms(now: datetime) -> list:
    return [F.decided_at >= now - timedelta(days=PERIOD_DAYS), F.decided_at <= now, F.outcome.in_(DECISIONS)]


@dataclass
class _Tally:
    """A group's decisions as they are read: counts, and every processing time to rank."""

    minutes: list[int] = field(default_factory=list)
    within_sla: int = 0
    with_sla: int = 0
    returned: int = 0
    rejected: int = 0
    auto_approved: int = 0

    def add(self, minutes: int, within: bool | None, returns: int, outcome: str | None) -> None:
        self.minutes.append(minutes)
        self.within_sla += 1 if within else 0
        self.with_sla += 0 if within is None else 1
        self.returned += 1 if returns else 0
        self.rejected += 1 if outcome == "rejected" else 0

    def absorb(self, other: _Tally) -> None:
        """Add ``other``'s decisions to these (a region's services make the region, regions the nation)."""
        self.minutes.extend(other.minutes)
        self.within_sla += other.within_sla
        self.with_sla += other.with_sla
        self.returned += other.returned
        self.rejected += other.rejected
        self.auto_approved += other.auto_approved

    def decisions(self) -> Decisions:
        counts = (self.within_sla, self.with_sla, self.returned, self.rejected)
        return Decisions(len(self.minutes), spread_of(self.minutes), *counts, auto_approved=self.auto_approved)


def _region_rows(
    session: Session, region: str, now: datetime, nation: _Tally, ministry: frozenset[str]
) -> dict[tuple[str, str, str], Decisions]:
    """One region's rows: its own, one per service, one per (service, step); its decisions join the nation's.

    The ``ministry``'s services keep their service and step rows (the region's page shows that application's
    wait), but their decisions are not the region's, nor the nation's.

    Read with one index range each (``ix_figures_region_decided``, ``ix_step_visits_region``), as plain
    rows (no ORM objects), and ranked here: a region's quarter is a few thousand values, and SQLite's
    window functions were the refresh's slowest part.
    """
    connection = session.connection()
    services: dict[str, _Tally] = defaultdict(_Tally)
    query = select(F.service_id, F.step_minutes, F.within_sla, F.returns, F.outcome).where(
        F.region == region, *decision_terms(now)
    )
    for service, minutes, within, returns, outcome in connection.execute(query).all():
        services[service].add(minutes, within, returns, outcome)
    waits: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_deadline: dict[tuple[str, str], int] = defaultdict(int)
    since = now - timedelta(days=PERIOD_DAYS)
    visits = select(StepVisit.service_id, StepVisit.step, StepVisit.minutes, StepVisit.action).where(
        StepVisit.region == region, StepVisit.left_at >= since, StepVisit.left_at <= now
    )
    for service, step, minutes, action in connection.execute(visits).all():
        waits[(service, step)].append(minutes)
        if action == AUTO_APPROVED:
            by_deadline[(service, step)] += 1
            services[service].auto_approved += 1
    own = _Tally()
    rows = {}
    for service, tally in services.items():
        rows[(region, service, EVERY)] = tally.decisions()
        if service not in ministry:
            own.absorb(tally)
    if own.minutes or own.auto_approved:
        rows[(region, EVERY, EVERY)] = own.decisions()
        nation.absorb(own)
    for (service, step), waited in waits.items():
        rows[(region, service, step)] = Decisions(
            len(waited), spread_of(waited), auto_approved=by_deadline[(service, step)]
        )
    return rows


def _overdue(session: Session, now: datetime, ministry: frozenset[str]) -> dict[str, int]:
    """Citizens' applications past their step's deadline per region (``due_at`` is set only while at a step)."""
    query = (
        select(Application.region, func.count())
        .where(Application.due_at < now, citizen_terms(Application.service_id, ministry))
        .group_by(Application.region)
    )
    return {region: int(count) for region, count in session.execute(query)}


def distinct_regions() -> Any:
    """The regions of ``application_figures``, each found by one seek in ``ix_figures_filed``.

    A recursive query that skips from one region to the next: sixty index
    look-ups, not a scan of a million rows (neither database skips by itself).
    """
    walk = F.__table__.alias("region_walk")
    start = select(func.min(walk.c.region).label("region")).cte("regions", recursive=True)
    following = F.__table__.alias("region_next")
    step = select(
        select(func.min(following.c.region)).where(following.c.region > start.c.region).scalar_subquery()
    ).where(start.c.region.is_not(None))
    return start.union_all(step)


def refresh(session: Session, now: datetime | None = None) -> int:
    """Recompute the whole table as of ``now``, in one transaction; returns the number of rows."""
    now = now or utcnow()
    regions = distinct_regions()
    nation = _Tally()
    ministry = ministry_services(session)
    rows: dict[tuple[str, str, str], Decisions] = {}
    for region in session.scalars(select(regions.c.region).where(regions.c.region.is_not(None))):
        rows.update(_region_rows(session, region, now, nation, ministry))
    for region, late in _overdue(session, now, ministry).items():
        rows[(region, EVERY, EVERY)] = _with_overdue(rows.get((region, EVERY, EVERY), Decisions()), late)
    rows[NATION] = nation.decisions()  # always written: it holds the refresh's time
    session.execute(delete(PerformanceStat))
    session.execute(insert(PerformanceStat), [_stored(key, found, now) for key, found in rows.items()])
    session.commit()
    return len(rows)


def _with_overdue(found: Decisions, late: int) -> Decisions:
    return replace(found, overdue=late)


def _stored(key: tuple[str, str, str], found: Decisions, now: datetime) -> dict[str, Any]:
    region, service, step = key
    return {
        "region": region,
        "service_id": service,
        "step": step,
        "decided": found.decided,
        "median_minutes": found.spread.median if found.spread else None,
        "p90_minutes": found.spread.p90 if found.spread else None,
        "within_sla": found.within_sla,
        "with_sla": found.with_sla,
        "returned": found.returned,
        "rejected": found.rejected,
        "overdue": found.overdue,
        "auto_approved": found.auto_approved,
        "computed_at": now,
    }


def read(session: Session, region: str | None = None, *, regions_only: bool = False) -> Stats:
    """The last refresh: every row, one region's rows (and the nation's), or only the regions' own rows."""
    query = select(PerformanceStat)
    if region is not None:
        query = query.where(PerformanceStat.region.in_((region, EVERY)))
    if regions_only:
        query = query.where(PerformanceStat.service_id == EVERY, PerformanceStat.step == EVERY)
    rows, stamp = {}, None
    for row in session.scalars(query):
        spread = (
            Spread(row.decided, row.median_minutes, row.p90_minutes)
            if row.median_minutes is not None and row.p90_minutes is not None
            else None
        )
        rows[(row.region, row.service_id, row.step)] = Decisions(
            row.decided,
            spread,
            row.within_sla,
            row.with_sla,
            row.returned,
            row.rejected,
            row.overdue,
            row.auto_approved,
        )
        stamp = row.computed_at
    if stamp is None:
        stamp = session.scalar(select(func.max(PerformanceStat.computed_at)))
    return Stats(rows, stamp)
