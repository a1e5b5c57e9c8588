"""The officer's queue: what waits at the steps of their role, inside their area, oldest due first.

Generated from the definitions: an officer's work is every (service, step)
whose ``role`` is theirs. The same scope rule as deciding
(`Actor.covers` on the application's area) is written here as an index range,
so a desa front office sees its desa only and the query stays fast with a
million applications (index ``ix_applications_area_queue``: state, area,
service, due). A search by NIK is a read of personal data and is audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select, true
from sqlalchemy.orm import Session

from framework.core.errors import FieldError, field_error
from framework.core.numbers import page_within
from framework.core.patterns import NIK
from framework.core.personal import NikDigester, mask_nik
from framework.core.text import Text
from framework.definition.catalog import Catalog
from framework.definition.model import ServiceSpec
from framework.services import audit_trail
from framework.services import tracking_numbers as tracking
from framework.services.open_versions import open_versions
from framework.services.records import STATE_LABELS
from framework.services.scope import in_scope
from framework.store.models import Application, TransitionRecord
from framework.store.types import utcnow
from framework.workflow.actors import Actor
from framework.workflow.calendar import WIB, minutes_left, zone_of
from framework.workflow.machine import CITIZEN, DECIDED_STATES, OFFICER_ACTIONS, SYSTEM
from framework.workflow.pinning import spec_of_hash

PAGE_SIZE = 50
STATUSES = ("waiting", "returned")  # at my step / returned by my step, waiting for the citizen
BAD_SEARCH = Text(
    "Ketik nomor pelacakan (mis. K7QM-XRP3D) atau NIK 16 angka.",
    "Type a tracking number (e.g. K7QM-XRP3D) or a 16-digit NIK.",
)


@dataclass(frozen=True)
class QueueFilters:
    """What the officer narrowed the queue to (all optional)."""

    service: str = ""
    step: str = ""
    overdue: bool = False
    submitted_from: date | None = None
    submitted_to: date | None = None
    search: str = ""
    status: str = "waiting"
    page: int = 1


DATES_REVERSED = field_error(
    "sampai", "date_order", "Tanggal akhir sebelum tanggal awal.", "The end date is before the start date."
)


def in_date_order(filters: QueueFilters) -> tuple[QueueFilters, list[FieldError]]:
    """An end date before the start date cannot mean anything: located at the end's box, and the queue not
    narrowed by it (a reversed range would show "0 permohonan" as if nothing waited)."""
    first, last = filters.submitted_from, filters.submitted_to
    if first is None or last is None or first <= last:
        return filters, []
    return replace(filters, submitted_from=None, submitted_to=None), [DATES_REVERSED]


@dataclass(frozen=True)
class QueueRow:
    tracking_number: str
    service_id: str
    service_title: Text
    step_id: str
    step_title: Text
    submitted_at: datetime | None
    due_at: datetime | None
    minutes_left: int | None  # working minutes to the deadline; negative when overdue
    returned: bool
    resubmitted: bool
    at_counter: bool
    nik: str  # masked unless the officer searched for exactly this NIK

    @property
    def overdue(self) -> bool:
        return self.minutes_left is not None and self.minutes_left < 0


@dataclass(frozen=True)
class StepCount:
    service_id: str
    service_title: Text
    step_id: str
    step_title: Text
    waiting: int
    overdue: int


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    counts: list[StepCount]
    filters: QueueFilters
    search_error: Text | None = None
    services: list[tuple[str, Text]] = field(default_factory=list)  # the officer's services, for the filter
    steps: list[tuple[str, Text]] = field(default_factory=list)  # the officer's steps, for the filter


@dataclass(frozen=True)
class _Work:
    """The officer's (service, step) pairs, from the live definitions and the older versions still open.

    ``only``: the pairs that hold the officer's applications under some versions
    only (content hashes); ``but``: the pairs whose applications under these
    versions belong to another role. Both are empty unless a version with open
    applications renamed a step or gave it to another role (``open_versions``).
    """

    specs: dict[str, ServiceSpec]
    pairs: frozenset[tuple[str, str]]
    older: dict[str, ServiceSpec] = field(default_factory=dict)  # by content hash
    only: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    but: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    def narrowed(self, filters: QueueFilters) -> frozenset[tuple[str, str]]:
        return frozenset(
            (service, step)
            for service, step in self.pairs
            if (not filters.service or service == filters.service) and (not filters.step or step == filters.step)
        )

    def spec_for(self, service_id: str, content_hash: str) -> ServiceSpec | None:
        """The version an application was filed under, when it is the live one or an older one in the queue."""
        return self.older.get(content_hash) or self.specs.get(service_id)

    def step_title(self, service_id: str, step_id: str) -> Text:
        versions = [self.specs[service_id], *(s for s in self.older.values() if s.id == service_id)]
        return next((step.title for spec in versions for step in spec.steps if step.id == step_id), Text(step_id))


def _work(actor: Actor, live: dict[str, ServiceSpec], older: Iterable[ServiceSpec]) -> _Work:
    """The officer's steps in every version that has them, and which versions each (service, step) pair means."""
    by_hash = {spec.content_hash: spec for spec in older if spec.id in live}
    pairs = work_of(actor, live.values()) | work_of(actor, by_hash.values())
    only, but = {}, {}
    for service, step_id in pairs:
        versions = [live[service], *(s for s in by_hash.values() if s.id == service)]
        roles = {spec.content_hash: _role(spec, step_id) for spec in versions}
        mine = frozenset(h for h, role in roles.items() if role == actor.role)
        others = frozenset(h for h, role in roles.items() if role not in (None, actor.role))
        if live[service].content_hash not in mine:
            only[(service, step_id)] = mine  # the live version has no such step of this role
        elif others:
            but[(service, step_id)] = others
    return _Work(live, pairs, by_hash, only, but)


