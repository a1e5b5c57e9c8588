"""Who read whose personal data: the reads a regional admin reviews (`/admin/jejak-audit/`), filtered.

The question an admin is asked is "who looked at my data?": so a NIK finds
the reads of that person's applications and complaints by their numbers, and
the queue searches and counter look-ups whose (masked) NIK matches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from framework.core.errors import FieldError, field_error
from framework.core.numbers import page_within
from framework.core.text import Text
from framework.services import tracking_numbers as tracking
from framework.services.products import mask_nik
from framework.services.scope import in_scope
from framework.store.complaints import Complaint
from framework.store.models import Application, AuditEvent
from framework.workflow.calendar import WIB

# the reads of personal data, in the words the page shows
READ_WORDS: dict[str, Text] = {
    "application.view": Text("membuka permohonan", "opened an application"),
    "application.document": Text("membuka dokumen", "opened a document"),
    "queue.search_nik": Text("mencari NIK di antrean", "searched the queue by NIK"),
    "counter.prefill": Text("mengambil data IKD di loket", "fetched IKD data at the counter"),
    "complaint.view": Text("membuka pengaduan", "opened a complaint"),
}
PERSONAL_DATA_READS = tuple(READ_WORDS)
DETAIL_WORDS: dict[str, Text] = {  # the keys of their details
    "document": Text("dokumen", "document"),
    "nik": Text("NIK", "NIK"),
    "service": Text("layanan", "service"),
}


# each part of the filter and its name in the page's query string
QUERY_NAMES = {
    "officer": "petugas",
    "nik": "nik",
    "number": "nomor",
    "action": "tindakan",
    "since": "dari",
    "until": "sampai",
}


@dataclass(frozen=True)
class ReadsFilter:
    """What the admin narrowed the list to; empty parts do not narrow (the form's own words as typed)."""

    officer: str = ""
    nik: str = ""
    number: str = ""  # a tracking number or a complaint's reference
    action: str = ""
    since: str = ""  # YYYY-MM-DD, a day in WIB (the times the page shows)
    until: str = ""

    def as_query(self) -> dict[str, str]:
        """The filter as the page's query string (kept by the pager)."""
        return {name: getattr(self, part) for part, name in QUERY_NAMES.items() if getattr(self, part)}


@dataclass(frozen=True)
class ReadsPage:
    """One page of personal-data reads: the page shown (kept between the first and the last), of how many."""

    events: list[AuditEvent]
    total: int
    page: int
    pages: int


def filter_errors(wanted: ReadsFilter) -> list[FieldError]:
    """Each part of the filter that cannot mean anything, located at its box (the list is not narrowed by half)."""
    errors = []
    if wanted.nik and not _is_nik(wanted.nik):
        errors.append(field_error("nik", "nik_format", "NIK terdiri dari 16 angka.", "A NIK has 16 digits."))
    if wanted.number and _number(wanted.number) is None:
        errors.append(
            field_error(
                "nomor",
                "number_format",
                "Tulis nomor pelacakan (mis. V8RM-A8ABC) atau nomor pengaduan.",
                "Write a tracking number (e.g. V8RM-A8ABC) or a complaint reference.",
            )
        )
    if wanted.action and wanted.action not in READ_WORDS:
        errors.append(
            field_error("tindakan", "unknown_action", "Pilih tindakan dari daftar.", "Choose an action from the list.")
        )
    for name, typed in (("dari", wanted.since), ("sampai", wanted.until)):
        if typed and _day(typed) is None:
            errors.append(
                field_error(name, "date_format", "Tanggal ditulis TTTT-BB-HH.", "Write the date as YYYY-MM-DD.")
            )
    since, until = _day(wanted.since), _day(wanted.until)
    if since and until and since > until:
        errors.append(
            field_error(
                "sampai", "date_order", "Tanggal akhir sebelum tanggal awal.", "The end date is before the start date."
            )
        )
    return errors


def personal_data_reads(
    session: Session, scope: str, wanted: ReadsFilter | None = None, *, page: int = 1, page_size: int = 50
) -> ReadsPage:
    """The personal-data reads that happened inside ``scope`` (newest first) and match ``wanted``, one page.

    A page past the last is the last (and one before the first the first), so
    no number asks the database for an offset past its integers. Call
    :func:`filter_errors` first: a part it refuses is ignored here.
    """
    where = [in_scope(AuditEvent.region, scope), AuditEvent.action.in_(PERSONAL_DATA_READS)]
    where += _narrowing(wanted or ReadsFilter())
    total = int(session.scalar(select(func.count()).select_from(AuditEvent).where(*where)) or 0)
    shown, pages = page_within(page, total, page_size)
    query = (
        select(AuditEvent)
        .where(*where)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(page_size)
        .offset((shown - 1) * page_size)
    )
    return ReadsPage(list(session.scalars(query)), total, shown, pages)


def _narrowing(wanted: ReadsFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if wanted.officer:
        where.append(AuditEvent.actor == wanted.officer.strip())
    if wanted.action in READ_WORDS:
        where.append(AuditEvent.action == wanted.action)
    number = _number(wanted.number) if wanted.number else None
    if number:
        where.append(AuditEvent.target == number)
    if _is_nik(wanted.nik):
        where.append(_about_person(wanted.nik))
    since, until = _day(wanted.since), _day(wanted.until)
    if since:
        where.append(AuditEvent.at >= _start_of(since))
    if until:
        where.append(AuditEvent.at < _start_of(until + timedelta(days=1)))
    return where


def _about_person(nik: str) -> ColumnElement[bool]:
    """Reads of this person's applications and complaints, and the searches that name their (masked) NIK."""
    applications = select(Application.tracking_number).where(Application.applicant_nik == nik)
    complaints = select(Complaint.reference).where(Complaint.citizen_nik == nik)
    return or_(
        AuditEvent.target.in_(applications),
        AuditEvent.target.in_(complaints),
        AuditEvent.details["nik"].as_string() == mask_nik(nik),
    )


def _is_nik(typed: str) -> bool:
    return typed.isdigit() and len(typed) == 16


def _number(typed: str) -> str | None:
    """A tracking number in its canonical form, or a complaint reference as typed (upper case)."""
    try:
        return tracking.parse(typed)
    except tracking.TrackingNumberError:
        shown = typed.strip().upper()
        return shown if shown and len(shown) <= 20 and all(ch.isalnum() or ch == "-" for ch in shown) else None


def _day(typed: str) -> date | None:
    try:
        return date.fromisoformat(typed.strip()) if typed else None
    except ValueError:
        return None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), WIB)


def typed_filter(arguments: Any) -> ReadsFilter:
    """The filter from the page's query string."""
    return ReadsFilter(**{part: arguments.get(name, "").strip() for part, name in QUERY_NAMES.items()})
