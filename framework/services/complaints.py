"""Complaints (pengaduan) linked to an application or a service, forwarded to SP4N-LAPOR!.

A complaint is checked and stored here, and a ``complaint`` message goes into
the outbox in the same transaction; `mpp worker` forwards it through the
complaint-channel plugin (``lapor``), so a LAPOR! outage never loses one.
Anonymous complaints reach the channel without the reporter's identity;
confidential ones are flagged so the channel keeps their content private.
Their status is shown to the applicant next to the application's (`complaints_for`).
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from framework.core.errors import FieldError, field_error
from framework.core.text import Text
from framework.definition.model import DocumentSpec
from framework.forms.validation import upload_errors
from framework.plugins.registry import Registries, call_safely
from framework.services.complaint_checks import (  # the input and its rules live there; callers import them here
    CATEGORIES,
    SUBMISSION_KEY,
    ComplaintInput,
    ComplaintSubjects,
    check,
)
from framework.storage import Storage, UploadInfo, configured_storage
from framework.store.application_record import ApplicationRecord
from framework.store.complaints import Complaint
from framework.store.models import Application, OutboxMessage
from framework.store.outbox import enqueue
from framework.store.types import utcnow

log = logging.getLogger("mpp.complaints")
STATUSES: dict[str, Text] = {
    "received": Text(
        "Diterima, menunggu diteruskan ke SP4N-LAPOR!", "Received, waiting to be forwarded to SP4N-LAPOR!"
    ),
    "forwarded": Text("Diteruskan ke SP4N-LAPOR!", "Forwarded to SP4N-LAPOR!"),
    "verified": Text("Diverifikasi", "Verified"),
    "followed_up": Text("Ditindaklanjuti instansi", "Being followed up by the agency"),
    "closed": Text("Selesai", "Closed"),
}
# complaint attachments pass the checks of an application's documents (framework.forms.validation.upload_errors)
ATTACHMENT = DocumentSpec(
    id="lampiran", label=Text("Lampiran", "Attachment"), accept=("pdf", "jpg", "png"), max_mb=10, required=False
)
MAX_ATTACHMENTS = 5
TOO_MANY = field_error(
    "lampiran", "too_many", f"Paling banyak {MAX_ATTACHMENTS} lampiran", f"At most {MAX_ATTACHMENTS} attachments"
)


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
        errors.append(TOO_MANY)
    return errors


def attachment_record(upload: UploadInfo) -> dict[str, Any]:
    """How a stored attachment is kept with the complaint: its sanitised name and the kind found in its bytes."""
    return {"name": upload.filename, "type": upload.kind, **upload.as_dict()}


class ComplaintError(ValueError):
    """The complaint cannot be filed; ``errors`` says which field and why (id + en)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(str(error.message) for error in errors))
        self.errors = errors


def file_complaint(
    session: Session,
    citizen_nik: str,
    data: ComplaintInput,
    channel: str = "lapor",
    today: dt.date | None = None,
    subjects: ComplaintSubjects | None = None,
) -> Complaint:
    """Check, store and queue a complaint for forwarding; all or nothing.

    The form's ``submission_key`` makes it idempotent: the same form sent again
    (a double click, a resent POST) returns the complaint it filed the first time.
    """
    key = data.submission_key if data.submission_key and SUBMISSION_KEY.match(data.submission_key) else None
    earlier = submitted(session, citizen_nik, key)
    if earlier is not None:
        return earlier
    errors = check(data, today, subjects)
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
    complaint = _new_complaint(citizen_nik, data, application, channel, key)
    session.add(complaint)
    try:
        session.flush()
    except IntegrityError:  # the same form, filed a moment ago by a concurrent request
        session.rollback()
        found = submitted(session, citizen_nik, key)
        if found is None:
            raise
        return found
    enqueue(session, "complaint", {"complaint_id": complaint.id})
    session.commit()
    return complaint


def submitted(session: Session, citizen_nik: str, key: str | None) -> Complaint | None:
    """The complaint this citizen already filed with this form's key, if any."""
    if not key or not SUBMISSION_KEY.match(key):
        return None
    return session.scalar(
        select(Complaint).where(Complaint.citizen_nik == citizen_nik, Complaint.submission_key == key)
    )


