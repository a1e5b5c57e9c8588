"""Provider plugins: what acts on an approved application beyond issuing it.

Issuing alone (a number, a PDF with a verification QR code) needs no plugin:
the national issuers (Dukcapil, Kemenkes, DPMPTSP) and a region's own
agencies are declared in ``definitions/issuers/`` and issued by the
framework. What stays a plugin is a real integration: the private
``webhook`` provider issues the product too and tells the provider's own
system through a signed HTTP callback (see ``webhook.py``).
"""

from __future__ import annotations

from plugins.providers.webhook import WebhookProvider

__all__ = ["WebhookProvider"]
