"""The private provider: a signed HTTP callback (banks, insurers, any private provider).

On final approval the product is issued here and the provider's system is
called: ``POST MPP_WEBHOOK_URL`` with the application as JSON, signed with
HMAC-SHA256 (``MPP_WEBHOOK_SECRET``, see ``signing.py``), an
``Idempotency-Key`` per application so a retried call is recognised, and the
shared retries/breaker. A failed call raises ``DeliveryFailed``: the worker
retries with backoff and parks the message if it keeps failing. In sandbox
mode (development default) the call is only logged.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from framework.plugins.base import Delivery, DeliveryFailed, DeliveryResult, Provider

log = logging.getLogger("mpp.plugins.webhook")


class WebhookProvider(Provider):
    id = "webhook"
    settings_prefix = "WEBHOOK"

    @classmethod
    def startup_warnings(cls, environment: str | None = None) -> list[str]:
        warnings = super().startup_warnings(environment)
        if cls.mode(environment) == "http" and not os.environ.get("MPP_WEBHOOK_SECRET"):
            warnings.append("MPP_WEBHOOK_SECRET is not set; webhook deliveries will be parked")
        return warnings

    def deliver(self, delivery: Delivery, session: Any) -> DeliveryResult:
        from framework.plugins.http import ExternalUnavailable, JsonHttp
        from framework.plugins.settings import adapter_settings
        from plugins.providers.issuing import issue
        from plugins.providers.signing import signed_headers

        result = issue(self.id, delivery, session)
        session.commit()  # the product exists before the call: a retry re-sends the same one
        settings = adapter_settings(self.settings_prefix)
        body = json.dumps(callback_body(delivery, result), sort_keys=True).encode()
        if settings.mode == "sandbox":
            log.info("sandbox webhook for %s: %s", delivery.tracking_number, body.decode())
            return result
        secret = os.environ.get("MPP_WEBHOOK_SECRET", "")
        if not secret:
            raise DeliveryFailed("MPP_WEBHOOK_SECRET is not set: an unsigned call is never sent")
        headers = signed_headers(secret, body, delivery.idempotency_key)
        try:
            JsonHttp(settings).request("POST", "", content=body, headers=headers)
        except ExternalUnavailable as exc:
            raise DeliveryFailed(str(exc)) from None
        return result


def callback_body(delivery: Delivery, result: DeliveryResult) -> dict[str, Any]:
    return {
        "event": "application.approved",
        "tracking_number": delivery.tracking_number,
        "service": delivery.service_id,
        "region": delivery.region,
        "applicant": {"nik": delivery.applicant_nik, "name": delivery.applicant_name},
        "answers": dict(delivery.answers),
        "product": {"code": result.product_ref, **dict(result.detail)},
    }
