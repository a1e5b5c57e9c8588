"""What every provider does when it acts: number the document, issue the PDF.

Central (Dukcapil, Kemenkes) and regional (DPMPTSP) providers differ only in
how they number what they issue, so they are rows of one table, not classes
with their own logic. The national systems' real numbering and signing (TTE
via BSrE) are not public; the formats below are placeholders that are easy
to correct.
"""

from __future__ import annotations

from typing import Any

from framework.plugins.base import Delivery, DeliveryResult

# provider id → document number format (fields: region, year, serial, tracking)
NUMBER_FORMATS: dict[str, str] = {
    "dukcapil": "{region_compact}-LU-{year}-{serial}",
    "kemenkes": "KEMENKES/{year}/{serial}",
    "dpmptsp": "503/{serial}/DPMPTSP/{region_compact}/{year}",
    "kemenpanrb": "B/{serial}/MPP-DIGITAL/{region_compact}/{year}",
    "webhook": "EXT/{year}/{serial}",
}


def document_number(provider: str, delivery: Delivery) -> str:
    """A stable number: the same application always gets the same number."""
    template = NUMBER_FORMATS.get(provider, "{tracking}")
    year = delivery.tracking_number[:4] if delivery.tracking_number[:4].isdigit() else "0000"
    serial = "".join(ch for ch in delivery.tracking_number if ch.isalnum())[-6:].upper()
    return template.format(
        region_compact=delivery.region.replace(".", ""), year=year, serial=serial, tracking=delivery.tracking_number
    )


def issue(provider: str, delivery: Delivery, session: Any) -> DeliveryResult:
    """Issue the product (once per application) and say where to verify it."""
    from framework.services.products import issue_product, verification_url

    product = issue_product(session, delivery, provider, document_number(provider, delivery))
    return DeliveryResult(
        product.code, {"number": product.number, "verification_url": verification_url(product.code, delivery.base_url)}
    )
