"""Providers that act on approved applications: central, regional and private.

Central (``dukcapil``, ``kemenkes``) and regional (``dpmptsp``) providers
issue the product here (a PDF with a verification QR code); the private
``webhook`` provider also tells the provider's own system through a signed
HTTP callback (see ``webhook.py``).
"""

from __future__ import annotations

from typing import Any

from framework.plugins.base import Delivery, DeliveryResult, Provider
from plugins.providers.webhook import WebhookProvider


class IssuingProvider(Provider):
    """A provider whose action is to number and issue the product."""

    def deliver(self, delivery: Delivery, session: Any) -> DeliveryResult:
        from plugins.providers.issuing import issue

        return issue(self.id, delivery, session)


class DukcapilProvider(IssuingProvider):
    id = "dukcapil"


class KemenkesProvider(IssuingProvider):
    id = "kemenkes"


class DPMPTSPProvider(IssuingProvider):
    id = "dpmptsp"


__all__ = ["DPMPTSPProvider", "DukcapilProvider", "KemenkesProvider", "WebhookProvider"]
