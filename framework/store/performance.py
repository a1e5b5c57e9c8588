"""What the ministry's figures are computed from: one row per application, one per visit of a step.

Derived data, written by ``framework.services.figures`` in the same
transaction as every move of an application (so a figure never disagrees
with the application's state), rebuildable from the history with
``mpp figures rebuild``. Working time (08:00–16:00 WIB, Monday to Friday,
without national holidays) cannot be computed by SQL, so it is computed once,
when an application leaves a step, and stored here in working minutes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from framework.store.models import Base
from framework.store.types import BigId


class ApplicationFigures(Base):
    """One application as the statistics see it: where, when, how long at the steps, how it ended."""

    __tablename__ = "application_figures"
    __table_args__ = (
        # applications filed per region (and service) in a period, and the last one filed
        Index("ix_figures_filed", "region", "submitted_at", "service_id"),
        # decisions of a period, with everything the overview aggregates (an index-only scan)
        Index("ix_figures_decided", "decided_at", "region", "outcome", "step_minutes", "within_sla", "returns"),
        # a region's page: its decisions per service
        Index(
            "ix_figures_region_decided",
            "region",
            "decided_at",
            "service_id",
            "outcome",
            "step_minutes",
            "within_sla",
            "returns",
        ),
        # a region's applications of one service, newest first, a page at a time (migration 0021)
        Index("ix_figures_service_filed", "region", "service_id", "submitted_at", "application_id"),
    )

    application_id: Mapped[int] = mapped_column(BigId, ForeignKey("applications.id"), primary_key=True)
    region: Mapped[str] = mapped_column(String(16))
    service_id: Mapped[str] = mapped_column(String(120))
    submitted_at: Mapped[datetime]
    state_since: Mapped[datetime]  # when it entered its present state: the start of the wait that ends next
    returns: Mapped[int] = mapped_column(Integer, default=0)  # times returned to the applicant
    step_minutes: Mapped[int] = mapped_column(Integer, default=0)  # working minutes spent at steps (the SLA clock)
    sla_minutes: Mapped[int | None] = mapped_column(Integer)  # the standard's time limit of the version filed under
    decided_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))  # approved, rejected or withdrawn
    within_sla: Mapped[bool | None] = mapped_column(Boolean)  # approved or rejected within sla_minutes


class StepVisit(Base):
    """An application's stay at one step: entered, left, the working minutes between, and what ended it."""

    __tablename__ = "step_visits"
    __table_args__ = (Index("ix_step_visits_region", "region", "left_at", "service_id", "step", "minutes"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    application_id: Mapped[int] = mapped_column(BigId, ForeignKey("applications.id"), index=True)
    region: Mapped[str] = mapped_column(String(16))
    service_id: Mapped[str] = mapped_column(String(120))
    step: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[datetime]
    left_at: Mapped[datetime]
    minutes: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))  # approve, return, reject, or the system's deadline action


class PerformanceStat(Base):
    """The decision figures of one region, service or step over the period, as the worker last computed them.

    Exact medians need every value, and a quarter of national decisions is
    too many to rank on each page view (docs/performance.md): the worker
    ranks them every few minutes (``framework.services.performance_stats``)
    and the pages read these rows. ``service`` and ``step`` are empty for a
    region's own row, ``step`` for a service's.
    """

    __tablename__ = "performance_stats"

    region: Mapped[str] = mapped_column(String(16), primary_key=True)
    service_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    step: Mapped[str] = mapped_column(String(64), primary_key=True)
    decided: Mapped[int] = mapped_column(Integer)  # approvals and rejections in the period; visits for a step
    median_minutes: Mapped[float | None] = mapped_column(Float)
    p90_minutes: Mapped[int | None] = mapped_column(Integer)
    within_sla: Mapped[int] = mapped_column(Integer)
    with_sla: Mapped[int] = mapped_column(Integer)
    returned: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    overdue: Mapped[int] = mapped_column(Integer)  # past the step's deadline when computed (regions only)
    # steps approved by their deadline with no officer (fiktif positif), migration 0020
    auto_approved: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    computed_at: Mapped[datetime]


class OnboardedLocus(Base):
    """A kabupaten/kota that joined MPP Digital through an approved onboarding application."""

    __tablename__ = "onboarded_loci"

    region: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    cohort: Mapped[str] = mapped_column(String(7))  # the month it joined, `2026-08`
    services: Mapped[list[Any]] = mapped_column(default=list)  # patterns such as `adminduk.*`
    tracking_number: Mapped[str] = mapped_column(String(16))
    joined_at: Mapped[datetime]
