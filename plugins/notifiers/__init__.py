"""Notification channels: in-app inbox, email (SMTP), SMS and WhatsApp (HTTP gateway).

Each ``send`` honours the notification's idempotency key, so a worker that
dies mid-delivery and retries does not notify twice: the inbox has a unique
key, email carries it as its Message-ID, the gateways get an
``Idempotency-Key`` header.
"""

from __future__ import annotations

from typing import Any

from framework.plugins.base import Notification, Notifier
from plugins.notifiers.email import EmailNotifier
from plugins.notifiers.gateway import SMSNotifier, WhatsAppNotifier


class InboxNotifier(Notifier):
    """The citizen's in-app inbox: a row, written once per idempotency key."""

    id = "inbox"

    def send(self, notification: Notification, session: Any) -> str:
        from sqlalchemy import select

        from framework.store.inbox import InboxMessage

        exists = session.scalar(
            select(InboxMessage.id).where(InboxMessage.idempotency_key == notification.idempotency_key)
        )
        if exists is None:
            session.add(
                InboxMessage(
                    idempotency_key=notification.idempotency_key,
                    citizen_nik=notification.recipient.citizen_nik,
                    tracking_number=notification.tracking_number,
                    event=notification.event,
                    subject=notification.subject[:300],
                    body=notification.body,
                    **per_language(notification),
                )
            )
            session.flush()
        return "inbox"


def per_language(notification: Notification) -> dict[str, str | None]:
    """The inbox row's columns of each language apart (``subject_id``, ``body_en``…).

    From the notification's texts when it has them; else its strings under
    the one language they are written in (nothing when they hold both: the
    page then shows them as stored).
    """
    subject, body = notification.subject_text, notification.body_text
    if subject is not None and body is not None:
        return {
            "subject_id": subject.id[:300],
            "body_id": body.id,
            "subject_en": subject.en[:300] if subject.en else None,
            "body_en": body.en or None,
        }
    language = notification.recipient.language
    if language not in ("id", "en"):
        return {}
    return {f"subject_{language}": notification.subject[:300], f"body_{language}": notification.body}


__all__ = ["EmailNotifier", "InboxNotifier", "SMSNotifier", "WhatsAppNotifier"]
