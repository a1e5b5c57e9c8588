"""The ``notify`` topic: tell the citizen, through the channels the definition chose.

The outbox message says which event happened and which channels the
definition's ``notify`` block chose (or, for an answered complaint, the
complaint it is about); the citizen's profile gives the contact
details and the channels they muted (the inbox cannot be muted). Each
(message, channel) is delivered at most once: a `ChannelDelivery` row is
committed right after the channel accepted it, and a retry skips channels that
already have one. A failing channel raises `DeliveryFailed` after the others
were tried, so the worker retries only what is left.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.core.text import Text, bilingual, msg
from framework.plugins.base import DeliveryFailed, Notification, Recipient
from framework.plugins.registry import Registries
from framework.store.complaints import Complaint
from framework.store.inbox import ChannelDelivery, CitizenProfile
from framework.store.models import Application, OutboxMessage

log = logging.getLogger("mpp.notifications")

# event → (subject, body); a notification is in the profile's language, or both (`build_notification`)
EVENT_TEXTS: dict[str, tuple[Text, Text]] = {
    "submitted": (
        msg("Permohonan diterima", "Application received"),
        msg(
            "Permohonan {service} nomor {tracking_number} sudah kami terima.",
            "Your application for {service}, number {tracking_number}, has been received.",
        ),
    ),
    "returned": (
        msg("Permohonan dikembalikan", "Application returned"),
        msg(
            "Permohonan {tracking_number} ({service}) dikembalikan untuk diperbaiki. Buka permohonan untuk melihat "
            "alasannya.",
            "Application {tracking_number} ({service}) was returned for correction. Open it to see why.",
        ),
    ),
    "resubmitted": (
        msg("Perbaikan diterima", "Correction received"),
        msg(
            "Perbaikan permohonan {tracking_number} ({service}) sudah kami terima.",
            "The correction of application {tracking_number} ({service}) has been received.",
        ),
    ),
    "approved": (
        msg("Permohonan disetujui", "Application approved"),
        msg(
            "Permohonan {tracking_number} ({service}) disetujui.",
            "Application {tracking_number} ({service}) was approved.",
        ),
    ),
    "rejected": (
        msg("Permohonan ditolak", "Application rejected"),
        msg(
            "Permohonan {tracking_number} ({service}) ditolak. Buka permohonan untuk melihat alasannya.",
            "Application {tracking_number} ({service}) was rejected. Open it to see why.",
        ),
    ),
    "withdrawn": (
        msg("Permohonan dibatalkan", "Application withdrawn"),
        msg(
            "Permohonan {tracking_number} ({service}) sudah dibatalkan atas permintaan Anda.",
            "Application {tracking_number} ({service}) was withdrawn at your request.",
        ),
    ),
    "overdue": (
        msg("Permohonan melewati batas waktu", "Application past its deadline"),
        msg(
            "Permohonan {tracking_number} ({service}) melewati batas waktu layanan. Petugas sedang "
            "menindaklanjutinya; Anda juga dapat mengajukan pengaduan.",
            "Application {tracking_number} ({service}) is past the service deadline. The officers are following "
            "it up; you may also file a complaint.",
        ),
    ),
    "complaint_answered": (
        msg("Pengaduan ditanggapi", "Complaint answered"),
        msg(
            "Pengaduan {reference} ({service}) sudah ditanggapi petugas. Baca tanggapannya di {base_url}/pengaduan.",
            "Complaint {reference} ({service}) was answered by the officers. Read the answer at {base_url}/pengaduan.",
        ),
    ),
    "issued": (
        msg("Dokumen terbit", "Document issued"),
        msg(
            "Dokumen untuk permohonan {tracking_number} ({service}) sudah terbit: "
            "{base_url}/dokumen/{tracking_number}.pdf",
            "The document for application {tracking_number} ({service}) has been issued: "
            "{base_url}/dokumen/{tracking_number}.pdf",
        ),
    ),
}
DEFAULT_TEXT = (
    msg("Kabar permohonan", "Application update"),
    msg(
        "Ada kabar baru untuk permohonan {tracking_number} ({service}). Buka permohonan untuk melihatnya.",
        "There is news about application {tracking_number} ({service}). Open it to see what changed.",
    ),
)
UNMUTABLE = {"inbox"}
# the languages a citizen may choose for their notifications (the profile page); anything else gets both
LANGUAGE_CHOICES: dict[str, Text] = {
    "id": Text("Bahasa Indonesia", "Indonesian"),
    "en": Text("Bahasa Inggris", "English"),
    "both": Text("Keduanya (Indonesia dan Inggris)", "Both (Indonesian and English)"),
}


class PermanentFailure(RuntimeError):
    """Retrying cannot help (the application does not exist); the message is parked at once."""


@dataclass(frozen=True)
class About:
    """Whom a notification is for and what it names: an application, or a complaint (maybe about a service)."""

    citizen_nik: str
    tracking_number: str  # "" for a complaint about a service
    title: Text  # the service's title in both languages
    values: Mapping[str, str] = field(default_factory=dict)  # further placeholders (a complaint's reference)


def handle_notify(session: Session, message: OutboxMessage, registries: Registries) -> None:
    payload = message.payload
    if payload.get("role"):  # officers' escalations: shown in their queue, not in a citizen's inbox
        _record(session, message.id, "*", "skipped", "officer notice: shown in the officers' queue")
        return
    about = _about(session, payload)
    profile = session.get(CitizenProfile, about.citizen_nik)
    channels = payload.get("channels")
    failures = [
        failure
        for channel in (channels if isinstance(channels, list) else [])
        if (failure := _deliver(session, message, registries, about, profile, str(channel)))
    ]
    if failures:
        raise DeliveryFailed("; ".join(failures))


def _about(session: Session, payload: Mapping[str, Any]) -> About:
    """The citizen and the subject of the message; PermanentFailure when it names nothing that exists."""
    complaint_id = payload.get("complaint_id")
    if complaint_id is not None:
        complaint = session.get(Complaint, complaint_id) if isinstance(complaint_id, int) else None
        if complaint is None:
            raise PermanentFailure(f"no complaint {complaint_id!r}")
        application = _application(session, complaint.tracking_number)
        title = service_titles(session, application) if application else Text(complaint.service_id or "")
        values = {"reference": complaint.reference}
        return About(complaint.citizen_nik, complaint.tracking_number or "", title, values)
    application = _application(session, payload.get("tracking_number"))
    if application is None:
        raise PermanentFailure(f"no application {payload.get('tracking_number')!r}")
    return About(application.applicant_nik, application.tracking_number, service_titles(session, application))


def _application(session: Session, tracking_number: Any) -> Application | None:
    if not isinstance(tracking_number, str) or not tracking_number:
        return None
    return session.scalar(select(Application).where(Application.tracking_number == tracking_number))


def _deliver(
    session: Session,
    message: OutboxMessage,
    registries: Registries,
    about: About,
    profile: CitizenProfile | None,
    channel: str,
) -> str:
    """Deliver one channel unless already done; return an error text or ''."""
    key = delivery_key(message.id, channel)
    if session.scalar(select(ChannelDelivery.id).where(ChannelDelivery.idempotency_key == key)) is not None:
        return ""
    if profile is not None and channel in (profile.muted or []) and channel not in UNMUTABLE:
        _record(session, message.id, channel, "skipped", "muted by the citizen")
        return ""
    if channel not in registries.notifiers:
        _record(session, message.id, channel, "skipped", "no such channel installed")
        return ""
    notification = build_notification(about, profile, message, key)
    try:
        detail = registries.notifiers.get(channel)().send(notification, session)
    except DeliveryFailed as exc:
        session.rollback()
        return f"{channel}: {exc}"
    except Exception as exc:  # broad on purpose: a broken plugin is contained and retried
        session.rollback()
        log.exception("notifier %s failed", channel)
        return f"{channel}: {type(exc).__name__}: {exc}"
    _record(session, message.id, channel, "skipped" if str(detail).startswith("skipped") else "delivered", str(detail))
    return ""


def delivery_key(outbox_id: int, channel: str) -> str:
    return f"outbox-{outbox_id}-{channel}"


def _record(session: Session, outbox_id: int, channel: str, outcome: str, detail: str) -> None:
    """Commit the channel's delivery with whatever it wrote (e.g. the inbox row)."""
    session.add(
        ChannelDelivery(
            idempotency_key=delivery_key(outbox_id, channel),
            outbox_id=outbox_id,
            channel=channel,
            outcome=outcome,
            detail=detail,
        )
    )
    session.commit()


