"""Issuing for provider plugins with an integration of their own (the webhook).

The national issuers that only numbered and issued a PDF (Dukcapil, Kemenkes,
DPMPTSP) are declarations now (``definitions/issuers/``), issued by the
framework itself (``framework.services.issuing``). A plugin such as the
webhook issues through the same function when its service names a declared
issuer, and otherwise with its own stable number, then talks to its system.
"""

from __future__ import annotations

from typing import Any

from framework.plugins.base import Delivery, DeliveryResult

# provider id → document number format when the service names no declared issuer
NUMBER_FORMATS: dict[str, str] = {"webhook": "EXT/{year}/{serial}"}


def document_number(provider: str, delivery: Delivery) -> str:
    """A stable number: the same application always gets the same number."""
    template = NUMBER_FORMATS.get(provider, "{tracking}")
    year = delivery.tracking_number[:4] if delivery.tracking_number[:4].isdigit() else "0000"
    serial = "".join(ch for ch in delivery.tracking_number if ch.isalnum())[-6:].upper()
    return template.format(
        region_compact=delivery.region.replace(".", ""), year=year, serial=serial, tracking=delivery.tracking_number
    )


def issue(provider: str, delivery: Delivery, session: Any) -> DeliveryResult:
    """Issue the product (once per application) by the declared issuer, else with this provider's own number."""
    from framework.services import issuing
    from framework.services.products import issue_product, verification_url

    try:
        return issuing.issue(session, delivery)
    except issuing.UnknownIssuer:
        product = issue_product(session, delivery, provider, document_number(provider, delivery))
        return DeliveryResult(
            product.code,
            {"number": product.number, "verification_url": verification_url(product.code, delivery.base_url)},
        )
