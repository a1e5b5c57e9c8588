"""Signing in the sandbox: a real PDF signature (PAdES, pyHanko) by a made-up authority.

Development and tests get PDFs that any PDF reader shows as signed, and whose
signature breaks when a byte changes, without a BSrE account. The sandbox
authority and its certificates are made once per process and never leave it;
every certificate's name begins with "SANDBOX" so nobody mistakes its paper
for an official one.
"""

from __future__ import annotations

import datetime
import functools
import io
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from framework.core.event_loops import outside_event_loop
from framework.plugins.base import SigningRefused, SigningRequest

SANDBOX_AUTHORITY = "SANDBOX Balai Besar Sertifikasi Elektronik"
SIGNATURE_FIELD = "TTE"


@dataclass(frozen=True)
class SandboxIdentity:
    """A certificate and its key, in the forms pyHanko reads (asn1crypto)."""

    certificate: Any
    key: Any


_LOCK = threading.Lock()


@functools.cache
def authority() -> SandboxIdentity:
    """The sandbox's own root certificate (self-signed, ten years)."""
    return _identity(SANDBOX_AUTHORITY, "Sandbox", issuer=None)


def signer_identity(name: str, organisation: str, locality: str) -> SandboxIdentity:
    with _LOCK:
        return _signer_identity(name, organisation, locality)


@functools.lru_cache(maxsize=256)
def _signer_identity(name: str, organisation: str, locality: str) -> SandboxIdentity:
    return _identity(f"SANDBOX {name}"[:64], organisation[:64] or "Sandbox", issuer=authority(), locality=locality)


# NIK → (the certificate holder's name, passphrase): synthetic officers, as the IKD sandbox has synthetic citizens
SANDBOX_SIGNERS: dict[str, tuple[str, str]] = {
    "7306011201700001": ("Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gowa", "sandbox-tte-1"),
    "7306011201700002": ("Kepala Dinas Penanaman Modal dan PTSP Kabupaten Gowa", "sandbox-tte-2"),
}


class SandboxRefusal(SigningRefused):
    """A refusal in BSrE's words and with its code, for the in-process sandbox and the sandbox server alike."""

    def __init__(self, words: str, code: int) -> None:
        super().__init__(f"{words} (sandbox BSrE)")
        self.words, self.code = words, code


def holder_of(nik: str, passphrase: str, signers: Mapping[str, tuple[str, str]] = SANDBOX_SIGNERS) -> str:
    """The sandbox certificate holder a personal signature names; refused as BSrE refuses (its words)."""
    holder = signers.get(nik)
    if holder is None:
        raise SandboxRefusal("NIK tidak terdaftar", 2011)
    if passphrase != holder[1]:
        raise SandboxRefusal("Passphrase anda salah", 2031)
    return holder[0]


def sign_in_sandbox(request: SigningRequest) -> bytes:
    """``request.pdf`` signed by a sandbox certificate named after the signing official (personal) or office."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    name = holder_of(request.nik, request.passphrase) if request.passphrase else request.signer_title or request.issuer
    identity = signer_identity(name, request.issuer, request.region)
    signer = signers.SimpleSigner(
        signing_cert=identity.certificate,
        signing_key=identity.key,
        cert_registry=_registry(authority().certificate),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(request.pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, reason=request.reason[:200] or None, location=request.region or None
    )
    return bytes(outside_event_loop(lambda: signers.sign_pdf(writer, metadata, signer=signer)).getvalue())


def _registry(*certificates: Any) -> Any:
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    return SimpleCertificateStore.from_certs(certificates)


def _identity(name: str, organisation: str, issuer: SandboxIdentity | None, locality: str = "") -> SandboxIdentity:
    """An EC P-256 key and its certificate, signed by ``issuer`` (or by itself)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [
        x509.NameAttribute(NameOID.COMMON_NAME, name),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
    ]
    if locality:
        attributes.append(x509.NameAttribute(NameOID.LOCALITY_NAME, locality[:64]))
    subject = x509.Name(attributes)
    now = datetime.datetime.now(datetime.UTC)
    signing_key = key if issuer is None else _cryptography_key(issuer.key)
    issuer_name = subject if issuer is None else x509.load_der_x509_certificate(issuer.certificate.dump()).subject
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=issuer is None, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=issuer is None,
                crl_sign=issuer is None,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(signing_key, hashes.SHA256())
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return SandboxIdentity(
        asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)),
        asn1_keys.PrivateKeyInfo.load(der_key),
    )


def _cryptography_key(key: Any) -> Any:
    from cryptography.hazmat.primitives import serialization

    return serialization.load_der_private_key(key.dump(), password=None)
