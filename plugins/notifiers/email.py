"""Email through SMTP (smtplib).

Settings: MPP_SMTP_HOST, MPP_SMTP_PORT (25), MPP_SMTP_USER, MPP_SMTP_PASSWORD,
MPP_SMTP_FROM, MPP_SMTP_STARTTLS (1/0), MPP_SMTP_TIMEOUT (10). Without
MPP_SMTP_HOST the channel is a sandbox that only logs in development; in
production it is unconfigured instead (a start-up warning, and deliveries
fail and are parked, never silently dropped). The idempotency key becomes the Message-ID, so a mail server or
client can drop a retried duplicate.
"""

from __future__ import annotations

import logging
import os
import smtplib
from email.message import EmailMessage
from typing import Any

from framework.core import settings as app_settings
from framework.plugins.base import DeliveryFailed, Notification, Notifier

log = logging.getLogger("mpp.plugins.email")


class EmailNotifier(Notifier):
    id = "email"

    @classmethod
    def mode(cls, environment: str | None = None) -> str:
        if os.environ.get("MPP_SMTP_HOST") or (environment or app_settings.environment()) == "production":
            return "smtp"
        return "sandbox"

    @classmethod
    def startup_warnings(cls, environment: str | None = None) -> list[str]:
        return (
            []
            if os.environ.get("MPP_SMTP_HOST") or cls.mode(environment) == "sandbox"
            else ["MPP_SMTP_HOST is not set; emails will be parked"]
        )

    def send(self, notification: Notification, session: Any) -> str:
        if not notification.recipient.email:
            return "skipped: no email address in the profile"
        message = build_message(notification, os.environ.get("MPP_SMTP_FROM", "noreply@mpp-digital.invalid"))
        if self.mode() == "sandbox":
            log.info("sandbox email to %s: %s", notification.recipient.email, notification.subject)
            return "sandbox"
        if not os.environ.get("MPP_SMTP_HOST"):
            raise DeliveryFailed("MPP_SMTP_HOST is not set")
        try:
            with smtplib.SMTP(
                os.environ["MPP_SMTP_HOST"],
                int(os.environ.get("MPP_SMTP_PORT", "25")),
                timeout=float(os.environ.get("MPP_SMTP_TIMEOUT", "10")),
            ) as smtp:
                if os.environ.get("MPP_SMTP_STARTTLS", "0") == "1":
                    smtp.starttls()
                if os.environ.get("MPP_SMTP_USER"):
                    smtp.login(os.environ["MPP_SMTP_USER"], os.environ.get("MPP_SMTP_PASSWORD", ""))
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(f"SMTP: {exc}") from None
        return f"smtp: {notification.recipient.email}"


def build_message(notification: Notification, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = notification.recipient.email
    message["Subject"] = notification.subject
    message["Message-ID"] = f"<{notification.idempotency_key}@mpp-digital>"
    message.set_content(notification.body)
    return message
