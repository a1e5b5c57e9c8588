"""The issued product: a PDF with a QR code that leads to its public check.

A provider "acts" on an approved application by calling `issue_product`: the
document gets a number and an unguessable verification code; the QR code
encodes ``<MPP_PUBLIC_URL>/verifikasi/<code>``, where anyone holding the paper
can see what was issued, to whom (masked NIK), when, and whether it is still
valid. Issuing twice for one application returns the first product, so a
worker that restarts mid-delivery never issues two documents.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.core.personal import mask_nik
from framework.core.text import Text, bilingual, msg
from framework.definition.issuers import IssuerSpec
from framework.plugins.base import Delivery
from framework.services.signing import statement_for
from framework.store.products import PENDING, UNSIGNED, IssuedProduct
from framework.store.types import utcnow
from framework.workflow.calendar import local_time_text

if TYPE_CHECKING:
    from framework.services.issuing import Letter

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are typed from paper too


def public_url() -> str:
    """Base URL printed in QR codes (MPP_PUBLIC_URL; the dev server by default)."""
    return os.environ.get("MPP_PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/")


def verification_url(code: str, base_url: str = "") -> str:
    return f"{(base_url or public_url()).rstrip('/')}/verifikasi/{code}"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


def issue_product(
    session: Session,
    delivery: Delivery,
    provider: str,
    number: str,
    *,
    issuer: IssuerSpec | None = None,
    letter: Letter | None = None,
    personally: bool = False,
) -> IssuedProduct:
    """Issue (or return the already issued) product of one application; caller commits.

    ``issuer`` and ``letter``: the declared issuer (its name goes on the
    product and the verification page) and the filled-in letter.
    ``personally``: an officer signs it with their own certificate, so it
    waits for that signature even where the office has no certificate.
    """
    existing = session.scalar(select(IssuedProduct).where(IssuedProduct.tracking_number == delivery.tracking_number))
    if existing is not None:
        return existing
    statement = statement_for(provider, delivery.region, personally=personally)
    holder = _other_holder(delivery, letter)
    code = new_code()
    issued_at = utcnow()
    title = product_title(delivery, letter)
    product = IssuedProduct(
        code=code,
        tracking_number=delivery.tracking_number,
        service_id=delivery.service_id,
        title=title.id[:300],
        # no English kept where the definition gives none: the verification page marks the Indonesian (WCAG 3.1.2)
        title_en=title.en[:300] if title.en else None,
        holder_name=(holder or delivery.applicant_name)[:200],
        holder_nik=delivery.applicant_nik,
        applicant_name=delivery.applicant_name[:200] if holder else None,
        region=delivery.region,
        provider=provider,
        number=number,
        issuer_name=issuer.name.id[:300] if issuer else None,
        issuer_name_en=issuer.name.en[:300] if issuer and issuer.name.en else None,
        issued_at=issued_at,
        pdf=render_pdf(delivery, number, code, issued_at, issuer=issuer, letter=letter, statement=statement),
        signature=UNSIGNED if statement is None else PENDING,
    )
    session.add(product)
    session.flush()
    return product


def _other_holder(delivery: Delivery, letter: Letter | None) -> str:
    """Whom the document is for when that is not the applicant (the service's `letter.holder`), else ""."""
    holder = letter.holder if letter is not None else ""
    return holder if holder and holder.casefold() != delivery.applicant_name.casefold() else ""


def product_title(delivery: Delivery, letter: Letter | None) -> Text:
    """The product's title in both languages: the letter's when it has one, else the service's."""
    if letter and letter.title.id:
        return letter.title
    return Text(delivery.service_title, delivery.service_title_en or None)


@dataclass(frozen=True)
class Verification:
    """What the public verification page shows."""

    code: str
    # no English where the definition gave none (or issued before it was kept): `get("en")` gives the Indonesian
    title: Text
    number: str
    holder_name: str
    holder_nik_masked: str  # the applicant's NIK, masked
    issued_at: datetime
    provider: str
    valid: bool
    issuer_name: Text | None = None  # the declared issuer's name when it issued (else the provider's id is shown)
    signed_by: str | None = None  # the electronic signature's certificate holder; None when not signed electronically
    signed_at: datetime | None = None
    applicant_name: str | None = None  # who applied, where the document is for someone else (a child)


def verify(session: Session, code: str) -> Verification | None:
    """What the verification page shows; None for an unknown code or a product still waiting for its signature."""
    product = _shown(session, code)
    if product is None:
        return None
    return Verification(
        code=product.code,
        title=Text(product.title, product.title_en),
        number=product.number,
        holder_name=product.holder_name,
        holder_nik_masked=mask_nik(product.holder_nik),
        issued_at=product.issued_at,
        provider=product.provider,
        valid=product.revoked_at is None,
        issuer_name=Text(product.issuer_name, product.issuer_name_en) if product.issuer_name else None,
        signed_by=product.signed_by,
        signed_at=product.signed_at,
        applicant_name=product.applicant_name,
    )


def same_as_issued(session: Session, code: str, candidate: bytes) -> bool | None:
    """Whether ``candidate`` is, byte for byte, the PDF issued under ``code`` (None: no such product shown).

    For whoever receives the document as a file (an employer, a bank): a PDF
    changed after issue, even with its signature left in place, is not the
    same file.
    """
    product = _shown(session, code)
    if product is None:
        return None
    return hmac.compare_digest(hashlib.sha256(candidate).digest(), hashlib.sha256(product.pdf).digest())


def product_pdf(session: Session, tracking_number: str) -> bytes | None:
    """The PDF of an application's product, for the citizen's download (not before it is signed)."""
    product = session.scalar(select(IssuedProduct).where(IssuedProduct.tracking_number == tracking_number))
    return product.pdf if product is not None and product.shown else None


def _shown(session: Session, code: str) -> IssuedProduct | None:
    """The product a verification code (as typed from paper) names, if it is shown yet."""
    product = session.get(IssuedProduct, code.strip().upper())
    return product if product is not None and product.shown else None


def render_pdf(
    delivery: Delivery,
    number: str,
    code: str,
    issued_at: datetime,
    *,
    issuer: IssuerSpec | None = None,
    letter: Letter | None = None,
    statement: Text | None = None,
) -> bytes:
    """One A4 page: the issuer's letterhead, title, number, holder, date, the letter, the signatory, the QR code.

    ``statement``: what the electronic signature it will get says (the
    signer's words); None for a product that is not signed electronically,
    whose paper then claims no signature.
    """
    import segno
    from fpdf import FPDF

    url = verification_url(code, delivery.base_url)
    title = product_title(delivery, letter).id
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.add_page()
    if issuer is not None:
        _letterhead(pdf, issuer)
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, _latin1(title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.ln(4)
    for label, value in _lines(delivery, number, issued_at, code, issuer, _other_holder(delivery, letter)):
        pdf.cell(55, 8, _latin1(label))
        pdf.multi_cell(0, 8, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    if letter is not None and letter.body.id:
        _letter_body(pdf, letter)
    if issuer is not None and issuer.signatory_title is not None:
        pdf.ln(4)
        pdf.multi_cell(0, 6, _latin1(issuer.signatory_title.get("id")), align="R", new_x="LMARGIN", new_y="NEXT")
        if statement is not None:
            pdf.multi_cell(0, 6, _latin1(SIGNED_ELECTRONICALLY), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    draw_qr(pdf, segno.make(url, error="m").matrix, x=pdf.w / 2 - QR_SIZE_MM / 2, y=pdf.get_y(), size=QR_SIZE_MM)
    pdf.set_y(pdf.get_y() + QR_SIZE_MM + 4)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(
        0,
        6,
        _latin1(f"{bilingual(SCAN_TO_VERIFY)}: {url}"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if statement is not None:
        pdf.set_font("Helvetica", "I", 8)
        pdf.multi_cell(0, 4, _latin1(bilingual(statement, "\n")), align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


QR_SIZE_MM = 50.0
SIGNED_ELECTRONICALLY = "(ditandatangani secara elektronik)"  # under the signatory, as on Indonesian TTE letters
SCAN_TO_VERIFY = msg("Pindai untuk memeriksa keaslian", "Scan to verify")


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


def _letterhead(pdf: Any, issuer: IssuerSpec) -> None:
    """The issuer's name (both languages) and address, centred above a rule."""
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 7, _latin1(issuer.name.id), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    if issuer.name.en and issuer.name.en != issuer.name.id:
        pdf.multi_cell(0, 5, _latin1(issuer.name.en), align="C", new_x="LMARGIN", new_y="NEXT")
    if issuer.address is not None:
        pdf.multi_cell(0, 5, _latin1(issuer.address.get("id")), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.w - pdf.r_margin, pdf.get_y() + 2)
    pdf.ln(6)


def _letter_body(pdf: Any, letter: Letter) -> None:
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, _latin1(letter.body.id), new_x="LMARGIN", new_y="NEXT")
    if letter.body.en and letter.body.en != letter.body.id:
        pdf.ln(2)
        pdf.set_font("Helvetica", "I", 9)
        pdf.multi_cell(0, 5, _latin1(letter.body.en), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)


def _lines(
    delivery: Delivery,
    number: str,
    issued_at: datetime,
    code: str,
    issuer: IssuerSpec | None = None,
    holder: str = "",
) -> list[tuple[str, str]]:
    from framework.forms.regions import region_table

    issued_by: list[tuple[Text | str, str]] = (
        [(msg("Penerbit", "Issued by"), issuer.name.id)] if issuer is not None else []
    )
    issued_to: list[tuple[Text | str, str]] = [(msg("Atas nama", "Issued to"), holder)] if holder else []
    region_name = region_table().name(delivery.region)
    lines: list[tuple[Text | str, str]] = [
        *issued_by,
        (msg("Nomor", "Number"), number),
        *issued_to,
        (msg("Pemohon", "Applicant"), delivery.applicant_name),  # the person who applied, not the subject
        (msg("NIK pemohon", "Applicant's NIK") if holder else "NIK", mask_nik(delivery.applicant_nik)),
        ("Nomor permohonan", delivery.tracking_number),
        (
            msg("Wilayah", "Region"),
            f"{region_name} ({delivery.region})" if region_name and region_name != delivery.region else delivery.region,
        ),
        (msg("Diterbitkan", "Issued"), local_time_text(issued_at, "id", delivery.region)),  # the values are Indonesian
        ("Kode verifikasi", code),
    ]
    return [(bilingual(label) if isinstance(label, Text) else label, value) for label, value in lines]


def _latin1(text: str) -> str:
    """The core PDF fonts are Latin-1; anything else is replaced, never a crash."""
    return text.encode("latin-1", "replace").decode("latin-1")
