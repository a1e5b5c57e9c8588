"""Provider plugins: what acts on an approved application beyond issuing it.

Issuing alone (a number, a PDF with a verification QR code) needs no plugin:
the national issuers (Dukcapil, Kemenkes, DPMPTSP, KemenPANRB) and a region's
own agencies are declared in ``definitions/issuers/`` and issued by the
framework. What stays a plugin is a real integration: the private
``webhook`` provider issues the product too and tells the provider's own
system through a signed HTTP callback (see ``webhook.py``); ``kemenpanrb``
makes a region a locus when its application to join MPP Digital is approved,
then issues the decision letter by its declared issuer.
"""

from __future__ import annotations

from typing import Any

from framework.plugins.base import Delivery, DeliveryResult, Provider
from plugins.providers.webhook import WebhookProvider


class KemenPANRBProvider(Provider):
    """The ministry: an approved ``kementerian.pengajuan-lokus`` makes the region a locus, then the letter is issued."""

    id = "kemenpanrb"

    def deliver(self, delivery: Delivery, session: Any) -> DeliveryResult:
        from framework.services.loci import onboard
        from plugins.providers.issuing import issue

        onboard(session, delivery.region, delivery.answers, delivery.tracking_number)
        return issue(self.id, delivery, session)


__all__ = ["KemenPANRBProvider", "WebhookProvider"]
