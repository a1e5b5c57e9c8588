"""One application as the ministry audits it: its path through the steps, without anyone's personal data.

Why a view apart from the officer's case file (``casefile.open_case``): the
ministry (and a region's admin and heads, who read the region's figures)
must trace a figure — "0% within the SLA, 7.3 days" — to the applications
behind it, but has no business with the applicant's data. What is kept here
is decided in one place, :func:`summarise`, a pure function from the stored
record to a :class:`CaseSummary` that has no field able to hold personal data:

- kept: the service and its version, the region, the state, the dates; each
  stay at a step with its working time against the step's SLA and what ended
  it (an officer's decision, or the deadline's: ``deadline:approve`` is
  fiktif positif); each move with the *role* that made it; the return and
  resubmission rounds with the labels (from the definition) of the fields
  the return named;
- left out: answers, prefill, documents, the applicant's NIK, comments and
  return reasons (free text that may hold names), complaints, and the acting
  officer's username. Usernames are chosen by each region and are often
  the officer's name; the applicant's own moves carry their NIK as actor;
  the role and the office's region say which desk acted, and a region's admin
  can tell the person from its own audit trail.

The durations are the figures' own: the history is replayed through
``figures.apply`` — the function that stores the ministry's figures — so the
summary's minutes are the minutes the region page adds up.

A read is audited (``application.summary``, ``personal_data: False``) like an
officer's read of a case file (``application.view``): who looked at which
application, when — the trail keeps every read of an application; the region
admin's list of personal-data reads does not show these, as none was read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from framework.core.text import Text
from framework.definition.model import ServiceSpec, StepSpec
from framework.services import applications, audit_trail
from framework.services.figures import AUTO_APPROVED, DEADLINE_PREFIX, NOT_STEPS, Filed, Move, apply, opening_figures
from framework.services.figures import sla_minutes as standard_minutes
from framework.services.move_words import action_words
from framework.services.records import STATE_LABELS, state_label
from framework.services.return_reasons import labels_of
from framework.store.application_record import ApplicationRecord, HistoryEntry
from framework.store.types import utcnow
from framework.workflow.actors import Actor
from framework.workflow.calendar import working_minutes_between, zone_of
from framework.workflow.errors import NotFound
from framework.workflow.machine import SYSTEM

NOT_FOUND = ("Permohonan tidak ditemukan.", "No application with that tracking number.")
READ_ACTION = "application.summary"


@dataclass(frozen=True)
class StepStay:
    """One stay at a step: entered, left (None: there now), working minutes, against the step's own SLA."""

    step_id: str
    title: Text
    role: str  # the step's role in the definition
    sla_minutes: int | None
    entered_at: datetime
    left_at: datetime | None
    minutes: int
    ended_by: str | None  # approve, return, reject, withdraw, deadline:approve …; None while there
    acted_role: str | None  # the role of whoever ended it (``system`` for a deadline)

    @property
    def late(self) -> bool:
        return self.sla_minutes is not None and self.minutes > self.sla_minutes

    @property
    def auto_approved(self) -> bool:
        return self.ended_by == AUTO_APPROVED

    @property
    def ended_words(self) -> Text | None:
        return action_words(self.ended_by) if self.ended_by else None


@dataclass(frozen=True)
class TimelineMove:
    """One move of the history: when, from where to where, by which role — no actor, no comment."""

    at: datetime
    action: str
    from_label: Text
    to_label: Text
    role: str
    fields: list[Text] = field(default_factory=list)  # a return: the labels of the fields it named

    @property
    def words(self) -> Text:
        return action_words(f"{DEADLINE_PREFIX}{self.action}" if self.role == SYSTEM else self.action)


@dataclass(frozen=True)
class Round:
    """A return to the applicant and the resubmission that answered it (None: still waiting)."""

    returned_at: datetime
    from_step: Text
    fields: list[Text]
    resubmitted_at: datetime | None


@dataclass(frozen=True)
class CaseSummary:
    tracking_number: str
    service_id: str
    service_title: Text
    service_version: int
    region: str  # the kabupaten/kota
    area: str  # the most specific code known (a village's office may act on it)
    state: str
    state_label: Text
    submitted_at: datetime | None
    decided_at: datetime | None
    due_at: datetime | None
    minutes: int  # working minutes at steps, the present stay included
    sla_minutes: int | None  # the standard's limit of the version it was filed under
    stays: list[StepStay]
    moves: list[TimelineMove]
    rounds: list[Round]
    now: datetime

    @property
    def within_sla(self) -> bool | None:
        return None if self.sla_minutes is None else self.minutes <= self.sla_minutes

    @property
    def auto_approved(self) -> bool:
        """Approved, at one step or more, by the step's deadline with no officer deciding (fiktif positif)."""
        return any(stay.auto_approved for stay in self.stays)

    @property
    def overdue_minutes(self) -> int | None:
        """Working minutes past the present step's deadline; None when not overdue."""
        if self.due_at is None or self.state in NOT_STEPS or self.due_at >= self.now:
            return None
        return max(1, working_minutes_between(self.due_at, self.now, zone_of(self.region)))


