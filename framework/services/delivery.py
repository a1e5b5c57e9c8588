"""The ``deliver`` topic: the service's provider issues the product, then the application is marked issued.

A provider plugin of the service's own (a webhook) issues it, or else the
declared issuer of definitions/issuers/ does; then the configured signer
signs it electronically (``framework.services.signing``). The worker only
dispatches the outbox message here; issuing and marking issued are service rules.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.plugins.base import Delivery, SigningRefused
from framework.plugins.registry import Registries
from framework.services import issuing, signing
from framework.services.applications import mark_issued
from framework.services.notifications import PermanentFailure, service_titles
from framework.services.products import public_url
from framework.store.inbox import CitizenProfile
from framework.store.models import Application, OutboxMessage


def handle_deliver(session: Session, message: OutboxMessage, registries: Registries) -> None:
    """Ask the service's provider to act, then mark the application issued."""
    tracking_number = message.payload.get("tracking_number")
    application = session.scalar(select(Application).where(Application.tracking_number == tracking_number))
    if application is None:
        raise PermanentFailure(f"no application {tracking_number!r}")
    if application.product_ref:  # an earlier run got this far and committed
        return
    provider_id = str(message.payload.get("provider") or "")
    delivery = build_delivery(session, application)
    try:
        if provider_id in registries.providers:  # an integration of its own (webhook)
            result = registries.providers.get(provider_id)().deliver(delivery, session)
        else:  # a declared issuer (definitions/issuers/): no plugin needed
            try:
                result = issuing.issue(session, delivery, issuer_id=provider_id)
            except issuing.UnknownIssuer as exc:
                raise PermanentFailure(f"{exc}; no provider plugin {provider_id!r} is installed either") from None
        # commits the product first when it is to be signed: its number is kept while the signer works
        signing.sign_pending(session, result.product_ref)
    except SigningRefused as exc:
        raise PermanentFailure(f"not signed electronically: {exc}") from None

    message.state = "sent"  # committed together with the issue (or its signature), or not at all
    mark_issued(session, application.tracking_number, result.product_ref)


def build_delivery(session: Session, application: Application) -> Delivery:
    answers = dict(application.answers or {})
    profile = session.get(CitizenProfile, application.applicant_nik)
    name = next(
        (str(answers[key]) for key in ("nama_pemohon", "nama_lengkap", "nama") if answers.get(key)),
        profile.name if profile else "",
    )
    titles = service_titles(session, application)
    return Delivery(
        tracking_number=application.tracking_number,
        service_id=application.service_id,
        service_title=titles.id,
        service_title_en=titles.get("en"),
        region=application.region,
        applicant_nik=application.applicant_nik,
        applicant_name=name,
        answers=answers,
        idempotency_key=f"deliver-{application.tracking_number}",
        base_url=public_url(),
    )
