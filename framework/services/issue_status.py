"""Where an approved application's product stands, for the officer a citizen asks "where is my document?".

Between approval and the citizen's download the worker numbers the product,
has it signed electronically and marks the application issued. Each of those
can wait (BSrE down: retried) or stop (BSrE refusing: the delivery is parked
until the region's admin sends it again); the officer's case file says which,
so the officer can answer the citizen and knows whom to ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.store.models import OutboxMessage
from framework.store.products import SIGNED, IssuedProduct


@dataclass(frozen=True)
class IssueStatus:
    """``stage``: issuing (queued or retrying), held (parked), signing (numbered, waiting for its signature), issued."""

    stage: str
    number: str = ""
    code: str = ""
    signed_by: str | None = None
    signed_at: datetime | None = None

    @property
    def signed(self) -> bool:
        return self.signed_by is not None


def issue_status(session: Session, tracking_number: str, state: str) -> IssueStatus | None:
    """None before approval (and after a rejection or withdrawal): there is no product to speak of."""
    if state not in ("approved", "issued"):
        return None
    product = session.scalar(select(IssuedProduct).where(IssuedProduct.tracking_number == tracking_number))
    if product is not None and product.shown:
        signed = product.signature == SIGNED
        return IssueStatus(
            "issued",
            product.number,
            product.code,
            product.signed_by if signed else None,
            product.signed_at if signed else None,
        )
    if _delivery_held(session, tracking_number):
        return IssueStatus("held", product.number if product else "")
    if product is not None:
        return IssueStatus("signing", product.number)
    return IssueStatus("issuing")


def _delivery_held(session: Session, tracking_number: str) -> bool:
    """The application's delivery is parked (the outbox's state index narrows it to the parked messages)."""
    held = select(OutboxMessage.id).where(
        OutboxMessage.state == "parked",
        OutboxMessage.topic == "deliver",
        OutboxMessage.payload["tracking_number"].as_string() == tracking_number,
    )
    return session.scalar(held.limit(1)) is not None