def _role(spec: ServiceSpec, step_id: str) -> str | None:
    return next((step.role for step in spec.steps if step.id == step_id), None)


def work_of(actor: Actor, specs: Iterable[ServiceSpec]) -> frozenset[tuple[str, str]]:
    """(service id, step id) of every step whose role is the officer's."""
    return frozenset((spec.id, step.id) for spec in specs for step in spec.steps if step.role == actor.role)


def _at_steps(column: Any, pairs: frozenset[tuple[str, str]], work: _Work) -> ColumnElement[bool]:
    """``column`` (state, or returned_from) is one of the steps, for their services; one index seek per step id.

    A pair that means some versions only (``work.only`` / ``work.but``) is a term of its own, with the content hash.
    """
    by_step: dict[str, set[str]] = {}
    pinned = []
    for service, step in sorted(pairs):
        if (service, step) in work.only:
            hashes = sorted(work.only[(service, step)])
            pinned.append(and_(column == step, Application.service_id == service, Application.content_hash.in_(hashes)))
        elif (service, step) in work.but:
            hashes = sorted(work.but[(service, step)])
            pinned.append(
                and_(column == step, Application.service_id == service, Application.content_hash.not_in(hashes))
            )
        else:
            by_step.setdefault(step, set()).add(service)
    if not by_step and not pinned:
        return false()
    return or_(
        *(
            and_(column == step, Application.service_id.in_(sorted(services)))
            for step, services in sorted(by_step.items())
        ),
        *pinned,
    )


def still_filed_under(
    session: Session, actor: Actor, offered: Iterable[ServiceSpec], catalog: Catalog
) -> list[ServiceSpec]:
    """The withdrawn services that still have applications open in the officer's area.

    Why: a withdrawn service takes no new applications, but those already
    filed continue to their decision; their steps must stay in the queue,
    under the definition they were filed with (the newest such one per
    service). Asks the database only when the catalog has a withdrawn
    service, and only about those.
    """
    withdrawn = catalog.withdrawn - {spec.id for spec in offered}
    if not withdrawn:
        return []
    scope = in_scope(Application.area, actor.region) if actor.region else true()
    newest = func.max(Application.submitted_at)
    found = session.execute(
        select(Application.service_id, Application.content_hash, newest)
        .where(Application.service_id.in_(sorted(withdrawn)), scope)
        .where(Application.state.not_in(DECIDED_STATES | {"draft"}))
        .group_by(Application.service_id, Application.content_hash)
        .order_by(newest)
    ).all()
    pinned = {service_id: content_hash for service_id, content_hash, _ in found}  # the newest hash wins
    return [spec_of_hash(session, content_hash, catalog.codelists) for content_hash in pinned.values()]


