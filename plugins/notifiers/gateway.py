"""SMS and WhatsApp through an HTTP gateway.

``POST <MPP_SMS_URL>/messages`` with ``{to, text, channel}`` and an
``Idempotency-Key`` header; credentials, timeout, retries and breaker from
MPP_SMS_* / MPP_WHATSAPP_* (framework/plugins/settings.py). The sandbox
(development default) only logs; ``gateway_server.py`` is a sandbox gateway
served over HTTP for the tests.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from framework.plugins.base import DeliveryFailed, Notification, Notifier

log = logging.getLogger("mpp.plugins.gateway")


class GatewayNotifier(Notifier):
    channel: ClassVar[str] = ""

    def send(self, notification: Notification, session: Any) -> str:
        from framework.plugins.http import ExternalUnavailable, JsonHttp
        from framework.plugins.settings import adapter_settings

        if not notification.recipient.phone:
            return "skipped: no phone number in the profile"
        text = gateway_text(notification)
        settings = adapter_settings(self.settings_prefix)
        if settings.mode == "sandbox":
            log.info("sandbox %s to %s: %s", self.channel, notification.recipient.phone, notification.subject)
            return "sandbox"
        body = {"to": notification.recipient.phone, "text": text, "channel": self.channel}
        try:
            JsonHttp(settings).request(
                "POST", "/messages", json=body, headers={"Idempotency-Key": notification.idempotency_key}
            )
        except ExternalUnavailable as exc:
            raise DeliveryFailed(str(exc)) from None
        return f"{self.channel}: {notification.recipient.phone}"


MAX_TEXT = 640  # characters a gateway message holds: four SMS parts of 160


def gateway_text(notification: Notification) -> str:
    """The SMS/WhatsApp text: subject and body as the citizen's language choice wrote them, cut to ``MAX_TEXT``."""
    return f"{notification.subject}\n{notification.body}"[:MAX_TEXT]


class SMSNotifier(GatewayNotifier):
    id = "sms"
    channel = "sms"
    settings_prefix = "SMS"


class WhatsAppNotifier(GatewayNotifier):
    id = "whatsapp"
    channel = "whatsapp"
    settings_prefix = "WHATSAPP"
