"""Electronic signature (TTE) of issued products through BSrE.

HTTP mode: ``POST <MPP_BSRE_URL>/api/sign/pdf`` with HTTP Basic (the
client id and secret of the esign client service) and a multipart body:
``file`` (the PDF), ``nik`` and ``passphrase`` of the signing official's
certificate, ``tampilan=invisible`` (the QR code and the printed statement
already say how to check the paper). The answer is the signed PDF; a refusal
is HTTP 4xx with ``{"error": ..., "status_code": ...}``.

Whose certificate signs: each region's office has its own, read from
``MPP_BSRE_<ISSUER>_<REGION>_NIK`` / ``_PASSPHRASE`` (the issuer's id and the
region code in capitals without punctuation, ``MPP_BSRE_DUKCAPIL_7306_NIK``),
else ``MPP_BSRE_<ISSUER>_NIK`` / ``_PASSPHRASE`` for every region. The
passphrase is only ever sent to BSrE: never stored, logged or shown.

An officer signing personally at their step (framework.services.signature_step)
sends their own NIK and the passphrase they typed instead.

Sandbox mode (development default): signed in-process with a certificate of
a sandbox authority made at start-up, named "SANDBOX …", and the PDF says it
is not an official document; a personal signature is checked against the
sandbox's synthetic certificate holders (``SANDBOX_SIGNERS``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from framework.core.text import Text, msg
from framework.plugins.base import DeliveryFailed, SignedPdf, Signer, SigningRefused, SigningRequest

if TYPE_CHECKING:
    from framework.plugins.settings import AdapterSettings

SIGN_PATH = "/api/sign/pdf"

OFFICIAL_STATEMENT = msg(
    "Dokumen ini ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan oleh "
    "Balai Besar Sertifikasi Elektronik (BSrE), BSSN.",
    "This document is signed electronically with an electronic certificate issued by BSrE, the certification "
    "authority of the National Cyber and Crypto Agency (BSSN).",
)
SANDBOX_STATEMENT = msg(
    "Ditandatangani secara elektronik dengan sertifikat SANDBOX untuk pengembangan: bukan dokumen resmi.",
    "Signed electronically with a SANDBOX certificate for development: not an official document.",
)


class BsreSigner(Signer):
    id = "bsre"
    settings_prefix = "BSRE"

    @classmethod
    def statement(cls) -> Text:
        return SANDBOX_STATEMENT if cls.mode() == "sandbox" else OFFICIAL_STATEMENT

    def sign(self, request: SigningRequest) -> SignedPdf:
        from framework.plugins.settings import adapter_settings

        settings = adapter_settings(self.settings_prefix)
        if settings.mode == "sandbox":
            from plugins.esign.sandbox import sign_in_sandbox

            return SignedPdf(sign_in_sandbox(request))
        return SignedPdf(_sign_over_http(settings, request))


def identity(request: SigningRequest, environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The NIK and passphrase of the certificate that signs for this issuer and region."""
    env = os.environ if environ is None else environ
    issuer = _env_word(request.issuer)
    names = [f"MPP_BSRE_{issuer}_{_env_word(request.region)}", f"MPP_BSRE_{issuer}"]
    for name in names:
        nik, passphrase = env.get(f"{name}_NIK", "").strip(), env.get(f"{name}_PASSPHRASE", "")
        if nik and passphrase:
            return nik, passphrase
    raise SigningRefused(
        f"no signing certificate for issuer {request.issuer!r} in region {request.region!r}: "
        f"set {names[0]}_NIK and {names[0]}_PASSPHRASE (or {names[1]}_NIK and {names[1]}_PASSPHRASE for every region)"
    )


def _env_word(text: str) -> str:
    """``73.06`` → ``7306``, ``dinsos-gowa`` → ``DINSOS_GOWA``: a word an environment variable's name may hold."""
    return re.sub(r"[^A-Z0-9]+", "_", text.upper().replace(".", "")).strip("_")


def _sign_over_http(settings: AdapterSettings, request: SigningRequest) -> bytes:
    from framework.plugins.http import ExternalUnavailable, JsonHttp

    nik, passphrase = (request.nik, request.passphrase) if request.passphrase else identity(request)
    try:
        answer = JsonHttp(settings).request(
            "POST",
            SIGN_PATH,
            form={"nik": nik, "passphrase": passphrase, "tampilan": "invisible"},
            files={"file": (f"{_env_word(request.document_number) or 'dokumen'}.pdf", request.pdf, "application/pdf")},
        )
    except ExternalUnavailable as exc:
        if exc.reason in ("client_error", "not_configured"):
            raise SigningRefused(f"BSrE refused to sign: {exc}", exc.said) from None
        raise DeliveryFailed(f"BSrE could not sign now: {exc}") from None
    if answer.status == 404:
        raise SigningRefused(f"BSrE has no {SIGN_PATH} at {settings.url} (HTTP 404): check MPP_BSRE_URL")
    if not isinstance(answer.data, bytes):
        raise DeliveryFailed("BSrE answered without a PDF")
    return answer.data