def officer_queue(
    session: Session,
    actor: Actor,
    specs: Iterable[ServiceSpec],
    filters: QueueFilters,
    *,
    now: datetime | None = None,
    page_size: int = PAGE_SIZE,
    codelists: Mapping[str, Any] | None = None,
    digester: NikDigester | None = None,
) -> QueuePage:
    """One page of the officer's queue, its total and the counts per step.

    ``digester``: the app's (``framework.web.lookup_audit.nik_digester``), which keys the digest of a
    searched NIK in the audit trail; a search by NIK without one is refused (ValueError), never audited
    under no key.

    The steps come from the live definitions and from the older versions that
    still have open applications here: each application waits at its step in
    the version it was filed under, for that step's role.
    """
    now = now or utcnow()
    catalog = {spec.id: spec for spec in specs}
    older = open_versions(session, actor, catalog.values(), codelists) if actor.is_officer else []
    work = _work(actor, catalog, older)
    options = _options(work)
    if not actor.is_officer or not (actor.region or actor.national) or not work.pairs:
        return QueuePage([], 0, 1, 1, [], filters, services=options[0], steps=options[1])
    scope = in_scope(Application.area, actor.region) if actor.region else true()  # national: ministry staff
    conditions, searched_nik, error = _conditions(work, filters, now, actor)
    if error is not None:
        return QueuePage([], 0, 1, 1, _counts(session, work, scope, now), filters, error, options[0], options[1])
    if searched_nik:
        _audit_search(session, actor, searched_nik, digester)
    where = and_(scope, *conditions)
    counts = _counts(session, work, scope, now)
    total = (
        sum(count.waiting for count in counts)
        if filters == QueueFilters(page=filters.page)  # nothing narrowed: the counts per step add up to it
        else int(session.scalar(select(func.count()).select_from(Application).where(where)) or 0)
    )
    page, pages = page_within(filters.page, total, page_size)
    rows = [_row(work, found, now, searched_nik) for found in _page_rows(session, where, page, page_size)]
    return QueuePage(
        rows,
        total,
        page,
        pages,
        counts,
        replace(filters, page=page),
        None,
        options[0],
        options[1],
    )


def _conditions(
    work: _Work, filters: QueueFilters, now: datetime, actor: Actor
) -> tuple[list[ColumnElement[bool]], str | None, Text | None]:
    """(WHERE terms, the NIK searched for, a search error).

    A search also finds the applications the officer decided a step of
    (moved on, returned, decided): "where is the one I approved yesterday?"
    is what an officer searches for most. Only a search does: it names one
    application or one applicant, so the history is asked about a handful.
    """
    pairs = work.narrowed(filters)
    if filters.status == "returned":
        at_step = and_(Application.state == "returned", _at_steps(Application.returned_from, pairs, work))
    else:
        at_step = _at_steps(Application.state, pairs, work)
    searched = "".join(filters.search.split())
    terms = [or_(at_step, _handled_by(actor, work, filters)) if searched else at_step]
    if filters.overdue:
        terms.append(Application.due_at < now)
    if filters.submitted_from and (start := _wib_midnight(filters.submitted_from)) is not None:
        terms.append(Application.submitted_at >= start)
    if filters.submitted_to and (end := _wib_midnight(filters.submitted_to, days_later=1)) is not None:
        terms.append(Application.submitted_at < end)
    if not searched:
        return terms, None, None
    if NIK.match(searched):
        return [*terms, Application.applicant_nik == searched], searched, None
    try:
        number = tracking.parse(searched)
    except tracking.TrackingNumberError:
        return terms, None, BAD_SEARCH
    return [*terms, Application.tracking_number == number], None, None


def _handled_by(actor: Actor, work: _Work, filters: QueueFilters) -> ColumnElement[bool]:
    """Applications of the officer's services where the officer's account decided a step."""
    services = [filters.service] if filters.service else sorted(work.specs)
    acted = (
        select(TransitionRecord.id)
        .where(TransitionRecord.application_id == Application.id, TransitionRecord.actor == actor.id)
        .where(TransitionRecord.action.in_(OFFICER_ACTIONS), TransitionRecord.role.not_in((CITIZEN, SYSTEM)))
        .exists()
    )
    return and_(Application.service_id.in_(services), acted)


