"""The issued product: a PDF with a QR code that leads to its public check.

A provider "acts" on an approved application by calling `issue_product`: the
document gets a number and an unguessable verification code; the QR code
encodes ``<MPP_PUBLIC_URL>/verifikasi/<code>``, where anyone holding the paper
can see what was issued, to whom (masked NIK), when, and whether it is still
valid. Issuing twice for one application returns the first product, so a
worker that restarts mid-delivery never issues two documents.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.plugins.base import Delivery
from framework.store.products import IssuedProduct
from framework.store.types import utcnow
from framework.workflow.calendar import wib_text

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are typed from paper too


def public_url() -> str:
    """Base URL printed in QR codes (MPP_PUBLIC_URL; the dev server by default)."""
    return os.environ.get("MPP_PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/")


def verification_url(code: str, base_url: str = "") -> str:
    return f"{(base_url or public_url()).rstrip('/')}/verifikasi/{code}"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


def mask_nik(nik: str) -> str:
    """``3203014204850001`` → ``3203********0001``: enough to match a card, not to copy it."""
    return nik[:4] + "*" * max(0, len(nik) - 8) + nik[-4:] if len(nik) > 8 else "*" * len(nik)


def issue_product(session: Session, delivery: Delivery, provider: str, number: str) -> IssuedProduct:
    """Issue (or return the already issued) product of one application; caller commits."""
    existing = session.scalar(select(IssuedProduct).where(IssuedProduct.tracking_number == delivery.tracking_number))
    if existing is not None:
        return existing
    code = new_code()
    issued_at = utcnow()
    product = IssuedProduct(
        code=code,
        tracking_number=delivery.tracking_number,
        service_id=delivery.service_id,
        title=delivery.service_title[:300],
        holder_name=delivery.applicant_name[:200],
        holder_nik=delivery.applicant_nik,
        region=delivery.region,
        provider=provider,
        number=number,
        issued_at=issued_at,
        pdf=render_pdf(delivery, number, code, issued_at),
    )
    session.add(product)
    session.flush()
    return product


@dataclass(frozen=True)
class Verification:
    """What the public verification page shows."""

    code: str
    title: str
    number: str
    holder_name: str
    holder_nik_masked: str
    issued_at: datetime
    provider: str
    valid: bool


def verify(session: Session, code: str) -> Verification | None:
    product = session.get(IssuedProduct, code.strip().upper())
    if product is None:
        return None
    return Verification(
        code=product.code,
        title=product.title,
        number=product.number,
        holder_name=product.holder_name,
        holder_nik_masked=mask_nik(product.holder_nik),
        issued_at=product.issued_at,
        provider=product.provider,
        valid=product.revoked_at is None,
    )


def product_pdf(session: Session, tracking_number: str) -> bytes | None:
    """The PDF of an application's product, for the citizen's download."""
    product = session.scalar(select(IssuedProduct).where(IssuedProduct.tracking_number == tracking_number))
    return None if product is None else product.pdf


def render_pdf(delivery: Delivery, number: str, code: str, issued_at: datetime) -> bytes:
    """One A4 page: title, number, holder, date, and the verification QR code."""
    import segno
    from fpdf import FPDF

    url = verification_url(code, delivery.base_url)
    pdf = FPDF(format="A4")
    pdf.set_title(delivery.service_title)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, _latin1(delivery.service_title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.ln(4)
    for label, value in _lines(delivery, number, issued_at, code):
        pdf.cell(55, 8, _latin1(label))
        pdf.multi_cell(0, 8, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    draw_qr(pdf, segno.make(url, error="m").matrix, x=pdf.w / 2 - QR_SIZE_MM / 2, y=pdf.get_y(), size=QR_SIZE_MM)
    pdf.set_y(pdf.get_y() + QR_SIZE_MM + 4)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(
        0,
        6,
        _latin1(f"Pindai untuk memeriksa keaslian / Scan to verify: {url}"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())


QR_SIZE_MM = 50.0


def draw_qr(pdf: Any, matrix: Sequence[Sequence[int]], x: float, y: float, size: float) -> None:
    """The QR code as vector rectangles (one per run of dark modules): sharp on any printer."""
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row_number, row in enumerate(matrix):
        for start, length in dark_runs(row):
            pdf.rect(x + start * module, y + row_number * module, length * module, module, style="F")


def dark_runs(row: Sequence[int]) -> list[tuple[int, int]]:
    """``[0,1,1,0,1]`` → ``[(1, 2), (4, 1)]``."""
    runs: list[tuple[int, int]] = []
    start = None
    for column, dark in enumerate(list(row) + [0]):
        if dark and start is None:
            start = column
        elif not dark and start is not None:
            runs.append((start, column - start))
            start = None
    return runs


def _lines(delivery: Delivery, number: str, issued_at: datetime, code: str) -> list[tuple[str, str]]:
    return [
        ("Nomor / Number", number),
        ("Nama / Name", delivery.applicant_name),
        ("NIK", mask_nik(delivery.applicant_nik)),
        ("Nomor permohonan", delivery.tracking_number),
        ("Wilayah / Region", delivery.region),
        ("Diterbitkan / Issued", wib_text(issued_at)),
        ("Kode verifikasi", code),
    ]


def _latin1(text: str) -> str:
    """The core PDF fonts are Latin-1; anything else is replaced, never a crash."""
    return text.encode("latin-1", "replace").decode("latin-1")
