"""Counter filing (assisted digital): a front-office officer files for a walk-in citizen.

MPP is a physical mall too. The officer types the citizen's NIK; the registries
are asked exactly as when the citizen files (`framework.forms.drafting`), the
officer fills the same generated pages, records that the citizen consented, and
the application is filed in the citizen's name through
``framework.services.applications.submit`` — with the officer as the one who
filed it at the counter, on the timeline and in the audit trail. Asking the
registries about a person is a read of personal data: every look-up goes
through the fetcher the caller passes (``web.limits.counter_fetcher``), limited
per officer and audited with the NIK's keyed digest.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.orm import Session
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import nik as stdnum_nik

from framework.core.errors import FieldError, field_error
from framework.definition.model import ServiceSpec
from framework.forms.drafting import refresh_prefill
from framework.forms.drafts import Draft
from framework.forms.prefill import Fetcher
from framework.services.filing import Outcome, submit_draft
from framework.workflow.actors import Actor
from framework.workflow.loci import Loci
from framework.workflow.offering import filed_by_region, offering_errors
from framework.workflow.roles import ADMIN_ROLE

NO_CONSENT = field_error(
    "consent",
    "consent_required",
    "Pemohon harus menyetujui pengajuan atas namanya sebelum dikirim.",
    "The citizen must consent to filing in their name before it is sent.",
)
NO_SERVICE = field_error("layanan", "service_required", "Pilih layanan yang diajukan.", "Choose the service to file.")
BAD_NIK = field_error(
    "nik",
    "invalid_nik",
    "NIK harus 16 angka yang sah (periksa KTP-el).",
    "The NIK must be 16 valid digits (check the KTP-el).",
)


def counter_region(actor: Actor) -> str | None:
    """The kabupaten/kota an officer files in at the counter (a kecamatan or desa office lies in one)."""
    if not actor.is_officer or not actor.region or actor.region.count(".") < 1:
        return None
    return ".".join(actor.region.split(".")[:2])


def counter_services(
    actor: Actor, specs: Iterable[ServiceSpec], definitions: Path, loci: Loci | None = None
) -> list[ServiceSpec]:
    """What the officer files at the counter, offered where they work.

    A front office files the services whose first step is its role, for
    walk-in citizens; a regional admin files its region's applications to the
    ministry (joining MPP Digital), in the name of the official who signs them.
    """
    region = counter_region(actor)
    if region is None:
        return []
    specs = list(specs)
    return [
        spec for spec in specs if _files(actor, spec) and not offering_errors(spec, region, definitions, specs, loci)
    ]


def _files(actor: Actor, spec: ServiceSpec) -> bool:
    if filed_by_region(spec):
        return actor.role == ADMIN_ROLE
    return bool(spec.steps) and spec.steps[0].role == actor.role


def nik_errors(nik: str) -> list[FieldError]:
    try:
        stdnum_nik.validate(nik)
    except StdnumError:
        return [BAD_NIK]
    return []


def start(spec: ServiceSpec, nik: str, actor: Actor, fetch: Fetcher) -> Draft:
    """A draft for the citizen with NIK ``nik``, prefilled from the registries.

    ``fetch``: the counter's fetcher (``web.limits.counter_fetcher``), which
    limits the officer's look-ups and writes each to the audit trail with the
    NIK's keyed digest; before, this asked the registries directly, unlimited,
    and the event kept only the masked NIK, which matched many people.
    """
    draft = Draft.new(spec.id, spec.content_hash, owner=nik)
    draft.region = counter_region(actor) or ""
    draft.at_counter = True  # the citizen's own start page says so before offering to start over
    refresh_prefill(spec, draft, nik, fetch=fetch)
    return draft


def file(
    session: Session,
    spec: ServiceSpec,
    draft: Draft,
    actor: Actor,
    *,
    consent: bool,
    definitions: Path,
    others: Iterable[ServiceSpec] = (),
) -> Outcome:
    """File the counter draft in the citizen's name; errors (no consent, invalid answers) say which field."""
    if not consent:
        return Outcome(errors=[NO_CONSENT])
    return submit_draft(session, spec, draft, draft.region, draft.owner, definitions, others, counter=actor)
