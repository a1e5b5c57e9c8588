"""Issuing by a declared issuer: the number, the letter and the PDF, with no plugin.

An approved application whose service names a declared issuer
(``definitions/issuers/<id>.yaml``) is issued here: the next number of the
issuer's sequence for the region and year, its numbering format filled in,
the letter's placeholders filled from the answers as a person reads them
(option labels, region names), and the PDF with the issuer's name, address
and signatory (``framework.services.products``). A provider plugin with an
integration of its own (the webhook) calls :func:`issue` too, and then
talks to its system.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from framework.core import settings
from framework.core.numbers import whole_number
from framework.core.text import LANGUAGES, Text
from framework.definition.issuers import PLACEHOLDER, IssuerSpec, issuer_files, load_issuers
from framework.definition.model import ServiceSpec
from framework.plugins.base import Delivery, DeliveryResult, SigningRefused
from framework.store.models import Application
from framework.store.products import UNSIGNED, IssuedProduct, IssuerSequence
from framework.store.types import utcnow
from framework.workflow.calendar import WIB

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class UnknownIssuer(LookupError):
    """The service names an issuer no declaration provides (it was removed, or its file has errors)."""


@dataclass(frozen=True)
class Letter:
    """What the issued document says, filled in."""

    title: Text
    body: Text
    holder: str = ""  # whom the document is for when the service says (a child on a birth certificate)


# --- the declarations -------------------------------------------------------------------------

_CACHE: dict[tuple[Any, ...], dict[str, IssuerSpec]] = {}
_LOCK = threading.Lock()


def declared_issuers(definitions: Path | None = None) -> dict[str, IssuerSpec]:
    """The issuers declared for this installation, read again only when one of their files changed."""
    root = definitions or settings.definitions_dir()
    files = issuer_files(root)
    key = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in files)
    with _LOCK:
        if key not in _CACHE:
            _CACHE.clear()
            _CACHE[key] = load_issuers(root)[0]
        return _CACHE[key]


# --- the number -------------------------------------------------------------------------------


def next_sequence(session: Session, issuer: str, region: str, year: int) -> int:
    """The issuer's next number in ``region`` and ``year``: one atomic upsert, so two workers never share one."""
    table = IssuerSequence.__table__
    insert = (postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert)(IssuerSequence)
    statement = (
        insert.values(issuer=issuer, region=region, year=year, last=1)
        .on_conflict_do_update(
            index_elements=[table.c.issuer, table.c.region, table.c.year], set_={"last": table.c.last + 1}
        )
        .returning(table.c.last)
    )
    return int(session.execute(statement).scalar_one())


def number_values(region: str, at: datetime) -> dict[str, str]:
    """What a numbering format may contain besides the sequence."""
    return {
        "year": str(at.year),
        "month": str(at.month),
        "month_roman": ROMAN_MONTHS[at.month - 1],
        "region": region,
        "region_compact": region.replace(".", ""),
    }


SEQUENCE_WIDTH_MAX = 9  # the issuer checker allows `{sequence:01}` to `{sequence:09}`; a wider one pads nothing


def document_number(issuer: IssuerSpec, region: str, sequence: int, at: datetime) -> str:
    """``460/{sequence:04}/DINSOS/{region}/{year}`` → ``460/0007/DINSOS/73.06/2026``."""
    values = number_values(region, at)

    def fill(found: re.Match[str]) -> str:
        name, _, width = found.group(1).strip().partition(":")
        if name == "sequence":
            return str(sequence).zfill(whole_number(width, high=SEQUENCE_WIDTH_MAX) or 0)
        return values.get(name, found.group())

    return PLACEHOLDER.sub(fill, issuer.numbering)


# --- the letter -------------------------------------------------------------------------------


def letter_values(spec: ServiceSpec, delivery: Delivery, number: str, at: datetime, language: str) -> dict[str, str]:
    """Every placeholder a letter may use: the built-in ones and the service's top-level answers.

    The applicant's NIK is masked, and so is a number from another person's
    record (``forms.minimise``): the letter goes to the applicant, and a
    stranger's NIK with their KK number is what e-KYC asks for.
    """
    from framework.core.personal import mask_nik
    from framework.forms.minimise import masked, minimised_ids
    from framework.forms.pageview import display_value
    from framework.forms.regions import region_table

    others = minimised_ids(spec)
    answers = {item.id: delivery.answers.get(item.id) for item in spec.iter_fields() if not item.is_group}
    values = {
        item.id: display_value(item, masked(answers[item.id]) if item.id in others else answers[item.id], language)
        for item in spec.iter_fields()
        if not item.is_group
    }
    values.update(
        applicant=delivery.applicant_name,
        nik=mask_nik(delivery.applicant_nik),
        number=number,
        date=at.astimezone(WIB).strftime("%d-%m-%Y"),
        region=region_table().name(delivery.region) or delivery.region,
        service=spec.title.get(language),
        tracking_number=delivery.tracking_number,
    )
    return values


