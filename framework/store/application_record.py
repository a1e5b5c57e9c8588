"""An application with its history, read for viewing: plain frozen values, not ORM objects.

Why: showing one application (the API's tracking look-up, the officer's
case file, the signed-in applicant's tracking page) is the most frequent
read after the static pages, and loading it through the ORM — the row's
thirty columns and each history entry made into tracked objects, the
joined eager load set up again for every query — cost about twice the two
statements it runs. A view changes nothing, so it reads the rows with
:class:`~framework.store.prepared.Prepared` statements into the frozen
records below; anything that decides or writes still loads the ORM
``Application`` (``applications.find``).

The two statements (the application, then its history) each see the latest
committed data: a decision committed between them shows in the history one
look-up before it shows in the state. Taking them in one statement would
repeat the application's columns, JSON answers included, once per history
entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, exists, select

from framework.store.complaints import Complaint
from framework.store.models import Application, TransitionRecord
from framework.store.prepared import Prepared


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One row of ``transitions``, as ``TransitionRecord`` holds it."""

    from_state: str
    to_state: str
    action: str
    actor: str
    role: str
    comment: str | None
    fields: dict[str, Any]
    at: datetime


@dataclass(frozen=True, slots=True)
class ApplicationRecord:
    """One row of ``applications`` (every column, by the ORM attribute's name), its history, the complaints flag.

    ``applicant_has_complaints``: whether the applicant filed a complaint about
    it (``framework.store.complaints``), so a view reads complaints only when
    there are some.
    """

    id: int
    tracking_number: str
    service_id: str
    service_version: int
    content_hash: str
    region: str
    area: str
    applicant_nik: str
    state: str
    current_step: str | None
    answers: dict[str, Any]
    prefill: dict[str, Any]
    documents: dict[str, Any]
    created_at: datetime
    submitted_at: datetime | None
    due_at: datetime | None
    decided_at: datetime | None
    issued_at: datetime | None
    product_ref: str | None
    returned_from: str | None
    return_reason: str | None
    return_fields: list[Any]
    purged_at: datetime | None
    sla_paused_minutes: int | None
    overdue_since: datetime | None
    escalated_at: datetime | None
    resubmitted_at: datetime | None
    filed_by: str | None
    version: int
    history: tuple[HistoryEntry, ...]
    applicant_has_complaints: bool


# What the read-only views (records, the case file, complaints) accept: a loaded object or a record.
Viewed = Application | ApplicationRecord

_APPLICATIONS = cast(Table, Application.__table__)
_TRANSITIONS = cast(Table, TransitionRecord.__table__)
COLUMNS = tuple(column.key for column in _APPLICATIONS.columns)  # the record's fields before history, in order
HISTORY_COLUMNS = tuple(HistoryEntry.__dataclass_fields__)

# the complaints flag counts only the applicant's own complaints (another person's may be confidential)
_APPLICATION = Prepared(
    select(
        *_APPLICATIONS.columns,
        exists()
        .where(
            Complaint.tracking_number == _APPLICATIONS.c.tracking_number,
            Complaint.citizen_nik == _APPLICATIONS.c.applicant_nik,
        )
        .label("applicant_has_complaints"),
    ).where(_APPLICATIONS.c.tracking_number == bindparam("number"))
)
_HISTORY = Prepared(
    select(*(_TRANSITIONS.c[name] for name in HISTORY_COLUMNS))
    .where(_TRANSITIONS.c.application_id == bindparam("application"))
    .order_by(_TRANSITIONS.c.id)
)


def read_application(connection: Connection, tracking_number: str) -> ApplicationRecord | None:
    """The application with that (stored-form) tracking number and its history, or None."""
    row = _APPLICATION.first(connection, {"number": tracking_number})
    if row is None:
        return None
    history = tuple(HistoryEntry(*entry) for entry in _HISTORY.rows(connection, {"application": row[0]}))
    columns = dict(zip(COLUMNS, row[:-1], strict=True))
    return ApplicationRecord(**columns, history=history, applicant_has_complaints=bool(row[-1]))
