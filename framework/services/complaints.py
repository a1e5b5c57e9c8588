"""Complaints (pengaduan) linked to an application or a service, forwarded to SP4N-LAPOR!.

A complaint is checked and stored here, and a ``complaint`` message goes into
the outbox in the same transaction; `mpp worker` forwards it through the
complaint-channel plugin (``lapor``), so a LAPOR! outage never loses one.
Anonymous complaints reach the channel without the reporter's identity;
confidential ones are flagged so the channel keeps their content private.
Their status is shown next to the application's (`complaints_for`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.core.errors import FieldError, field_error, nul_errors
from framework.core.text import Text
from framework.definition.model import DocumentSpec
from framework.forms.validation import upload_errors
from framework.plugins.registry import Registries, call_safely
from framework.storage import UploadInfo
from framework.store.application_record import ApplicationRecord
from framework.store.complaints import Complaint
from framework.store.models import Application, OutboxMessage
from framework.store.outbox import enqueue
from framework.store.types import utcnow

# SP4N-LAPOR! report types
CATEGORIES: dict[str, Text] = {
    "pengaduan": Text("Pengaduan", "Complaint"),
    "aspirasi": Text("Aspirasi", "Aspiration"),
    "permintaan-informasi": Text("Permintaan informasi", "Information request"),
}
STATUSES: dict[str, Text] = {
    "received": Text(
        "Diterima, menunggu diteruskan ke SP4N-LAPOR!", "Received, waiting to be forwarded to SP4N-LAPOR!"
    ),
    "forwarded": Text("Diteruskan ke SP4N-LAPOR!", "Forwarded to SP4N-LAPOR!"),
    "verified": Text("Diverifikasi", "Verified"),
    "followed_up": Text("Ditindaklanjuti instansi", "Being followed up by the agency"),
    "closed": Text("Selesai", "Closed"),
}
TITLE_MAX, NARRATIVE_MIN, PLACE_MAX = 150, 20, 200
# complaint attachments pass the checks of an application's documents (framework.forms.validation.upload_errors)
ATTACHMENT = DocumentSpec(
    id="lampiran", label=Text("Lampiran", "Attachment"), accept=("pdf", "jpg", "png"), max_mb=10, required=False
)
MAX_ATTACHMENTS = 5


def attachment_errors(uploads: Sequence[UploadInfo]) -> list[FieldError]:
    """Problems of the attachments, judged like application documents: by content, size and count."""
    errors = [
        FieldError(
            error.field,
            error.code,
            Text(f"{upload.filename}: {error.message.id}", f"{upload.filename}: {error.message.en}"),
        )
        for upload in uploads
        for error in upload_errors(ATTACHMENT, upload)
    ]  # named by file: a complaint may carry several
    if len(uploads) > MAX_ATTACHMENTS:
        errors.append(
            field_error(
                "lampiran",
                "too_many",
                f"Paling banyak {MAX_ATTACHMENTS} lampiran",
                f"At most {MAX_ATTACHMENTS} attachments",
            )
        )
    return errors


def attachment_record(upload: UploadInfo) -> dict[str, Any]:
    """How a stored attachment is kept with the complaint: its sanitised name and the kind found in its bytes."""
    return {"name": upload.filename, "type": upload.kind, **upload.as_dict()}


@dataclass(frozen=True)
class ComplaintInput:
    title: str
    narrative: str
    event_date: dt.date
    place: str
    category: str = "pengaduan"
    tracking_number: str | None = None
    service_id: str | None = None
    attachments: Sequence[UploadInfo] = field(default_factory=tuple)
    anonymous: bool = False
    confidential: bool = False


class ComplaintError(ValueError):
    """The complaint cannot be filed; ``errors`` says which field and why (id + en)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(str(error.message) for error in errors))
        self.errors = errors