def read_summary(
    session: Session,
    tracking_number: str,
    region: str,
    actor: Actor,
    *,
    codelists: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> CaseSummary:
    """The summary of an application filed in ``region`` (audited); NotFound for another region's or none.

    The caller has checked that ``actor`` may read ``region``'s figures
    (``region_performance.may_view``); an application of another region is
    *not found* here, as everywhere outside an officer's area.
    """
    if not actor.is_officer:
        raise NotFound(*NOT_FOUND)
    try:
        application = applications.find_viewed(session, tracking_number)
    except applications.BadRequest:
        raise NotFound(*NOT_FOUND) from None
    if application.region != region:
        raise NotFound(*NOT_FOUND)
    spec = applications.spec_of(session, application, codelists)
    audit_trail.record(
        session, actor, READ_ACTION, application.tracking_number, {"personal_data": False}, region=application.area
    )
    session.commit()
    return summarise(application, spec, now or utcnow())


def region_of(session: Session, tracking_number: str) -> str | None:
    """The kabupaten/kota an application was filed in (where its summary is), None for no such number."""
    try:
        return applications.find_viewed(session, tracking_number).region
    except (applications.BadRequest, NotFound):
        return None


def summarise(application: ApplicationRecord, spec: ServiceSpec, now: datetime) -> CaseSummary:
    """What may be shown of ``application`` without personal data (see the module's docstring)."""
    stays, minutes = _stays(application, spec, now)
    labels = labels_of(spec)
    return CaseSummary(
        tracking_number=application.tracking_number,
        service_id=spec.id,
        service_title=spec.title,
        service_version=application.service_version,
        region=application.region,
        area=application.area,
        state=application.state,
        state_label=state_label(spec, application.state),
        submitted_at=application.submitted_at,
        decided_at=application.decided_at,
        due_at=application.due_at,
        minutes=minutes,
        sla_minutes=standard_minutes(spec),
        stays=stays,
        moves=[_move(entry, spec, labels) for entry in application.history],
        rounds=_rounds(application.history, spec, labels),
        now=now,
    )


def _stays(application: ApplicationRecord, spec: ServiceSpec, now: datetime) -> tuple[list[StepStay], int]:
    """Each stay at a step, through the figures' own ``apply``; the working minutes at steps in all."""
    history = application.history
    if not history:
        return [], 0
    filed = Filed(application.id, application.region, application.service_id, application.submitted_at)
    figures = opening_figures(filed, standard_minutes(spec), history[0].at)
    stays = []
    for entry in history:
        visit = apply(figures, Move.recorded(entry.from_state, entry.to_state, entry.action, entry.at, entry.role))
        if visit is not None:
            stays.append(_stay(spec, visit.step, visit.entered_at, visit.left_at, visit.minutes, visit.action, entry))
    total = figures.step_minutes
    if application.state not in NOT_STEPS:  # waiting at a step now: the stay so far
        so_far = max(0, working_minutes_between(figures.state_since, now, zone_of(application.region)))
        stays.append(_stay(spec, application.state, figures.state_since, None, so_far, None, None))
        total += so_far
    return stays, total


def _stay(
    spec: ServiceSpec,
    step_id: str,
    entered: datetime,
    left: datetime | None,
    minutes: int,
    ended_by: str | None,
    entry: HistoryEntry | None,
) -> StepStay:
    step = _step(spec, step_id)
    limit = step.sla if step and step.sla else None
    return StepStay(
        step_id,
        step.title if step else Text(step_id),
        step.role if step else "",
        limit.working_hours * 60 if limit else None,
        entered,
        left,
        minutes,
        ended_by,
        entry.role if entry else None,
    )


def _step(spec: ServiceSpec, step_id: str) -> StepSpec | None:
    return next((step for step in spec.steps if step.id == step_id), None)


def _label(spec: ServiceSpec, state: str) -> Text:
    step = _step(spec, state)
    return step.title if step else STATE_LABELS.get(state, Text(state))


def _returned_labels(entry: HistoryEntry, labels: Mapping[str, Text]) -> list[Text]:
    """The definition's labels of the fields and documents a return named (labels, never values)."""
    named = (entry.fields or {}).get("fields") or []
    names = list(named) if isinstance(named, (list, tuple, Mapping)) else []
    return [labels.get(str(name), Text(str(name))) for name in names]


def _move(entry: HistoryEntry, spec: ServiceSpec, labels: Mapping[str, Text]) -> TimelineMove:
    fields = _returned_labels(entry, labels) if entry.to_state == "returned" else []
    return TimelineMove(
        entry.at, entry.action, _label(spec, entry.from_state), _label(spec, entry.to_state), entry.role, fields
    )


def _rounds(history: Sequence[HistoryEntry], spec: ServiceSpec, labels: Mapping[str, Text]) -> list[Round]:
    rounds: list[Round] = []
    for entry in history:
        if entry.to_state == "returned":
            fields = _returned_labels(entry, labels)
            rounds.append(Round(entry.at, _label(spec, entry.from_state), fields, None))
        elif entry.from_state == "returned" and rounds and rounds[-1].resubmitted_at is None:
            last = rounds[-1]
            rounds[-1] = Round(last.returned_at, last.from_step, last.fields, entry.at)
    return rounds
