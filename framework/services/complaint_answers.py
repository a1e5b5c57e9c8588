"""Officers answer the complaints about their region's applications.

An officer sees the complaints about applications inside their area, of the
services whose steps are theirs (a regional admin: every service); reading
one is a read of personal data (the narrative, the reporter) and is audited.
The answer — a status and a reply — is what the citizen reads on their
complaints page, and a ``complaint_reply`` message in the same transaction
takes it to the complaint channel (SP4N-LAPOR!) through the worker.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from framework.core.errors import field_error
from framework.definition.model import ServiceSpec
from framework.plugins.registry import Registries
from framework.services import audit_trail
from framework.services.complaints import STATUSES, ComplaintError
from framework.services.scope import in_scope
from framework.store.complaints import Complaint
from framework.store.models import Application, OutboxMessage
from framework.store.outbox import enqueue
from framework.store.types import utcnow
from framework.workflow.actors import Actor
from framework.workflow.errors import NotFound
from framework.workflow.roles import ADMIN_ROLE

ANSWER_STATUSES = ("verified", "followed_up", "closed")  # what an agency may say; `forwarded` is the channel's
REPLY_MIN, REPLY_MAX = 10, 2000


def _visible(actor: Actor, specs: Iterable[ServiceSpec]) -> Select:
    """Complaints (with their application's area) the officer may see."""
    query = (
        select(Complaint, Application.area)
        .join(Application, Application.tracking_number == Complaint.tracking_number)
        .where(in_scope(Application.area, actor.region or "-"))
    )
    if actor.role != ADMIN_ROLE:
        services = sorted({spec.id for spec in specs if actor.role in {step.role for step in spec.steps}})
        query = query.where(Complaint.service_id.in_(services))
    return query


def complaints_in(session: Session, actor: Actor, specs: Iterable[ServiceSpec], limit: int = 200) -> list[Complaint]:
    """The officer's complaints, open ones first, newest first."""
    if not actor.is_officer or not actor.region:
        return []
    query = _visible(actor, specs).order_by(Complaint.status == "closed", Complaint.id.desc()).limit(limit)
    return [complaint for complaint, _area in session.execute(query)]


def open_complaint(session: Session, reference: str, actor: Actor, specs: Iterable[ServiceSpec]) -> Complaint:
    """One complaint for the officer (audited); NotFound outside their area and services."""
    found = (
        session.execute(_visible(actor, specs).where(Complaint.reference == reference)).first()
        if actor.is_officer and actor.region
        else None
    )
    if found is None:
        raise NotFound("Pengaduan tidak ditemukan.", "No such complaint.")
    complaint, area = found
    audit_trail.record(session, actor, "complaint.view", complaint.reference, {"personal_data": True}, region=area)
    session.commit()
    return complaint


def answer_complaint(
    session: Session, reference: str, actor: Actor, specs: Iterable[ServiceSpec], status: str, reply: str
) -> Complaint:
    """Record the agency's answer and queue it for the channel; ComplaintError names what to fix."""
    specs = list(specs)
    found = session.execute(_visible(actor, specs).where(Complaint.reference == reference)).first()
    if found is None:
        raise NotFound("Pengaduan tidak ditemukan.", "No such complaint.")
    complaint, area = found
    errors = []
    if status not in ANSWER_STATUSES:
        errors.append(field_error("status", "status", "Pilih status tindak lanjut.", "Choose the follow-up status."))
    if not REPLY_MIN <= len(reply.strip()) <= REPLY_MAX:
        errors.append(
            field_error(
                "reply",
                "reply_length",
                f"Tanggapan {REPLY_MIN}–{REPLY_MAX} karakter.",
                f"A reply has {REPLY_MIN}–{REPLY_MAX} characters.",
            )
        )
    if errors:
        raise ComplaintError(errors)
    now = utcnow()
    complaint.status, complaint.reply = status, reply.strip()
    complaint.replied_by, complaint.replied_at, complaint.updated_at = actor.id, now, now
    enqueue(session, "complaint_reply", {"complaint_id": complaint.id})
    audit_trail.record(session, actor, "complaint.answer", complaint.reference, {"status": status}, now, region=area)
    session.commit()
    return complaint


def handle_complaint_reply(session: Session, message: OutboxMessage, registries: Registries) -> None:
    """Worker topic ``complaint_reply``: send the agency's answer to the channel, once it has the report."""
    from framework.services.notifications import PermanentFailure

    complaint = session.get(Complaint, message.payload.get("complaint_id"))
    if complaint is None:
        raise PermanentFailure(f"no complaint {message.payload.get('complaint_id')!r}")
    if not complaint.external_ref:
        raise RuntimeError(f"complaint {complaint.reference} is not forwarded yet; the reply waits")
    channel = registries.complaint_channels.get(complaint.channel)()
    send = getattr(channel, "reply", None)
    if send is None:
        return  # a channel without replies: the citizen still reads it on their page
    send(
        complaint.external_ref,
        {
            "reference": complaint.reference,
            "status": complaint.status,
            "status_label": STATUSES[complaint.status].as_dict(),
            "reply": complaint.reply,
            "replied_at": complaint.replied_at.isoformat() if complaint.replied_at else None,
        },
    )
