"""The region's complaints handler answers the complaints about its applications.

Only the regional admin (``admin_daerah``) handles complaints: a complaint is
often about an officer who acted on the application, so the officers of the
service's steps never see one — they would read who complained about them
(the reporter's NIK) and could close it themselves. Nor does the admin see a
complaint about an application they acted on (filed at the counter, or a
step they decided). Reading one is a read of personal data (the narrative,
the reporter) and is audited.
Complaints about a service (no application) are placed by the kabupaten/kota
the citizen chose. An anonymous complaint is shown without its reporter and
without its tracking number (the application names the applicant): the
officer acts on what remains — the service, the area, the narrative, the date
and place, the attachments under neutral names — and answers it like any other.

The answer — a status and a reply — is kept with every earlier one
(`ComplaintReply`) and is what the citizen reads on their complaints page;
in the same transaction a ``complaint_reply`` message takes it to the
complaint channel (SP4N-LAPOR!) and a ``notify`` message tells the citizen
(inbox, email), both through the worker.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from framework.core.errors import FieldError, field_error
from framework.core.visible import visible
from framework.plugins.registry import Registries
from framework.services import audit_trail
from framework.services.casefile import ServedDocument
from framework.services.complaints import STATUSES, ComplaintError, attachment_name
from framework.services.scope import in_scope
from framework.storage import Storage, UploadInfo
from framework.store.complaints import Complaint, ComplaintReply
from framework.store.models import Application, OutboxMessage, TransitionRecord
from framework.store.outbox import enqueue
from framework.store.types import utcnow
from framework.workflow.actors import Actor
from framework.workflow.errors import NotFound
from framework.workflow.roles import ADMIN_ROLE

ANSWER_STATUSES = ("verified", "followed_up", "closed")  # what an agency may say; `forwarded` is the channel's
REPLY_MIN, REPLY_MAX = 10, 2000
ANSWER_CHANNELS = ("inbox", "email")  # how the citizen hears of an answer (their muted channels are honoured)


def handles_complaints(actor: Actor) -> bool:
    """The region's complaints handler: its admin, never an officer of a step (who may be the one complained of)."""
    return actor.is_officer and actor.role == ADMIN_ROLE and bool(actor.region)


def _visible(actor: Actor) -> Select:
    """Complaints (with their area) the handler may see: the application's area, else the chosen kabupaten/kota,
    leaving out those about an application the handler filed or acted on."""
    return _in_area(actor).where(~_handled_by(actor))


def _in_area(actor: Actor) -> Select:
    area = func.coalesce(Application.area, Complaint.region)
    return (
        select(Complaint, area)
        .outerjoin(Application, Application.tracking_number == Complaint.tracking_number)
        .where(in_scope(area, actor.region or "-"))
    )


def _handled_by(actor: Actor) -> ColumnElement[bool]:
    """The complaint is about an application ``actor`` filed or acted on."""
    acted = select(TransitionRecord.id).where(
        TransitionRecord.application_id == Application.id, TransitionRecord.actor == actor.id
    )
    filed = and_(Application.filed_by.is_not(None), Application.filed_by == actor.id)  # never NULL: NOT keeps the row
    return and_(Application.id.is_not(None), or_(filed, acted.exists()))


def complaints_in(session: Session, actor: Actor, limit: int = 200) -> tuple[list[Complaint], int]:
    """The handler's complaints (open ones first, newest first), and how many of their area are withheld from them
    because they handled the application.

    Why the count is said at all: in a region with one admin, such a
    complaint is answered through SP4N-LAPOR! (which always receives it) or
    by another admin; the admin should know it exists rather than see a
    shorter list. One query serves both: the area's complaints, the withheld
    ones sorted last (so never in place of a shown one) and counted over all
    rows before the limit.
    """
    if not handles_complaints(actor):
        return [], 0
    handled = _handled_by(actor)
    withheld = func.sum(case((handled, 1), else_=0)).over()
    query = (
        _in_area(actor)
        .add_columns(handled.label("handled"), withheld)
        .order_by("handled", Complaint.status == "closed", Complaint.id.desc())
        .limit(limit)
    )
    rows = session.execute(query).all()
    shown = [complaint for complaint, _area, was_handled, _withheld in rows if not was_handled]
    return shown, int(rows[0][3] or 0) if rows else 0


def _found(session: Session, reference: str, actor: Actor) -> tuple[Complaint, str | None] | None:
    """The complaint and its area, when it is one the handler may see."""
    if not handles_complaints(actor):
        return None
    row = session.execute(_visible(actor).where(Complaint.reference == reference)).first()
    return (row[0], row[1]) if row is not None else None


