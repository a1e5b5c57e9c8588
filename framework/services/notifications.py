"""The ``notify`` topic: tell the citizen, through the channels the definition chose.

The outbox message says which event happened and which channels the
definition's ``notify`` block chose; the citizen's profile gives the contact
details and the channels they muted (the inbox cannot be muted). Each
(message, channel) is delivered at most once: a `ChannelDelivery` row is
committed right after the channel accepted it, and a retry skips channels that
already have one. A failing channel raises `DeliveryFailed` after the others
were tried, so the worker retries only what is left.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.core.text import Text, bilingual, msg
from framework.plugins.base import DeliveryFailed, Notification, Recipient
from framework.plugins.registry import Registries
from framework.store.inbox import ChannelDelivery, CitizenProfile
from framework.store.models import Application, OutboxMessage

log = logging.getLogger("mpp.notifications")

# event → (subject, body); every notification carries both languages (`build_notification`)
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
        "Ada kabar baru untuk permohonan {tracking_number} ({service}): {event}.",
        "There is news about application {tracking_number} ({service}): {event}.",
    ),
)
UNMUTABLE = {"inbox"}


class PermanentFailure(RuntimeError):
    """Retrying cannot help (the application does not exist); the message is parked at once."""


def handle_notify(session: Session, message: OutboxMessage, registries: Registries) -> None:
    payload = message.payload
    if payload.get("role"):  # officers' escalations: shown in their queue, not in a citizen's inbox
        _record(session, message.id, "*", "skipped", "officer notice: shown in the officers' queue")
        return
    application = session.scalar(
        select(Application).where(Application.tracking_number == payload.get("tracking_number"))
    )
    if application is None:
        raise PermanentFailure(f"no application {payload.get('tracking_number')!r}")
    profile = session.get(CitizenProfile, application.applicant_nik)
    failures = [
        failure
        for channel in payload.get("channels", [])
        if (failure := _deliver(session, message, registries, application, profile, channel))
    ]
    if failures:
        raise DeliveryFailed("; ".join(failures))


def _deliver(
    session: Session,
    message: OutboxMessage,
    registries: Registries,
    application: Application,
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
    notification = build_notification(application, profile, message, key, service_titles(session, application))
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


def build_notification(
    application: Application, profile: CitizenProfile | None, message: OutboxMessage, key: str, title: Text
) -> Notification:
    event = str(message.payload.get("event", ""))
    subject, body = EVENT_TEXTS.get(event, DEFAULT_TEXT)
    from framework.services.products import public_url

    values = {"tracking_number": application.tracking_number, "event": event, "base_url": public_url()}

    def filled(text: Text) -> Text:  # each language with the service's title in that language
        return Text(
            text.id.format(service=title.id, **values), text.get("en").format(service=title.get("en"), **values)
        )

    recipient = Recipient(
        citizen_nik=application.applicant_nik,
        name=profile.name if profile else "",
        email=profile.email if profile else "",
        phone=profile.phone if profile else "",
        language=profile.language if profile else "id",
    )
    return Notification(
        recipient,
        bilingual(filled(subject)),
        bilingual(filled(body), "\n"),
        application.tracking_number,
        event,
        key,
    )


def service_titles(session: Session, application: Application) -> Text:
    """The service's title in both languages from the definition the application was filed under."""
    try:
        from framework.services.applications import spec_of

        title = spec_of(session, application).title
        return Text(title.get("id") or application.service_id, title.get("en") or title.get("id") or "")
    except Exception:  # broad on purpose: a title is not worth failing a notification
        log.warning("no title for %s", application.service_id, exc_info=True)
        return Text(application.service_id)
