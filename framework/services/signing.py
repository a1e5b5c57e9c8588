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
signature is intact and covers the whole file, by a certificate that chains
to the roots of ``MPP_SIGNATURE_TRUST_ROOTS`` (BSrE's) where they are set,
and never a SANDBOX certificate in production. The verification page shows
who signed, as the certificate names them.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from framework.core import settings as app_settings
from framework.core.event_loops import outside_event_loop
from framework.core.text import Text
from framework.plugins.base import DeliveryFailed, Signer, SigningRefused, SigningRequest
from framework.plugins.registry import PluginError, Registries, chosen_signer
from framework.plugins.signature_trust import TRUST_ROOTS, trust_roots
from framework.store.products import PENDING, SIGNED, IssuedProduct
from framework.store.types import utcnow

log = logging.getLogger(__name__)


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


def signer_for(
    issuer: str, region: str, *, personally: bool = False, registries: Registries | None = None
) -> type[Signer] | None:
    """The signer of a product of ``issuer`` in ``region``, or None when it is not to be signed.

    Not signed: no signer (``MPP_SIGNER=none``), or an issuer whose office has
    no certificate here (``Signer.can_sign``), unless an officer signs
    ``personally`` with their own.
    """
    signer = signer_in_use(registries)
    return signer if signer is not None and (personally or signer.can_sign(issuer, region)) else None


def statement_for(issuer: str, region: str, *, personally: bool = False) -> Text | None:
    """What a product issued now says about its electronic signature, or None when it will not be signed."""
    signer = signer_for(issuer, region, personally=personally)
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
    personally = bool(passphrase)
    signer = signer_for(product.provider, product.region, personally=personally, registries=registries)
    if signer is None and personally:
        raise SigningRefused(f"product {code} is to be signed personally, but MPP_SIGNER=none")
    if signer is None:
        # numbered while its office could sign; no longer (MPP_SIGNER=none, or the certificate's settings removed)
        log.warning("product %s is issued unsigned: no signer for %s in %s now", code, product.provider, product.region)
        from framework.services.issuing import render_unsigned

        render_unsigned(session, product)
        return
    request = SigningRequest(
        pdf=product.pdf,
        issuer=product.provider,
        region=product.region,
        signer_title=_signatory(product.provider, product.region) or product.issuer_name or product.provider,
        document_number=product.number,
        reason=f"{product.title} {product.number}",
        nik=nik,
        passphrase=passphrase,
    )
    session.commit()
    signed = signer().sign(request)
    facts = signature_facts(signed.pdf)
    # compare-and-set: a worker that took over an expired claim may have signed meanwhile; the first one stays
    session.execute(
        update(IssuedProduct)
        .where(IssuedProduct.code == code, IssuedProduct.signature == PENDING)
        .values(pdf=signed.pdf, signature=SIGNED, signed_by=facts.signed_by[:300], signed_at=facts.signed_at)
        .execution_options(synchronize_session=False)
    )
    session.expire(product)


def _signatory(issuer_id: str, region: str) -> str:
    """The declared issuer's signatory ("Kepala Dinas … Kabupaten Gowa"), named on a sandbox certificate."""
    from framework.services.issuing import issuer_for

    issuer = issuer_for(issuer_id, region)
    title = issuer.signatory_title if issuer is not None else None
    return title.get("id") if title is not None else ""


def signature_facts(pdf: bytes) -> SignatureFacts:
    """Who signed ``pdf`` and when: the last signature intact over the whole file, by a certificate we trust.

    Not intact or not covering the whole file: `DeliveryFailed` (try again).
    Trust: with ``MPP_SIGNATURE_TRUST_ROOTS`` the certificate must chain to
    one of those roots, else `SigningRefused`; without it, the certificate is
    its own anchor (integrity only, as in development). A SANDBOX
    certificate is refused in production whatever the roots.
    """
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
    roots = trust_roots()
    context = ValidationContext(trust_roots=roots or [last.signer_cert], allow_fetching=False)
    status = outside_event_loop(lambda: validate_pdf_signature(last, context))
    if not status.intact or status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        raise DeliveryFailed("the signer's answer has a signature that does not cover the whole document")
    named = f"{last.signer_cert.subject.human_friendly} / {last.signer_cert.issuer.human_friendly}"
    if app_settings.is_production() and "SANDBOX" in named.upper():
        raise SigningRefused(f"a SANDBOX certificate signed it ({named}); production accepts none")
    if roots and not status.trusted:
        raise SigningRefused(f"the signing certificate ({named}) does not chain to a root in {TRUST_ROOTS}")
    subject = last.signer_cert.subject.native
    holder = ", ".join(str(subject[key]) for key in ("common_name", "organization_name") if subject.get(key))
    when = status.signer_reported_dt or utcnow()
    return SignatureFacts(holder or last.signer_cert.subject.human_friendly, when.astimezone(UTC))