def open_complaint(session: Session, reference: str, actor: Actor) -> Complaint:
    """One complaint for the handler (audited); NotFound outside their area, or about an application they acted on."""
    found = _found(session, reference, actor)
    if found is None:
        raise NotFound("Pengaduan tidak ditemukan.", "No such complaint.")
    complaint, area = found
    audit_trail.record(session, actor, "complaint.view", complaint.reference, {"personal_data": True}, region=area)
    session.commit()
    return complaint


def answer_complaint(session: Session, reference: str, actor: Actor, status: str, reply: str) -> Complaint:
    """Record the agency's answer (kept with the earlier ones), queue it for the channel and tell the citizen.

    ComplaintError names what to fix.
    """
    found = _found(session, reference, actor)
    if found is None:
        raise NotFound("Pengaduan tidak ditemukan.", "No such complaint.")
    complaint, area = found
    errors = answer_errors(status, reply)
    if errors:
        raise ComplaintError(errors)
    now = utcnow()
    answer = ComplaintReply(
        complaint_id=complaint.id, status=status, reply=reply.strip(), replied_by=actor.id, replied_at=now
    )
    session.add(answer)
    complaint.status, complaint.reply = status, answer.reply
    complaint.replied_by, complaint.replied_at, complaint.updated_at = actor.id, now, now
    session.flush()
    enqueue(session, "complaint_reply", {"complaint_id": complaint.id, "reply_id": answer.id})
    enqueue(
        session,
        "notify",
        {
            "event": "complaint_answered",
            "complaint_id": complaint.id,
            "tracking_number": complaint.tracking_number,
            "channels": list(ANSWER_CHANNELS),
        },
    )
    audit_trail.record(session, actor, "complaint.answer", complaint.reference, {"status": status}, now, region=area)
    session.commit()
    return complaint


def answer_errors(status: str, reply: str) -> list[FieldError]:
    """What is wrong with an answer; a reply is measured by what the citizen will see (no zero-width padding)."""
    errors = []
    if status not in ANSWER_STATUSES:
        errors.append(field_error("status", "status", "Pilih status tindak lanjut.", "Choose the follow-up status."))
    if len(visible(reply)) < REPLY_MIN or len(reply.strip()) > REPLY_MAX:
        errors.append(
            field_error(
                "reply",
                "reply_length",
                f"Tanggapan {REPLY_MIN}–{REPLY_MAX} karakter.",
                f"A reply has {REPLY_MIN}–{REPLY_MAX} characters.",
            )
        )
    return errors


def replies_of(session: Session, complaint: Complaint) -> list[ComplaintReply]:
    """Every answer the agency gave to this complaint, oldest first."""
    return replies_for(session, [complaint.id]).get(complaint.id, [])


def replies_for(session: Session, complaint_ids: Iterable[int]) -> dict[int, list[ComplaintReply]]:
    """complaint id → its answers, oldest first, in one query (the citizen's list of complaints)."""
    wanted = sorted(set(complaint_ids))
    found: dict[int, list[ComplaintReply]] = {}
    if wanted:
        query = select(ComplaintReply).where(ComplaintReply.complaint_id.in_(wanted)).order_by(ComplaintReply.id)
        for answer in session.scalars(query):
            found.setdefault(answer.complaint_id, []).append(answer)
    return found


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
    reply_id = message.payload.get("reply_id")
    answer = session.get(ComplaintReply, reply_id) if isinstance(reply_id, int) else None
    status, reply, replied_at = (  # this message's answer, not a later one (messages queued before 0015: latest)
        (answer.status, answer.reply, answer.replied_at)
        if answer is not None and answer.complaint_id == complaint.id
        else (complaint.status, complaint.reply, complaint.replied_at)
    )
    send(
        complaint.external_ref,
        {
            "reference": complaint.reference,
            "status": status,
            "status_label": STATUSES[status].as_dict() if status in STATUSES else {"id": status, "en": status},
            "reply": reply,
            "replied_at": replied_at.isoformat() if replied_at else None,
        },
    )


def complaint_attachment(
    session: Session, reference: str, index: int, actor: Actor, storage: Storage
) -> ServedDocument:
    """One attachment of a complaint the handler may see (the evidence they act on), audited; NotFound otherwise."""
    found = _found(session, reference, actor)
    attachments = found[0].attachments if found is not None and isinstance(found[0].attachments, list) else []
    if found is None or not 0 <= index < len(attachments) or not isinstance(attachments[index], dict):
        raise NotFound("Lampiran tidak ditemukan.", "No such attachment.")
    complaint, area = found
    stored = UploadInfo.from_dict(attachments[index])
    try:
        data = storage.open(stored.key)
    except (KeyError, ValueError):
        raise NotFound("Lampiran tidak ditemukan.", "No such attachment.") from None
    detail = {"personal_data": True, "attachment": index}
    audit_trail.record(session, actor, "complaint.attachment", complaint.reference, detail, region=area)
    session.commit()
    return ServedDocument(data, attachment_name(complaint, index), stored.mime or "application/octet-stream", False)
