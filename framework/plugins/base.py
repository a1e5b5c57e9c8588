"""The small interfaces plugins implement.

Each plugin kind is a class with an ``id`` and a few members; the registry
refuses a class that does not implement them at start-up. Declaration data
(ids, the attributes a source returns) must be importable without heavy
imports: the definition checker reads them on every `mpp validate`, so
concrete plugins import httpx, fpdf or Authlib lazily inside their adapters.

Run-time contract, by kind (instances are made with no arguments; each picks
its sandbox or HTTP adapter from the environment, see ``plugins.settings``):

* ``PrefillSource().fetch(key) -> PrefillResult`` — never raises for a dead or
  ignorant registry: the result says ``ok``, ``not_found`` or ``unavailable``.
* ``Provider().deliver(delivery, session) -> DeliveryResult`` — acts on an
  approved application (numbers the licence, issues the product through
  ``framework.services.products.issue_product``); raises ``DeliveryFailed`` to retry.
* ``Notifier().send(notification, session) -> str`` (a short detail) — raises
  ``DeliveryFailed`` so the worker retries; must honour
  ``notification.idempotency_key``. The session is the worker's, for channels
  that write to the database (the in-app inbox).
* ``ComplaintChannel().forward(complaint) -> str`` (the channel's reference)
  and ``.status(reference) -> str``.
* ``SigninMethod.register(app)`` — mounts its blueprint.
* ``Signer().sign(request) -> SignedPdf`` — signs an issued product's PDF
  electronically (TTE); raises ``DeliveryFailed`` when the signing service
  cannot answer now (the worker retries) and ``SigningRefused`` when it
  refuses (a wrong passphrase, an unknown signer: the message is parked
  until someone fixes the settings). ``Signer.statement()`` is the line the
  PDF prints about its signature.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from framework.core.text import Text

Record = Mapping[str, Any]
F = TypeVar("F", bound=Callable[..., Any])


def abstract(function: F) -> F:
    """Mark an interface member a plugin must override (checked at load time)."""
    function.__isabstractmethod__ = True  # type: ignore[attr-defined]  # a Callable type has no attributes
    return function


class Plugin:
    id: ClassVar[str] = ""
    # members a concrete plugin must define (checked by the registry)
    required_members: ClassVar[tuple[str, ...]] = ()
    # plugins with an HTTP and a sandbox adapter name their settings prefix
    # (MPP_<PREFIX>_MODE, _URL, ...); "" for plugins without adapters
    settings_prefix: ClassVar[str] = ""

    @classmethod
    def mode(cls, environment: str | None = None) -> str:
        """``sandbox``/``http`` from MPP_<PREFIX>_MODE, or ``local`` (raises PluginSettingsError)."""
        if not cls.settings_prefix:
            return "local"
        from framework.plugins.settings import adapter_settings

        return adapter_settings(cls.settings_prefix, environment=environment).mode

    @classmethod
    def startup_warnings(cls, environment: str | None = None) -> list[str]:
        """Problems worth a log line at start-up (an HTTP adapter without a URL)."""
        if not cls.settings_prefix:
            return []
        from framework.plugins.settings import adapter_settings

        configured = adapter_settings(cls.settings_prefix, environment=environment)
        if configured.mode == "http" and not configured.url:
            return [f"MPP_{cls.settings_prefix}_URL is not set; it will report itself unavailable"]
        if configured.mode == "http" and _in_clear(configured.url):
            return [
                f"MPP_{cls.settings_prefix}_URL={configured.url} is not https: NIKs, credentials and "
                "passphrases would cross the network readable to anyone on the way"
            ]
        return []

    @classmethod
    def missing_members(cls) -> list[str]:
        return [
            name
            for name in cls.required_members
            if getattr(cls, name, None) is getattr(Plugin, name, None) or _is_abstract(cls, name)
        ]


def _in_clear(url: str) -> bool:
    """An ``http://`` address beyond this machine (a sandbox on loopback is not a leak)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.scheme.lower() == "http" and (parts.hostname or "") not in ("127.0.0.1", "localhost", "::1")


