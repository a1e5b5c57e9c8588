"""Issued products (the PDF a provider issued), their public verification code, and the issuers' sequences.

Owned by the plugins area (issue 6); created by migration ``0002_plugins``.
The PDF is kept in the database so any web process can serve it. The
issuer's name (migration ``0011_builder_issuers``) is copied onto each
product: the verification page shows who issued it, even after the issuer's
declaration changes. Its electronic signature (state, signer, time) is
kept beside the PDF (migration ``0017_product_signature``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from framework.store.models import Base
from framework.store.types import utcnow

PENDING, SIGNED, UNSIGNED = "pending", "signed", "none"  # IssuedProduct.signature


class IssuedProduct(Base):
    __tablename__ = "issued_products"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)  # printed in the QR code
    tracking_number: Mapped[str] = mapped_column(String(16), unique=True)
    service_id: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))  # as on the paper (Indonesian)
    # None without an English title (or issued before it was kept)
    title_en: Mapped[str | None] = mapped_column(String(300))
    holder_name: Mapped[str] = mapped_column(String(200))  # whom the document is for
    holder_nik: Mapped[str] = mapped_column(String(16))  # the applicant's: a newborn holder has none yet
    # the applicant, where the document is for someone else (migration 0019); None: the holder applied
    applicant_name: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(16))
    provider: Mapped[str] = mapped_column(String(64))
    number: Mapped[str] = mapped_column(String(120))  # the document or licence number
    issuer_name: Mapped[str | None] = mapped_column(String(300))  # as declared when issued (Indonesian)
    issuer_name_en: Mapped[str | None] = mapped_column(String(300))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    # the electronic signature (migration 0017): "none" (not signed), "pending" (issued, being signed: not shown
    # yet) or "signed"; who signed as the certificate names them, and when (framework.services.signing)
    signature: Mapped[str] = mapped_column(String(16), default=UNSIGNED, server_default=UNSIGNED)
    signed_by: Mapped[str | None] = mapped_column(String(300))
    signed_at: Mapped[datetime | None]

    @property
    def shown(self) -> bool:
        """Downloadable and verifiable: not waiting for its electronic signature."""
        return self.signature != PENDING


class IssuerSequence(Base):
    """The last `{sequence}` an issuer gave in a region and year (numbers restart each year)."""

    __tablename__ = "issuer_sequences"
    issuer: Mapped[str] = mapped_column(String(64), primary_key=True)
    region: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)