def _wib_midnight(day: date, days_later: int = 0) -> datetime | None:
    """Midnight WIB ``days_later`` days after ``day``, in UTC; None past what a datetime holds.

    Why None: 0001-01-01 00:00 WIB is still year 0 in UTC, and the day after
    9999-12-31 does not exist; such a bound excludes nothing, so the filter
    drops it instead of failing.
    """
    try:
        return datetime.combine(day + timedelta(days=days_later), time(0, 0), tzinfo=WIB).astimezone(UTC)
    except OverflowError:
        return None


def _audit_search(session: Session, actor: Actor, nik: str, digester: NikDigester | None) -> None:
    """Which applications a person has is personal data: the search is audited (the NIK masked, and its digest)."""
    if digester is None:
        raise ValueError("a search by NIK is audited with the app's NIK digester: pass digester=")
    details = {**digester.person_details(nik), "personal_data": True}
    audit_trail.record(session, actor, "queue.search_nik", None, details)
    session.commit()


# what a queue row shows: never the answers, prefill or documents (JSON the list does not need)
QUEUE_COLUMNS = (
    Application.tracking_number,
    Application.service_id,
    Application.content_hash,
    Application.state,
    Application.current_step,
    Application.returned_from,
    Application.submitted_at,
    Application.due_at,
    Application.resubmitted_at,
    Application.filed_by,
    Application.applicant_nik,
    Application.region,  # whose office hours the deadline counts in
)


def _page_rows(session: Session, where: ColumnElement[bool], page: int, page_size: int) -> list[Any]:
    """One page in deadline order: the ids first, from the queue index alone, then just those rows.

    Why two steps: sorting the officer's thousands of waiting applications by
    deadline needs only index columns; reading whole rows for all of them to
    keep fifty was most of the page's time with a million applications.
    """
    order = (Application.due_at.is_(None), Application.due_at, Application.id)
    ids = list(
        session.scalars(
            select(Application.id).where(where).order_by(*order).limit(page_size).offset((page - 1) * page_size)
        )
    )
    if not ids:
        return []
    return list(session.execute(select(*QUEUE_COLUMNS).where(Application.id.in_(ids)).order_by(*order)))


def _row(work: _Work, application: Any, now: datetime, searched_nik: str | None) -> QueueRow:
    spec = work.spec_for(application.service_id, application.content_hash)
    step_id = application.current_step or application.returned_from or application.state
    step = next((s for s in spec.steps if s.id == step_id), None) if spec else None
    return QueueRow(
        tracking_number=application.tracking_number,
        service_id=application.service_id,
        service_title=spec.title if spec else Text(application.service_id),
        step_id=step_id,
        step_title=step.title if step else STATE_LABELS.get(step_id, Text(step_id)),  # a decided one: its state
        submitted_at=application.submitted_at,
        due_at=application.due_at,
        minutes_left=minutes_left(application.due_at, now, zone_of(application.region)),
        returned=application.state == "returned",
        resubmitted=application.resubmitted_at is not None,
        at_counter=application.filed_by is not None,
        nik=application.applicant_nik
        if application.applicant_nik == searched_nik
        else mask_nik(application.applicant_nik),
    )


def _counts(session: Session, work: _Work, scope: ColumnElement[bool], now: datetime) -> list[StepCount]:
    """Waiting and overdue per (service, step) of the officer, in their area (filters aside)."""
    overdue = func.sum(case((Application.due_at < now, 1), else_=0))
    query = (
        select(Application.service_id, Application.state, func.count(), overdue)
        .where(scope, _at_steps(Application.state, work.pairs, work))
        .group_by(Application.service_id, Application.state)
    )
    found = {(service, step): (int(count), int(late or 0)) for service, step, count, late in session.execute(query)}
    counts = []
    for service, step_id in sorted(work.pairs):
        waiting, late = found.get((service, step_id), (0, 0))
        if waiting:
            title = work.specs[service].title
            counts.append(StepCount(service, title, step_id, work.step_title(service, step_id), waiting, late))
    return counts


def _options(work: _Work) -> tuple[list[tuple[str, Text]], list[tuple[str, Text]]]:
    """The officer's services and steps, for the filter form."""
    services = sorted({service for service, _ in work.pairs})
    steps: dict[str, Text] = {}
    for service, step_id in sorted(work.pairs):
        steps.setdefault(step_id, work.step_title(service, step_id))
    return [(service, work.specs[service].title) for service in services], sorted(steps.items())
