"""Issued products (the PDF a provider issued) and their public verification code.

Owned by the plugins area (issue 6); created by migration ``0002_plugins``.
The PDF is kept in the database so any web process can serve it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from framework.store.models import Base
from framework.store.types import utcnow


class IssuedProduct(Base):
    __tablename__ = "issued_products"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)  # printed in the QR code
    tracking_number: Mapped[str] = mapped_column(String(16), unique=True)
    service_id: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    holder_name: Mapped[str] = mapped_column(String(200))
    holder_nik: Mapped[str] = mapped_column(String(16))
    region: Mapped[str] = mapped_column(String(16))
    provider: Mapped[str] = mapped_column(String(64))
    number: Mapped[str] = mapped_column(String(120))  # the document or licence number
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