def fill(text: str, values: Mapping[str, str]) -> str:
    return PLACEHOLDER.sub(lambda found: values.get(found.group(1).strip(), found.group()), text)


def letter(issuer: IssuerSpec, spec: ServiceSpec, delivery: Delivery, number: str, at: datetime) -> Letter:
    """The letter in both languages: the service's own (`letter:`) where it writes one, else its issuer's;
    the title defaults to the service's product (or title)."""
    own = spec.letter
    title = (own and own.title) or issuer.letter_title or spec.standard.product or spec.title
    body = (own and own.body) or issuer.letter_body or Text("", "")
    texts = {}
    for language in LANGUAGES:
        values = letter_values(spec, delivery, number, at, language)
        texts[language] = (fill(title.get(language), values), fill(body.get(language), values))
    holder = fill(own.holder, letter_values(spec, delivery, number, at, "id")).strip() if own and own.holder else ""
    return Letter(Text(texts["id"][0], texts["en"][0]), Text(texts["id"][1], texts["en"][1]), holder)


def for_region(issuer: IssuerSpec, region: str) -> IssuerSpec:
    """The issuer as printed for the regency an application was filed in (``{region}`` in its name)."""
    from framework.forms.regions import region_table

    return issuer.in_region(region_table().name(region) or region)


def issuer_for(issuer_id: str, region: str) -> IssuerSpec | None:
    """The declared issuer ``issuer_id`` as printed in ``region``, or None (a provider plugin's product)."""
    issuer = declared_issuers().get(issuer_id)
    return for_region(issuer, region) if issuer is not None else None


# --- issuing ------------------------------------------------------------------------------------


def issuer_of(spec: ServiceSpec, issuers: Mapping[str, IssuerSpec]) -> IssuerSpec | None:
    """The declared issuer of a service: its `issuer`, else a `provider` that is a declared issuer."""
    return issuers.get(spec.issuer or spec.provider)


def issue(
    session: Session,
    delivery: Delivery,
    issuers: Mapping[str, IssuerSpec] | None = None,
    *,
    issuer_id: str | None = None,
    personally: bool = False,
) -> DeliveryResult:
    """Issue the application's product by a declared issuer (once: a second call returns the first); caller commits.

    ``issuer_id``: the issuer the outbox message names (the worker's case);
    by default the service's own (`issuer`, or a `provider` that is one).
    ``personally``: the deciding officer signs it (``signature_step``).
    """
    from framework.services.applications import spec_of
    from framework.services.products import issue_product, verification_url

    existing = session.scalar(select(IssuedProduct).where(IssuedProduct.tracking_number == delivery.tracking_number))
    if existing is None:
        application = session.scalar(select(Application).where(Application.tracking_number == delivery.tracking_number))
        if application is None:
            raise UnknownIssuer(f"no application {delivery.tracking_number!r}")
        spec = spec_of(session, application)
        known = declared_issuers() if issuers is None else issuers
        issuer = known.get(issuer_id) if issuer_id else issuer_of(spec, known)
        if issuer is None:
            wanted = issuer_id or spec.issuer or spec.provider
            raise UnknownIssuer(f"no issuer {wanted!r} is declared in definitions/issuers/")
        issuer = for_region(issuer, delivery.region)
        at = utcnow().astimezone(WIB)
        number = document_number(
            issuer, delivery.region, next_sequence(session, issuer.id, delivery.region, at.year), at
        )
        existing = issue_product(
            session,
            delivery,
            issuer.id,
            number,
            issuer=issuer,
            letter=letter(issuer, spec, delivery, number, at),
            personally=personally,
        )
    return DeliveryResult(
        existing.code,
        {
            "number": existing.number,
            "issuer": existing.provider,
            "verification_url": verification_url(existing.code, delivery.base_url),
        },
    )


def render_unsigned(session: Session, product: IssuedProduct) -> None:
    """Render a pending product's PDF again without the signature statement, and show it; caller commits.

    Same number, code, date and letter: only the statement that an electronic
    signature follows is gone, so the paper claims no signature it lacks
    (``signing.sign_pending``, when its signer is gone).
    """
    from framework.services.applications import spec_of
    from framework.services.delivery import build_delivery
    from framework.services.products import render_pdf

    application = session.scalar(select(Application).where(Application.tracking_number == product.tracking_number))
    if application is None:
        raise SigningRefused(f"product {product.code} names no application {product.tracking_number!r}")
    delivery = build_delivery(session, application)
    issuer = issuer_for(product.provider, product.region)
    at = product.issued_at.astimezone(WIB)
    written = letter(issuer, spec_of(session, application), delivery, product.number, at) if issuer else None
    product.pdf = render_pdf(delivery, product.number, product.code, product.issued_at, issuer=issuer, letter=written)
    product.signature = UNSIGNED