def _is_abstract(cls: type, name: str) -> bool:
    member = getattr(cls, name, None)
    return member is None or getattr(member, "__isabstractmethod__", False)


# --- prefill ---------------------------------------------------------------

PREFILL_STATUSES = ("ok", "not_found", "unavailable")


@dataclass(frozen=True)
class Provenance:
    """Where one prefilled value came from; stored with the application."""

    source: str
    record_key: str  # the key inside the registry's record, e.g. "nama_lgkp" or "str.nomor"
    fetched_at: str  # ISO 8601, UTC
    verified: bool = True
    lookup_key: str = ""  # whose record: the NIK looked up

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "record_key": self.record_key,
            "fetched_at": self.fetched_at,
            "verified": self.verified,
            "lookup_key": self.lookup_key,
        }


@dataclass(frozen=True)
class PrefillResult(Mapping):
    """Attribute values from one registry look-up, with their provenance.

    A mapping of attribute name → value, so ``fetch(key)`` also satisfies the
    plain ``Mapping`` contract; an empty result is falsy. ``status`` says why
    it is empty: the form then lets the citizen type the data, marked not
    verified — never a dead end.
    """

    source: str
    key: str
    status: str
    data: Mapping[str, Any] = field(default_factory=dict)  # not `values`: that is Mapping.values()
    provenance: Mapping[str, Provenance] = field(default_factory=dict)
    message: str = ""

    def __getitem__(self, attribute: str) -> Any:
        return self.data[attribute]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "key": self.key,
            "status": self.status,
            "message": self.message,
            "values": dict(self.data),
            "provenance": {name: item.as_json() for name, item in self.provenance.items()},
        }


def utc_now_iso() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class SandboxPerson:
    """Someone in a source's sandbox an author can try a form with: who, where, what they are good for."""

    key: str  # what the source is looked up by (a NIK)
    name: str
    region: str  # Kemendagri code of the kabupaten/kota
    uses: tuple[Text, ...] = ()
    tags: frozenset[str] = frozenset()  # for tools choosing someone: adult, child, mother, father, head, health-worker
    family: str = ""  # the family-card (KK) number, to pick a child or a spouse of the same family


class PrefillSource(Plugin):
    """A registry that prefills answers (IKD, SISDMK).

    ``attributes`` maps each attribute name usable in definitions
    (``prefill: pemohon.nama_lengkap``) to a short description;
    ``attribute_types`` says which field type fits each (``date``,
    ``choice: codelists/agama``), so an author declares the right field.
    ``sandbox_people()`` lists the sandbox's people for `generated/`, so an
    author finds someone to try a form with without reading Python.
    """

    attributes: ClassVar[Mapping[str, str]] = {}
    attribute_types: ClassVar[Mapping[str, str]] = {}
    required_members = ("attributes", "fetch")

    @abstract
    def fetch(self, key: str) -> PrefillResult:  # pragma: no cover - interface
        raise NotImplementedError

    @classmethod
    def sandbox_people(cls) -> tuple[SandboxPerson, ...]:
        """The sandbox's people, for authors (none by default)."""
        return ()


class DeliveryFailed(RuntimeError):
    """A provider or channel could not deliver now; the worker retries with backoff."""


# --- providers -------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """An approved application handed to its provider."""

    tracking_number: str
    service_id: str
    service_title: str
    region: str
    applicant_nik: str
    applicant_name: str
    answers: Mapping[str, Any]
    idempotency_key: str
    base_url: str = ""
    service_title_en: str = ""  # the English title, for the English verification page ("" → the Indonesian one)


@dataclass(frozen=True)
class DeliveryResult:
    product_ref: str  # e.g. the verification code of the issued PDF
    detail: Mapping[str, Any] = field(default_factory=dict)


class Provider(Plugin):
    """Acts on an approved application: issues the document, numbers the licence."""

    required_members = ("deliver",)

    @abstract
    def deliver(self, delivery: Delivery, session: Any) -> DeliveryResult:  # pragma: no cover - interface
        raise NotImplementedError


