"""The approval that is the document's electronic signature, made by the officer with their own certificate.

DOMAIN.md: the chain ends with "electronic signature by the head of office".
The issuer declares which role signs (``signatory``). When the officer
deciding the chain's last step holds that role and has their own BSrE
certificate registered (``users.tte_nik``), their approval *is* the
signature: they type their passphrase with it, the product is numbered and
its PDF signed by BSrE with their NIK and passphrase, and only then is the
step approved. An officer without a registered certificate approves as
before, and the worker seals the product with the office's certificate when
it issues. Why only the last step: after a signature nothing may change the
document, and a later step could still return the application.

The passphrase goes to BSrE and nowhere else (not stored, logged, audited or
sent back into the form). BSrE is called outside any transaction: the
product is numbered and committed first, as the worker does, so a slow BSrE
holds no lock. Nothing is approved unless the signature came back: a
refusal (a wrong passphrase) is an error at the passphrase field, BSrE down
is an error for the form (503), and a second try signs the same number.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.core.errors import FieldError
from framework.core.text import Text
from framework.definition.model import ServiceSpec
from framework.plugins.base import DeliveryFailed, SigningRefused
from framework.services import applications, issuing, signing
from framework.services.delivery import build_delivery
from framework.store.models import Application, User
from framework.workflow.actors import Actor
from framework.workflow.errors import Invalid, Unavailable

PASSPHRASE = "passphrase"  # the form's and the API's field
PASSPHRASE_REQUIRED = Text(
    "Ketik passphrase sertifikat elektronik Anda: persetujuan tahap ini adalah tanda tangan elektronik dokumennya.",
    "Type your electronic certificate's passphrase: approving this step is the document's electronic signature.",
)
BSRE_DOWN = Text(
    "BSrE tidak dapat dihubungi, jadi dokumen belum ditandatangani dan permohonan belum disetujui. Coba lagi nanti.",
    "BSrE cannot be reached, so the document is not signed and the application not approved. Try again later.",
)


def signs_personally(session: Session, spec: ServiceSpec, state: str, actor: Actor) -> str | None:
    """The NIK of ``actor``'s own certificate when approving ``state`` is the document's signature, else None."""
    if not actor.is_officer or not spec.steps or spec.steps[-1].id != state or spec.steps[-1].role != actor.role:
        return None
    issuer = issuing.issuer_of(spec, issuing.declared_issuers())
    if issuer is None or issuer.signatory != actor.role or signing.signer_in_use() is None:
        return None
    return session.scalar(select(User.tte_nik).where(User.username == actor.id)) or None


def approve(
    session: Session,
    tracking_number: str,
    *,
    actor: Actor,
    passphrase: str = "",
    comment: str | None = None,
    expected_version: int | None = None,
    codelists: Mapping[str, Any] | None = None,
) -> Application:
    """Approve the current step; where it is the officer's signature, sign the product first (see the module)."""
    application = applications.find(session, tracking_number)
    spec = applications.spec_of(session, application, codelists)
    nik = signs_personally(session, spec, application.state, actor)
    if nik is not None:
        applications.check_decision(  # a refused approval signs nothing
            application, spec, action="approve", actor=actor, expected_version=expected_version
        )
        _sign(session, application, nik, passphrase)
    return applications.transition(
        session,
        tracking_number,
        action="approve",
        actor=actor,
        comment=comment,
        expected_version=expected_version,
        codelists=codelists,
    )


def _sign(session: Session, application: Application, nik: str, passphrase: str) -> None:
    if not passphrase:
        raise Invalid([FieldError(PASSPHRASE, "required", PASSPHRASE_REQUIRED)])
    product = issuing.issue(session, build_delivery(session, application), personally=True)  # or an earlier try's
    try:
        signing.sign_pending(session, product.product_ref, nik=nik, passphrase=passphrase)  # commits the number first
    except SigningRefused as refused:
        session.rollback()
        raise Invalid(
            [
                FieldError(
                    PASSPHRASE,
                    "signature_refused",
                    Text(f"BSrE menolak tanda tangan: {refused.said}", f"BSrE refused the signature: {refused.said}"),
                )
            ]
        ) from None
    except DeliveryFailed:
        session.rollback()
        raise Unavailable(BSRE_DOWN) from None
    session.commit()
