"""Who read whose personal data: the reads a regional admin reviews (`/admin/jejak-audit/`), filtered.

The question an admin is asked is "who looked at my data?": so a NIK finds
the reads of that person's applications and complaints by their numbers, and
the queue searches and registry look-ups (at the counter, or a citizen's
look-up of another person) by the NIK's keyed digest
(:class:`framework.core.personal.NikDigester`), which matches that one person.

Events written before the digest was kept hold only the masked NIK
(``3203********0001``), which thousands of people share; events written under
another audit key (``MPP_AUDIT_KEY`` was rotated, or the digest was once keyed
by the secret key and has no key id) carry a digest that cannot be compared.
Both are still listed, matched by the masked NIK, so no read is hidden, but
marked as possibly another person (``ReadsPage.unsure``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from framework.core.errors import FieldError, field_error
from framework.core.numbers import page_within
from framework.core.personal import NikDigester, mask_nik
from framework.core.text import Text
from framework.services import tracking_numbers as tracking
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
    "prefill.lookup": Text("mencari data orang lain di registri", "looked up another person in a registry"),
    "complaint.view": Text("membuka pengaduan", "opened a complaint"),
}
PERSONAL_DATA_READS = tuple(READ_WORDS)
DETAIL_WORDS: dict[str, Text] = {  # the keys of their details
    "document": Text("dokumen", "document"),
    "nik": Text("NIK", "NIK"),
    "service": Text("layanan", "service"),
    "source": Text("sumber", "source"),
}
HIDDEN_DETAILS = frozenset({"personal_data", "nik_digest", "nik_key"})  # kept for matching, never shown


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
    unsure: frozenset[int] = frozenset()  # events matched by a masked NIK only: possibly another person
    other_key: frozenset[int] = frozenset()  # of those, the ones whose digest is under another audit key


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
    session: Session,
    scope: str,
    wanted: ReadsFilter | None = None,
    *,
    page: int = 1,
    page_size: int = 50,
    digester: NikDigester,
) -> ReadsPage:
    """The personal-data reads that happened inside ``scope`` (newest first) and match ``wanted``, one page.

    A page past the last is the last (and one before the first the first), so
    no number asks the database for an offset past its integers. Call
    :func:`filter_errors` first: a part it refuses is ignored here.
    ``digester``: the app's (``framework.web.lookup_audit.nik_digester``), which keys the NIK digests.
    """
    wanted = wanted or ReadsFilter()
    where = [in_scope(AuditEvent.region, scope), AuditEvent.action.in_(PERSONAL_DATA_READS)]
    where += _narrowing(wanted, digester)
    total = int(session.scalar(select(func.count()).select_from(AuditEvent).where(*where)) or 0)
    shown, pages = page_within(page, total, page_size)
    query = (
        select(AuditEvent)
        .where(*where)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(page_size)
        .offset((shown - 1) * page_size)
    )
    events = list(session.scalars(query))
    unsure = [event for event in events if _is_nik(wanted.nik) and _by_mask_only(event, digester)]
    other_key = frozenset(event.id for event in unsure if (event.details or {}).get("nik_digest"))
    return ReadsPage(events, total, shown, pages, frozenset(event.id for event in unsure), other_key)


def _by_mask_only(event: AuditEvent, digester: NikDigester) -> bool:
    """An event that names a person by the masked NIK alone: no digest, or one under another audit key."""
    details = event.details or {}
    if not details.get("nik"):
        return False
    return not details.get("nik_digest") or details.get("nik_key") != digester.key_id


def _narrowing(wanted: ReadsFilter, digester: NikDigester) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if wanted.officer:
        where.append(AuditEvent.actor == wanted.officer.strip())
    if wanted.action in READ_WORDS:
        where.append(AuditEvent.action == wanted.action)
    number = _number(wanted.number) if wanted.number else None
    if number:
        where.append(AuditEvent.target == number)
    if _is_nik(wanted.nik):
        where.append(_about_person(wanted.nik, digester))
    since, until = _day(wanted.since), _day(wanted.until)
    if since:
        where.append(AuditEvent.at >= _start_of(since))
    if until:
        where.append(AuditEvent.at < _start_of(until + timedelta(days=1)))
    return where


def _about_person(nik: str, digester: NikDigester) -> ColumnElement[bool]:
    """Reads of this person's applications and complaints, and the searches and look-ups of their NIK.

    A search or look-up matches by the NIK's keyed digest under the current
    audit key; one without a digest (older), or with one under another key,
    by the masked NIK, and is marked unsure on the page.
    """
    applications = select(Application.tracking_number).where(Application.applicant_nik == nik)
    complaints = select(Complaint.reference).where(Complaint.citizen_nik == nik)
    digest = AuditEvent.details["nik_digest"].as_string()
    key = AuditEvent.details["nik_key"].as_string()
    comparable = and_(digest.is_not(None), key.is_not(None), key == digester.key_id)
    return or_(
        AuditEvent.target.in_(applications),
        AuditEvent.target.in_(complaints),
        and_(comparable, digest == digester.digest(nik)),
        and_(~comparable, AuditEvent.details["nik"].as_string() == mask_nik(nik)),
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
