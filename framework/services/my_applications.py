"""A citizen's own applications, sorted the way they act on them: returned, in progress, decided.

`/permohonan-saya` reads this; so could the API. What each one needs is decided
here once: a returned application names each field to fix with the officer's
reason, an application in progress its current step and how many working days
are left before its deadline, a decided one the decision, the reason given
and whether a product can be downloaded. Drafts are not applications (they
live in the draft store), so the page lists them beside these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.core.text import Text
from framework.definition.model import ServiceSpec
from framework.services.records import state_label
from framework.services.return_reasons import general_note, labels_of, last_return, reasons_given
from framework.store.models import Application
from framework.workflow.calendar import MINUTES_PER_DAY, working_minutes_between, zone_of
from framework.workflow.machine import DECIDED_STATES
from framework.workflow.pinning import spec_of

LIMIT = 100  # the newest; older ones stay reachable by tracking number
RETURNED, IN_PROGRESS, DECIDED = "returned", "in_progress", "decided"


@dataclass(frozen=True)
class ToFix:
    """One field or document the officer asked to be fixed, and why (the reason may be empty)."""

    id: str
    label: Text
    reason: str = ""


@dataclass(frozen=True)
class MyApplication:
    tracking_number: str
    service: Text
    state: str
    state_label: Text
    group: str  # RETURNED, IN_PROGRESS or DECIDED
    submitted_at: datetime | None
    step: Text | None = None  # in progress: the step it waits at
    due_at: datetime | None = None
    working_days_left: int | None = None  # whole working days before the deadline (0: due today)
    overdue: bool = False
    reason: str | None = None  # returned: the officer's note; decided: the reason given with the decision
    to_fix: tuple[ToFix, ...] = field(default_factory=tuple)
    decided_at: datetime | None = None
    has_product: bool = False
    region: str = ""  # its times are shown in the region's zone (WIB, WITA, WIT)


def my_applications(
    session: Session, applicant_nik: str, now: datetime, codelists: Mapping[str, Any] | None = None
) -> list[MyApplication]:
    """The citizen's applications, newest first (at most ``LIMIT``)."""
    query = (
        select(Application)
        .where(Application.applicant_nik == applicant_nik)
        .order_by(Application.submitted_at.desc(), Application.id.desc())
        .limit(LIMIT)
    )
    return [
        _describe(application, spec_of(session, application, codelists), now) for application in session.scalars(query)
    ]


def _describe(application: Application, spec: ServiceSpec, now: datetime) -> MyApplication:
    common = MyApplication(
        tracking_number=application.tracking_number,
        service=spec.title,
        state=application.state,
        state_label=state_label(spec, application.state),
        group=IN_PROGRESS,
        submitted_at=application.submitted_at,
        region=application.region,
    )
    if application.state == "returned":
        to_fix = _to_fix(application, spec)
        return replace(
            common,
            group=RETURNED,
            reason=general_note(application.return_reason, last_return(application.history), labels_of(spec)),
            to_fix=to_fix,
        )
    if application.state in DECIDED_STATES:
        return replace(
            common,
            group=DECIDED,
            reason=_decision_reason(application),
            decided_at=application.decided_at,
            has_product=bool(application.product_ref),
        )
    step = next((s for s in spec.steps if s.id == application.state), None)
    left = working_minutes_between(now, application.due_at, zone_of(application.region)) if application.due_at else None
    return replace(
        common,
        step=step.title if step else None,
        due_at=application.due_at,
        working_days_left=None if left is None else left // MINUTES_PER_DAY,
        overdue=application.due_at is not None and now > application.due_at,
    )


def _to_fix(application: Application, spec: ServiceSpec) -> tuple[ToFix, ...]:
    """Each returned field with its label and the officer's reason for it (from the return's history entry)."""
    labels = labels_of(spec)
    reasons = reasons_given(last_return(application.history))
    return tuple(
        ToFix(name, labels.get(name, Text(name)), reasons.get(name, "")) for name in application.return_fields or []
    )


def _decision_reason(application: Application) -> str | None:
    """The comment of the move that decided it (a rejection always has one)."""
    decisive = [record for record in application.history if record.to_state in DECIDED_STATES]
    return decisive[0].comment if decisive else None
