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
from collections.abc import Iterable, Mapping
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

    @classmethod
    def can_sign(cls, issuer: str, region: str) -> bool:
        """The sandbox signs for every office; BSrE for one whose certificate is set (or half set: see identity)."""
        from framework.plugins.settings import adapter_settings

        settings = adapter_settings(cls.settings_prefix)
        if settings.mode == "sandbox":
            return True
        try:
            return bool(settings.url) and office_identity(issuer, region) is not None
        except SigningRefused:  # half set: meant to sign, and signing says which setting is missing
            return True

    @classmethod
    def startup_warnings(cls, environment: str | None = None) -> list[str]:
        """Besides a missing URL: each declared issuer without a certificate here, and each pair set by half."""
        warnings = super().startup_warnings(environment)
        if cls.mode(environment) != "http":
            return warnings
        from framework.services.issuing import declared_issuers

        return warnings + certificate_warnings(declared_issuers(), os.environ)

    def sign(self, request: SigningRequest) -> SignedPdf:
        from framework.plugins.settings import adapter_settings

        settings = adapter_settings(self.settings_prefix)
        if settings.mode == "sandbox":
            from plugins.esign.sandbox import sign_in_sandbox

            return SignedPdf(sign_in_sandbox(request))
        return SignedPdf(_sign_over_http(settings, request))


def identity(request: SigningRequest, environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The NIK and passphrase of the certificate that signs for this issuer and region."""
    found = office_identity(request.issuer, request.region, environ)
    if found is None:
        names = identity_names(request.issuer, request.region)
        raise SigningRefused(
            f"no signing certificate for issuer {request.issuer!r} in region {request.region!r}: "
            f"set {names[0]}_NIK and {names[0]}_PASSPHRASE "
            f"(or {names[1]}_NIK and {names[1]}_PASSPHRASE for every region)"
        )
    return found


def office_identity(issuer: str, region: str, environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """The region's own certificate, else the issuer's for every region, else None.

    A pair set by half (a NIK without its passphrase) is a `SigningRefused`
    naming the missing variable, not a silent fall-back to the issuer's
    certificate for every region: the operator meant this region to sign
    with its own.
    """
    env = os.environ if environ is None else environ
    for name in identity_names(issuer, region):
        nik, passphrase = env.get(f"{name}_NIK", "").strip(), env.get(f"{name}_PASSPHRASE", "")
        if nik and passphrase:
            return nik, passphrase
        if nik or passphrase:
            present, missing = (f"{name}_NIK", f"{name}_PASSPHRASE") if nik else (f"{name}_PASSPHRASE", f"{name}_NIK")
            raise SigningRefused(f"{present} is set but {missing} is not: set both, or neither")
    return None


def certificate_warnings(issuers: Iterable[str], environ: Mapping[str, str]) -> list[str]:
    """What an operator should hear at start-up: issuers whose products go out unsigned, and half-set pairs."""
    warnings = []
    for issuer in issuers:
        stem = f"MPP_BSRE_{_env_word(issuer)}"
        if not any(re.fullmatch(rf"{stem}(_[0-9]+)?_NIK", name) and environ[name].strip() for name in environ):
            warnings.append(
                f"issuer `{issuer}` has no signing certificate ({stem}_NIK and {stem}_PASSPHRASE, "
                f"or {stem}_<REGION>_NIK and _PASSPHRASE): its products are issued without an electronic signature"
            )
    for name in sorted(environ):
        stem, _, last = name.rpartition("_")
        if stem.startswith("MPP_BSRE_") and last in ("NIK", "PASSPHRASE") and environ[name].strip():
            other = f"{stem}_{'PASSPHRASE' if last == 'NIK' else 'NIK'}"
            if not environ.get(other, "").strip():
                warnings.append(f"{name} is set but {other} is not: that certificate cannot sign")
    return warnings


def identity_names(issuer: str, region: str) -> tuple[str, str]:
    """The settings' stems for one region's certificate and for the issuer's certificate for every region."""
    return f"MPP_BSRE_{_env_word(issuer)}_{_env_word(region)}", f"MPP_BSRE_{_env_word(issuer)}"


def _without(words: str, secret: str) -> str:
    return words.replace(secret, "••••••") if secret else words


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
            said = _without(exc.said, passphrase)  # a server that repeats it must not put it in a log or a form
            raise SigningRefused(f"BSrE refused to sign: {_without(str(exc), passphrase)}", said) from None
        raise DeliveryFailed(f"BSrE could not sign now: {exc}") from None
    if answer.status == 404:
        raise SigningRefused(f"BSrE has no {SIGN_PATH} at {settings.url} (HTTP 404): check MPP_BSRE_URL")
    if not isinstance(answer.data, bytes):
        raise DeliveryFailed("BSrE answered without a PDF")
    return answer.data
