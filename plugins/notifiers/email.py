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
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from framework.core import settings as app_settings
from framework.plugins.base import DeliveryFailed, Notification, Notifier
from framework.plugins.settings import PluginSettingsError

HIGHEST_PORT = 65535


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    timeout: float


def smtp_settings() -> SmtpSettings:
    """The mail server's address and timeout; a port or timeout that is not a number stops the start by name
    (before, it failed every delivery at send time, after the citizen's notice was queued)."""
    try:
        port = app_settings.number_setting("MPP_SMTP_PORT", 25, whole=True)
        timeout = app_settings.number_setting("MPP_SMTP_TIMEOUT", 10.0)
    except app_settings.SettingError as exc:
        raise PluginSettingsError(str(exc)) from None
    if not 1 <= port <= HIGHEST_PORT:
        raise PluginSettingsError(
            f"MPP_SMTP_PORT=`{port}`: harus 1 sampai {HIGHEST_PORT} / must be 1 to {HIGHEST_PORT}"
        )
    return SmtpSettings(os.environ.get("MPP_SMTP_HOST", ""), int(port), float(timeout))


log = logging.getLogger("mpp.plugins.email")


class EmailNotifier(Notifier):
    id = "email"

    @classmethod
    def mode(cls, environment: str | None = None) -> str:
        if os.environ.get("MPP_SMTP_HOST") or (environment or app_settings.environment()) == "production":
            smtp_settings()  # raises PluginSettingsError: checked at start-up, like every plugin's settings
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
        try:
            server = smtp_settings()
        except PluginSettingsError as exc:  # changed since the start: this delivery is retried, then parked
            raise DeliveryFailed(str(exc)) from None
        if not server.host:
            raise DeliveryFailed("MPP_SMTP_HOST is not set")
        try:
            with smtplib.SMTP(server.host, server.port, timeout=server.timeout) as smtp:
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
    message.set_content(notification.body)  # after it: set_content drops the Content-* headers set before
    # RFC 3282: a mail reader (and its screen reader) learns which language the text is in
    message["Content-Language"] = CONTENT_LANGUAGE.get(notification.recipient.language, "id, en")
    return message


CONTENT_LANGUAGE = {"id": "id", "en": "en", "both": "id, en"}