def check(data: ComplaintInput, today: dt.date | None = None) -> list[FieldError]:
    """Every problem of the input at once."""
    today = today or dt.date.today()
    texts = {"title": data.title, "narrative": data.narrative, "place": data.place, "category": data.category}
    texts.update({"tracking_number": data.tracking_number or "", "service_id": data.service_id or ""})
    errors: list[FieldError] = nul_errors(texts)
    if not data.title.strip() or len(data.title) > TITLE_MAX:
        errors.append(
            field_error(
                "title",
                "title",
                f"Judul wajib diisi, paling banyak {TITLE_MAX} karakter",
                f"A title of at most {TITLE_MAX} characters is required",
            )
        )
    if len(data.narrative.strip()) < NARRATIVE_MIN:
        errors.append(
            field_error(
                "narrative",
                "narrative",
                f"Ceritakan kejadiannya (paling sedikit {NARRATIVE_MIN} karakter)",
                f"Describe what happened (at least {NARRATIVE_MIN} characters)",
            )
        )
    if data.event_date > today:
        errors.append(
            field_error(
                "event_date",
                "future_date",
                "Tanggal kejadian tidak boleh di masa depan",
                "The date of the event cannot be in the future",
            )
        )
    if not data.place.strip() or len(data.place) > PLACE_MAX:
        errors.append(
            field_error("place", "place", "Tempat kejadian wajib diisi", "The place of the event is required")
        )
    if data.category not in CATEGORIES:
        errors.append(
            field_error(
                "category",
                "category",
                "Pilih kategori: " + ", ".join(name.id for name in CATEGORIES.values()),
                "Choose a category: " + ", ".join(name.get("en") for name in CATEGORIES.values()),
            )
        )
    if not data.tracking_number and not data.service_id:
        errors.append(
            field_error(
                "tracking_number",
                "no_subject",
                "Sebutkan permohonan atau layanan yang diadukan",
                "Name the application or the service concerned",
            )
        )
    return errors


def file_complaint(
    session: Session, citizen_nik: str, data: ComplaintInput, channel: str = "lapor", today: dt.date | None = None
) -> Complaint:
    """Check, store and queue a complaint for forwarding; all or nothing."""
    errors = check(data, today)
    if any(error.code == "nul_character" for error in errors):
        raise ComplaintError(errors)  # before the tracking number reaches a query
    application = _application(session, data.tracking_number) if data.tracking_number else None
    if data.tracking_number and (application is None or application.applicant_nik != citizen_nik):
        errors.append(
            field_error(
                "tracking_number", "unknown_application", "Nomor permohonan tidak dikenal", "Unknown tracking number"
            )
        )
    if errors:
        raise ComplaintError(errors)
    now = utcnow()
    complaint = Complaint(
        reference=f"ADU-{secrets.token_hex(5).upper()}",
        citizen_nik=citizen_nik,
        tracking_number=data.tracking_number or None,
        service_id=application.service_id if application else data.service_id,
        region=application.region if application else None,
        category=data.category,
        title=data.title.strip(),
        narrative=data.narrative.strip(),
        event_date=data.event_date,
        place=data.place.strip(),
        attachments=[attachment_record(item) for item in data.attachments],
        anonymous=data.anonymous,
        confidential=data.confidential,
        channel=channel,
        status="received",
        created_at=now,
        updated_at=now,
    )
    session.add(complaint)
    session.flush()
    enqueue(session, "complaint", {"complaint_id": complaint.id})
    session.commit()
    return complaint


def _application(session: Session, tracking_number: str) -> Application | None:
    return session.scalar(select(Application).where(Application.tracking_number == tracking_number))


def forward_payload(complaint: Complaint) -> dict[str, Any]:
    """What the channel receives; no reporter identity when anonymous."""
    return {
        "reference": complaint.reference,
        "category": complaint.category,
        "title": complaint.title,
        "narrative": complaint.narrative,
        "event_date": complaint.event_date.isoformat(),
        "place": complaint.place,
        "service": complaint.service_id,
        "tracking_number": complaint.tracking_number,
        "region": complaint.region,
        "attachments": [{"name": item.get("name"), "type": item.get("type")} for item in complaint.attachments],
        "anonymous": complaint.anonymous,
        "confidential": complaint.confidential,
        "reporter": None if complaint.anonymous else {"nik": complaint.citizen_nik},
    }