def _new_complaint(
    citizen_nik: str, data: ComplaintInput, application: Application | None, channel: str, key: str | None
) -> Complaint:
    now = utcnow()
    return Complaint(
        reference=f"ADU-{secrets.token_hex(5).upper()}",
        citizen_nik=citizen_nik,
        tracking_number=data.tracking_number or None,
        service_id=application.service_id if application else data.service_id,
        region=application.region if application else data.region,
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
        submission_key=key,
    )


def _application(session: Session, tracking_number: str) -> Application | None:
    return session.scalar(select(Application).where(Application.tracking_number == tracking_number))


def forward_payload(complaint: Complaint, storage: Storage | None = None) -> dict[str, Any]:
    """What the channel receives; ``storage``: where the attachments are read to go along (base64).

    An anonymous complaint carries nothing that leads back to its reporter:
    no NIK, and neither the tracking number (it names the applicant) nor the
    region of their application (with the service and the date it narrows the
    applicants to a few), and its attachments go under neutral names (a file
    name such as ``KTP-Budi.pdf`` names its owner). The channel still gets
    what it needs to route and act on it: the service, the category, the
    narrative, the date and place of the event as the reporter chose to
    describe them, and the evidence itself.
    """
    return {
        "reference": complaint.reference,
        "category": complaint.category,
        "title": complaint.title,
        "narrative": complaint.narrative,
        "event_date": complaint.event_date.isoformat(),
        "place": complaint.place,
        "service": complaint.service_id,
        "tracking_number": None if complaint.anonymous else complaint.tracking_number,
        "region": None if complaint.anonymous else complaint.region,
        "attachments": [_attachment(complaint, index, storage) for index in range(len(complaint.attachments))],
        "anonymous": complaint.anonymous,
        "confidential": complaint.confidential,
        "reporter": None if complaint.anonymous else {"nik": complaint.citizen_nik},
    }


def attachment_name(complaint: Complaint, index: int) -> str:
    """The name an attachment is shown and forwarded under: neutral for an anonymous complaint."""
    item = complaint.attachments[index]
    if complaint.anonymous:
        return f"lampiran-{index + 1}.{item.get('type') or 'bin'}"
    return str(item.get("name") or item.get("filename") or f"lampiran-{index + 1}")


def _attachment(complaint: Complaint, index: int, storage: Storage | None) -> dict[str, Any]:
    item = complaint.attachments[index]
    found: dict[str, Any] = {"name": attachment_name(complaint, index), "type": item.get("type")}
    if storage is not None:
        try:
            found["content_base64"] = base64.b64encode(storage.open(str(item.get("key", "")))).decode("ascii")
        except KeyError:  # the file is gone: retrying cannot bring it back, the complaint still goes
            log.warning("complaint %s: attachment %s is not in storage", complaint.reference, index)
            found["missing"] = True
    return found


def worker_storage() -> Storage:
    """The uploads the worker reads (the object store of ``MPP_S3_*``, else the instance's uploads folder)."""
    from framework.core import settings

    return configured_storage(settings.instance_dir() / "uploads")


def handle_complaint(session: Session, message: OutboxMessage, registries: Registries) -> None:
    """Worker topic ``complaint``: forward once (a retry finds ``external_ref`` set).

    The status becomes ``forwarded`` only if nothing moved it further meanwhile:
    a message handled late must not undo an officer's answer or a closing.
    """
    complaint = session.get(Complaint, message.payload.get("complaint_id"))
    if complaint is None:
        from framework.services.notifications import PermanentFailure

        raise PermanentFailure(f"no complaint {message.payload.get('complaint_id')!r}")
    if complaint.external_ref:
        return
    payload = forward_payload(complaint, worker_storage() if complaint.attachments else None)
    complaint.external_ref = registries.complaint_channels.get(complaint.channel)().forward(payload)
    if _rank(complaint.status) < _rank("forwarded"):
        complaint.status = "forwarded"
    complaint.updated_at = utcnow()


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


def complaints_for(session: Session, tracking_number: str, citizen_nik: str) -> list[ComplaintView]:
    """One citizen's own complaints about one application, for the applicant's tracking page and API view.

    Only the reporter's own: complaints can be confidential, so a view never
    shows one its reporter did not file. Officers' case files list none: the
    officers of the steps may be the ones complained of, and only the region's
    complaints handler reads complaints (`framework.services.complaint_answers`).
    """
    query = select(Complaint).where(Complaint.tracking_number == tracking_number, Complaint.citizen_nik == citizen_nik)
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
