"""The loci in a running system: the file's 60, plus every region an approved onboarding added.

A kabupaten/kota joins MPP Digital by filing ``kementerian.pengajuan-lokus``
(its regional admin, at the counter of the officer workspace); ministry staff
decide it through the normal workflow; on approval the ministry's provider
(``plugins.providers``, id ``kemenpanrb``) calls :func:`onboard`, which adds
the region here and raises the catalog's generation, so every process reads
the new list with its catalog (``framework.web.services.loci``) and the
region's services can be filed there at once — no file is edited.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.forms.regions import level_of, region_table
from framework.services.publication import bump_generation
from framework.store.performance import OnboardedLocus
from framework.store.types import utcnow
from framework.workflow.calendar import WIB
from framework.workflow.loci import FROM_ONBOARDING, Loci, Locus, file_loci

# the onboarding form's `layanan` choices → the service patterns a new locus runs
SERVICE_GROUPS: dict[str, str] = {"ADMINDUK": "adminduk.*", "NAKES": "nakes.*"}
SERVICES_FIELD = "layanan"


def onboarded(session: Session) -> list[Locus]:
    """The regions that joined by an approved onboarding application, oldest first."""
    rows = session.scalars(select(OnboardedLocus).order_by(OnboardedLocus.joined_at, OnboardedLocus.region))
    return [
        Locus(row.region, row.name, row.cohort, tuple(row.services), FROM_ONBOARDING, row.tracking_number)
        for row in rows
    ]


def current_loci(session: Session, definitions: Path) -> Loci:
    """The one list every caller reads: ``loci.yaml`` and the onboarded regions."""
    return file_loci(definitions).joined(onboarded(session))


def onboard(
    session: Session, region: str, answers: Mapping[str, Any], tracking_number: str, now: datetime | None = None
) -> Locus:
    """Make ``region`` a locus running the service groups chosen in ``answers`` (the caller commits).

    Idempotent for one application (a provider retried by the worker adds
    nothing twice); a later approval for the same region adds its services.
    """
    if level_of(region) != "regency":
        raise ValueError(f"{region!r} is not a kabupaten/kota code")
    now = now or utcnow()
    chosen = answers.get(SERVICES_FIELD) or list(SERVICE_GROUPS)
    patterns = [SERVICE_GROUPS[group] for group in chosen if group in SERVICE_GROUPS]
    row = session.get(OnboardedLocus, region)
    if row is None:
        row = OnboardedLocus(
            region=region,
            name=region_table().name(region),
            cohort=now.astimezone(WIB).strftime("%Y-%m"),
            services=patterns,
            tracking_number=tracking_number,
            joined_at=now,
        )
        session.add(row)
    else:
        row.services = list(dict.fromkeys([*row.services, *patterns]))
    session.flush()
    bump_generation(session, now)
    return Locus(row.region, row.name, row.cohort, tuple(row.services), FROM_ONBOARDING, row.tracking_number)
