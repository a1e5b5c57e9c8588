"""Electronic signatures (TTE) of issued products.

Which signer: ``MPP_SIGNER`` names an installed signer plugin (entry-point
group ``mpp.signers``; ``bsre`` by default), or ``none`` for products that
are not signed electronically (their PDF then claims no signature).

When: a product is issued with ``signature = "pending"`` and its unsigned PDF,
and that is committed before the signer is called, so neither the issuer's
number sequence nor the database waits on the signing service (on SQLite a
slow BSrE would otherwise hold every writer). The product is neither shown
nor verifiable until its signed PDF is stored; a worker that dies between the
two finds the pending product and signs it again, with the same number.

What comes back is checked before it replaces the PDF: a PDF whose last
signature is intact and covers the whole file. Whether its certificate is
trusted is for the reader's PDF software and BSrE to say; the verification
page shows who signed, as the certificate names them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from framework.core.event_loops import outside_event_loop
from framework.core.text import Text
from framework.plugins.base import DeliveryFailed, Signer, SigningRefused, SigningRequest
from framework.plugins.registry import PluginError, Registries, chosen_signer
from framework.store.products import SIGNED, IssuedProduct
from framework.store.types import utcnow


@dataclass(frozen=True)
class SignatureFacts:
    """What a signed PDF says about its last signature."""

    signed_by: str  # the certificate holder, as its subject names them
    signed_at: datetime


def signer_in_use(registries: Registries | None = None) -> type[Signer] | None:
    """The configured signer plugin (``MPP_SIGNER``), or None for unsigned products."""
    try:
        return chosen_signer(registries)
    except PluginError as exc:
        raise SigningRefused(str(exc)) from None


def statement_in_use(registries: Registries | None = None) -> Text | None:
    """What a product issued now says about its electronic signature, or None when it will not be signed."""
    signer = signer_in_use(registries)
    return None if signer is None else signer.statement()


def sign_pending(
    session: Session, code: str, registries: Registries | None = None, *, nik: str = "", passphrase: str = ""
) -> None:
    """Sign a pending product and store the signed PDF.

    Commits what the session holds before calling the signer (the product and
    its number are kept while the signer works); the caller commits the signed
    PDF with whatever follows (marking issued, approving). Raises
    ``DeliveryFailed`` to retry later, ``SigningRefused`` when retrying will
    not help. ``nik`` and ``passphrase``: an officer signing personally
    (``signature_step``); else the office's certificate.
    """
    product = session.get(IssuedProduct, code)
    if product is None or product.shown:
        return
    signer = signer_in_use(registries)
    if signer is None:
        raise SigningRefused(f"product {code} waits for its electronic signature, but MPP_SIGNER=none")
    request = SigningRequest(
        pdf=product.pdf,
        issuer=product.provider,
        region=product.region,
        signer_title=_signatory(product.provider) or product.issuer_name or product.provider,
        document_number=product.number,
        reason=f"{product.title} {product.number}",
        nik=nik,
        passphrase=passphrase,
    )
    session.commit()
    signed = signer().sign(request)
    facts = signature_facts(signed.pdf)
    product = session.get(IssuedProduct, code)
    if product is None or product.shown:  # another worker finished first
        return
    product.pdf = signed.pdf
    product.signature = SIGNED
    product.signed_by = facts.signed_by[:300]
    product.signed_at = facts.signed_at


def _signatory(issuer_id: str) -> str:
    """The declared issuer's signatory ("Kepala Dinas …"), named on a sandbox certificate."""
    from framework.services.issuing import declared_issuers

    issuer = declared_issuers().get(issuer_id)
    return issuer.signatory_title.get("id") if issuer is not None and issuer.signatory_title is not None else ""


def signature_facts(pdf: bytes) -> SignatureFacts:
    """Who signed ``pdf`` and when; ``DeliveryFailed`` unless its last signature is intact and covers it all."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise DeliveryFailed(f"the signer's answer is not a readable PDF ({exc})") from None
    if not signatures:
        raise DeliveryFailed("the signer's answer carries no electronic signature")
    last = signatures[-1]
    # the certificate is its own anchor here: integrity is checked, trust is the reader's and BSrE's
    status = outside_event_loop(lambda: validate_pdf_signature(last, ValidationContext(trust_roots=[last.signer_cert])))
    if not status.intact or status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        raise DeliveryFailed("the signer's answer has a signature that does not cover the whole document")
    subject = last.signer_cert.subject.native
    holder = ", ".join(str(subject[key]) for key in ("common_name", "organization_name") if subject.get(key))
    when = status.signer_reported_dt or utcnow()
    return SignatureFacts(holder or last.signer_cert.subject.human_friendly, when.astimezone(UTC))