def handle_complaint(session: Session, message: OutboxMessage, registries: Registries) -> None:
    """Worker topic ``complaint``: forward once (a retry finds ``external_ref`` set)."""
    complaint = session.get(Complaint, message.payload.get("complaint_id"))
    if complaint is None:
        from framework.services.notifications import PermanentFailure

        raise PermanentFailure(f"no complaint {message.payload.get('complaint_id')!r}")
    if complaint.external_ref:
        return
    complaint.external_ref = registries.complaint_channels.get(complaint.channel)().forward(forward_payload(complaint))
    complaint.status, complaint.updated_at = "forwarded", utcnow()


def refresh_status(session: Session, complaint: Complaint, registries: Registries) -> str:
    """Ask the channel for news; a failing channel leaves the known status."""
    if complaint.external_ref:
        channel = registries.complaint_channels.get(complaint.channel)()
        status = call_safely(channel.status, complaint.external_ref, what=f"{complaint.channel}.status")
        if status in STATUSES and _rank(status) > _rank(complaint.status):  # news only moves forward
            complaint.status, complaint.updated_at = status, utcnow()
            session.commit()
    return complaint.status


OPEN_STATUSES = ("forwarded", "verified", "followed_up")


def _rank(status: str) -> int:
    """Statuses in their order (an officer's `followed_up` is not undone by a channel still saying `forwarded`)."""
    order = list(STATUSES)
    return order.index(status) if status in order else -1


def sync_statuses(session: Session, registries: Registries, limit: int = 100) -> int:
    """Refresh the open complaints least recently updated; returns how many changed."""
    query = select(Complaint).where(Complaint.status.in_(OPEN_STATUSES)).order_by(Complaint.updated_at).limit(limit)
    changed = 0
    for complaint in list(session.scalars(query)):
        before = complaint.status
        changed += refresh_status(session, complaint, registries) != before
    return changed


@dataclass(frozen=True)
class ComplaintView:
    reference: str
    title: str
    category: Text
    status: str
    status_text: Text
    filed_at: dt.datetime
    updated_at: dt.datetime | None = None
    reply: str | None = None  # the agency's answer

    def as_json(self) -> dict[str, Any]:
        """The API's shape: ``id`` is the reference the citizen quotes (ADU-…)."""
        return {
            "id": self.reference,
            "title": self.title,
            "status": self.status,
            "status_label": self.status_text.as_dict(),
            "updated_at": (self.updated_at or self.filed_at).isoformat(),
            "reply": self.reply,
        }


def complaints_for(session: Session, tracking_number: str, citizen_nik: str | None = None) -> list[ComplaintView]:
    """The complaints about one application, for its applicant's tracking page and API view.

    ``citizen_nik`` keeps the list to that citizen's own complaints: they can be
    confidential, so a view never shows one its reporter did not file.
    """
    query = select(Complaint).where(Complaint.tracking_number == tracking_number)
    if citizen_nik is not None:
        query = query.where(Complaint.citizen_nik == citizen_nik)
    rows = session.scalars(query.order_by(Complaint.id))
    return [
        ComplaintView(
            row.reference,
            row.title,
            CATEGORIES[row.category],
            row.status,
            STATUSES.get(row.status, Text(row.status)),
            row.created_at,
            row.updated_at,
            row.reply,
        )
        for row in rows
    ]


def applicant_complaints(session: Session, application: ApplicationRecord) -> list[ComplaintView]:
    """The applicant's own complaints about their application (tracking page and API view alike).

    Asked only when the application says its applicant filed some (the flag is
    read with it, ``applicant_has_complaints``): almost every view has none.
    """
    if not application.applicant_has_complaints:
        return []
    return complaints_for(session, application.tracking_number, citizen_nik=application.applicant_nik)


def new_complaint_url(tracking_number: str) -> str:
    """Where the applicant files a complaint about this application (the citizen pages' form, prefilled)."""
    return f"/pengaduan/baru?permohonan={tracking_number}"