# --- notifications ---------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """Who a notification goes to; ``language`` is what its subject and body are written in.

    ``id`` or ``en`` as the citizen chose on their profile, else ``both``
    (Indonesian first, then English): a channel that labels its message's
    language (an email's ``Content-Language``) reads it here.
    """

    citizen_nik: str
    name: str = ""
    email: str = ""
    phone: str = ""
    language: str = "both"


@dataclass(frozen=True)
class Notification:
    """One message to one citizen.

    ``subject`` and ``body`` are written as ``recipient.language`` says (what
    an email, SMS or WhatsApp sends). ``subject_text`` and ``body_text`` are
    the same message in each language apart, whatever the citizen chose: a
    channel that keeps the message to show later (the inbox) stores both, so
    its page can mark each language with its own ``lang``. ``None`` from a
    caller that built only the strings.
    """

    recipient: Recipient
    subject: str
    body: str
    tracking_number: str
    event: str
    idempotency_key: str
    subject_text: Text | None = None
    body_text: Text | None = None


class Notifier(Plugin):
    """Delivers a message to a citizen through one channel (inbox, email, sms, …)."""

    required_members = ("send",)

    @abstract
    def send(self, notification: Notification, session: Any) -> str:  # pragma: no cover - interface
        raise NotImplementedError


# --- complaints and sign-in -----------------------------------------------


class ComplaintChannel(Plugin):
    """Forwards complaints (SP4N-LAPOR!)."""

    required_members = ("forward", "status")

    @abstract
    def forward(self, complaint: Mapping[str, Any]) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    @abstract
    def status(self, reference: str) -> str:  # pragma: no cover - interface
        raise NotImplementedError


class SigninMethod(Plugin):
    """Signs people in (IKD OpenID Connect, password)."""

    required_members = ("register",)

    @classmethod
    @abstract
    def register(cls, app: Any) -> None:  # pragma: no cover - interface
        raise NotImplementedError


# --- electronic signatures ---------------------------------------------------


@dataclass(frozen=True)
class SigningRequest:
    """An issued product's PDF, and whose electronic certificate signs it."""

    pdf: bytes
    issuer: str  # the declared issuer's id (or the provider's): the office whose certificate signs
    region: str  # the kabupaten/kota code: each region's office has its own certificate
    signer_title: str  # "Kepala Dinas Kependudukan dan Pencatatan Sipil", for a sandbox certificate's name
    document_number: str
    reason: str  # written into the signature (PDF /Reason)
    # an officer signing personally at their step: their certificate's NIK and the passphrase they typed
    # (never stored or shown: not in the repr either); blank: the office's certificate (the signer's settings)
    nik: str = ""
    passphrase: str = field(default="", repr=False)


@dataclass(frozen=True)
class SignedPdf:
    pdf: bytes


class SigningRefused(RuntimeError):
    """The signing service refused for a reason that retrying will not fix (settings, passphrase, certificate).

    ``said``: the refusal in the signing service's own words ("Passphrase anda
    salah"), for the officer who typed the passphrase; the message itself is
    for the operator's log.
    """

    def __init__(self, message: str, said: str = "") -> None:
        super().__init__(message)
        self.said = said or message


class Signer(Plugin):
    """Signs issued products electronically (TTE), e.g. through BSrE."""

    required_members = ("sign", "statement")

    @abstract
    def sign(self, request: SigningRequest) -> SignedPdf:  # pragma: no cover - interface
        raise NotImplementedError

    @classmethod
    @abstract
    def statement(cls) -> Text:  # pragma: no cover - interface
        """What the PDF says about its signature, in both languages (a sandbox says it is one)."""
        raise NotImplementedError

    @classmethod
    def can_sign(cls, issuer: str, region: str) -> bool:
        """Whether this installation can sign for ``issuer`` in ``region`` with the office's own certificate.

        An issuer without one has its products issued unsigned (their PDF then
        claims no signature) instead of waiting for a certificate that was
        never set up; an officer signing personally brings their own.
        """
        return True