def build_notification(about: About, profile: CitizenProfile | None, message: OutboxMessage, key: str) -> Notification:
    event = str(message.payload.get("event", ""))
    subject, body = EVENT_TEXTS.get(event, DEFAULT_TEXT)
    from framework.services.products import public_url

    values = {"tracking_number": about.tracking_number, "event": event, "base_url": public_url(), **about.values}
    title = about.title

    def filled(text: Text) -> Text:  # each language with the service's title in that language
        return Text(
            text.id.format(service=title.id, **values), text.get("en").format(service=title.get("en"), **values)
        )

    language = chosen_language(profile)
    recipient = Recipient(
        citizen_nik=about.citizen_nik,
        name=profile.name if profile else "",
        email=profile.email if profile else "",
        phone=profile.phone if profile else "",
        language=language,  # what the subject and body are written in, so a channel can say so (Content-Language)
    )
    subject_text, body_text = filled(subject), filled(body)
    return Notification(
        recipient,
        in_language(subject_text, language),
        in_language(body_text, language, "\n"),
        about.tracking_number,
        event,
        key,
        subject_text=subject_text,  # each language apart, for the inbox (it shows the profile's choice later)
        body_text=body_text,
    )


def chosen_language(profile: CitizenProfile | None) -> str:
    """The language of the citizen's notifications: ``id``, ``en`` or ``both`` (no profile, or nothing known)."""
    return profile.language if profile is not None and profile.language in LANGUAGE_CHOICES else "both"


def in_language(text: Text, language: str, separator: str = " / ") -> str:
    """``text`` in the language the citizen chose on their profile; both when they chose both (or nothing)."""
    return text.get(language) if language in ("id", "en") else bilingual(text, separator)


def service_titles(session: Session, application: Application) -> Text:
    """The service's title in both languages from the definition the application was filed under."""
    try:
        from framework.services.applications import spec_of

        title = spec_of(session, application).title
        return Text(title.get("id") or application.service_id, title.get("en") or title.get("id") or "")
    except Exception:  # broad on purpose: a title is not worth failing a notification
        log.warning("no title for %s", application.service_id, exc_info=True)
        return Text(application.service_id)
