"""Providers that act on approved applications: central, regional and private.

Central (``dukcapil``, ``kemenkes``, ``kemenpanrb``) and regional (``dpmptsp``) providers
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


class KemenPANRBProvider(IssuingProvider):
    """The ministry: an approved ``kementerian.pengajuan-lokus`` makes the region a locus, then the letter is issued."""

    id = "kemenpanrb"

    def deliver(self, delivery: Delivery, session: Any) -> DeliveryResult:
        from framework.services.loci import onboard

        onboard(session, delivery.region, delivery.answers, delivery.tracking_number)
        return super().deliver(delivery, session)


__all__ = ["DPMPTSPProvider", "DukcapilProvider", "KemenPANRBProvider", "KemenkesProvider", "WebhookProvider"]
