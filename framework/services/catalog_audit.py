"""The ministry's catalog: every definition with its status, figures, audit and last change.

One function builds it (``catalog_audit``) for every reader: the admin's
catalog page and its CSV export, and `mpp audit` in each of its formats, so
the browser and the command line can never disagree on a figure. What the
files say (version, region, SLA, fee, the audit) comes from the compiled
live catalog; what happened to a definition (published, proposed, returned,
withdrawn; last change and by whom) from the database's
``definition_versions`` and append-only ``definition_events``. Without a
database (`mpp audit` over a folder of files) every definition is *bundled*.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.core.text import Text
from framework.definition import Catalog
from framework.definition.audit import AuditReport, RegistryKnowledge, ServiceAudit, audit_spec, installed_knowledge
from framework.definition.load import load_text
from framework.definition.model import ServiceSpec
from framework.store.definitions import (
    PROPOSED,
    PUBLISHED,
    RETURNED,
    SUPERSEDED,
    WITHDRAWN,
    DefinitionEvent,
    DefinitionVersion,
)

BUNDLED = "bundled"  # live from the files in definitions/, no publication laid over it
STATUS_WORDS: dict[str, Text] = {
    BUNDLED: Text("bawaan", "bundled"),
    PUBLISHED: Text("terbit", "published"),
    PROPOSED: Text("diusulkan", "proposed"),
    RETURNED: Text("dikembalikan", "returned"),
    WITHDRAWN: Text("ditarik", "withdrawn"),
    SUPERSEDED: Text("digantikan", "superseded"),
}
NATIONAL, REGIONAL, TEMPLATE = "national", "regional", "template"
KIND_WORDS: dict[str, Text] = {
    NATIONAL: Text("nasional", "national"),
    REGIONAL: Text("daerah", "regional"),
    TEMPLATE: Text("templat", "template"),
}
ACTION_WORDS: dict[str, Text] = {
    "propose": Text("diusulkan", "proposed"),
    "return": Text("dikembalikan", "returned"),
    "approve": Text("disetujui dan terbit", "approved and published"),
    "withdraw": Text("ditarik", "withdrawn"),
    "restore": Text("dipulihkan", "restored"),
}


@dataclass(frozen=True)
class LastChange:
    """The newest review event of a service: what, who, when, why."""

    action: str
    actor: str
    at: datetime
    comment: str | None = None
    version: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "by": self.actor,
            "at": self.at.isoformat(timespec="seconds"),
            "comment": self.comment,
            "version": self.version,
        }


@dataclass(frozen=True)
class StoredVersion:
    """A ``definition_versions`` row without its YAML."""

    id: int
    service_id: str
    version: int
    region: str | None
    extends: str | None
    status: str


@dataclass(frozen=True)
class Records:
    """What the database knows about definitions, per service id (empty without a database)."""

    published: frozenset[str] = frozenset()
    withdrawn: frozenset[str] = frozenset()
    latest: Mapping[str, StoredVersion] = field(default_factory=dict)  # newest version row of each service
    pending: Mapping[str, int] = field(default_factory=dict)  # service id -> newest proposal waiting for review
    last_change: Mapping[str, LastChange] = field(default_factory=dict)
    # service id -> the title, SLA and fee its newest YAML states, for the services with no live definition
    # (never published, or withdrawn): the auditor still sees what was proposed or withdrawn
    stated: Mapping[str, Stated] = field(default_factory=dict)


@dataclass(frozen=True)
class Stated:
    """What a stored YAML says of a service that is not live."""

    title: Text
    sla: str | None = None
    fee: float | None = None


@dataclass(frozen=True)
class CatalogEntry:
    """One definition as the auditor sees it. ``audit`` is None for a template or a service that is not live."""

    service: str
    title: Text
    kind: str
    status: str
    version: int
    region: str | None = None
    extends: str | None = None
    sla: str | None = None
    fee: float | None = None
    audit: ServiceAudit | None = None
    last_change: LastChange | None = None
    pending: int | None = None

    @property
    def live(self) -> bool:
        return self.status in (BUNDLED, PUBLISHED)

    def as_dict(self) -> dict[str, Any]:
        """The audit's own keys (`mpp audit --format json` keeps them) and the catalog's."""
        figures = self.audit.as_dict() if self.audit else {"service": self.service, "title": self.title.as_dict()}
        return {
            **figures,
            "region": self.region,
            "version": self.version,
            "sla": self.sla,
            "fee": self.fee,
            "kind": self.kind,
            "status": self.status,
            "extends": self.extends,
            "pending_proposal": self.pending,
            "last_change": self.last_change.as_dict() if self.last_change else None,
        }


@dataclass(frozen=True)
class CatalogAudit:
    entries: tuple[CatalogEntry, ...]

    @property
    def report(self) -> AuditReport:
        """The audited entries (live services that are not templates): the figures and the exit status."""
        return AuditReport(tuple(entry.audit for entry in self.entries if entry.audit is not None))

    @property
    def audited(self) -> tuple[CatalogEntry, ...]:
        return tuple(entry for entry in self.entries if entry.audit is not None)

    @property
    def others(self) -> tuple[CatalogEntry, ...]:
        """Templates and services that take no applications (withdrawn, only proposed or returned)."""
        return tuple(entry for entry in self.entries if entry.audit is None)

    def as_dict(self) -> dict[str, Any]:
        summary = self.report.as_dict()
        return {
            **summary,
            "results": [entry.as_dict() for entry in self.audited],
            "not_audited": [entry.as_dict() for entry in self.others],
        }


# --- what the database says ------------------------------------------------------------------


def records(session: Session) -> Records:
    """Every version row (without its YAML) and the newest event of each service, in two queries."""
    rows = session.execute(
        select(
            DefinitionVersion.id,
            DefinitionVersion.service_id,
            DefinitionVersion.version,
            DefinitionVersion.region,
            DefinitionVersion.extends,
            DefinitionVersion.status,
        ).order_by(DefinitionVersion.changed_at, DefinitionVersion.id)
    ).all()
    latest: dict[str, StoredVersion] = {}
    decided: dict[str, str] = {}
    pending: dict[str, int] = {}
    for row in rows:
        latest[row.service_id] = StoredVersion(*row)
        if row.status in (PUBLISHED, WITHDRAWN):
            decided[row.service_id] = row.status  # the newest decision of each service wins
        if row.status == PROPOSED:
            pending[row.service_id] = row.id
    return Records(
        published=frozenset(s for s, status in decided.items() if status == PUBLISHED),
        withdrawn=frozenset(s for s, status in decided.items() if status == WITHDRAWN),
        latest=latest,
        pending=pending,
        last_change=_last_changes(session),
        stated=_stated(session, [v.id for sid, v in latest.items() if decided.get(sid) != PUBLISHED]),
    )


def _stated(session: Session, version_ids: list[int]) -> dict[str, Stated]:
    """The title, SLA and fee the newest version of each service with no live definition states.

    Why: a brand-new service has no live definition to take them from, nor has
    a withdrawn one (whose withdrawal row keeps the YAML it withdrew); the
    catalog showed the id where the title belongs and "—" for its SLA and fee.
    Only these versions' YAML is read, never the rest.
    """
    if not version_ids:
        return {}
    rows = session.execute(
        select(DefinitionVersion.service_id, DefinitionVersion.source).where(DefinitionVersion.id.in_(version_ids))
    )
    stated = {}
    for service_id, source in rows:
        loaded = load_text(source or "", f"{service_id}.yaml")
        data = loaded.data if loaded.ok and isinstance(loaded.data, dict) else {}
        title = Text.of(data.get("title"))
        if title is None or not title.id.strip():
            continue
        standard = data.get("standard")
        sla, fee = (standard.get("sla"), standard.get("fee")) if isinstance(standard, dict) else (None, None)
        stated[service_id] = Stated(
            title, str(sla) if isinstance(sla, str) else None, fee if isinstance(fee, (int, float)) else None
        )
    return stated


def _last_changes(session: Session) -> dict[str, LastChange]:
    rows = session.execute(
        select(
            DefinitionVersion.service_id,
            DefinitionVersion.version,
            DefinitionEvent.action,
            DefinitionEvent.actor,
            DefinitionEvent.at,
            DefinitionEvent.comment,
        )
        .join(DefinitionVersion, DefinitionVersion.id == DefinitionEvent.version_id)
        .order_by(DefinitionEvent.id)
    ).all()
    return {row.service_id: LastChange(row.action, row.actor, row.at, row.comment, row.version) for row in rows}


# --- the catalog -------------------------------------------------------------------------------


def kind_of(spec: ServiceSpec) -> str:
    if spec.template:
        return TEMPLATE
    return REGIONAL if spec.region else NATIONAL


def _live_entry(spec: ServiceSpec, found: Records, knowledge: RegistryKnowledge) -> CatalogEntry:
    return CatalogEntry(
        spec.id,
        spec.title,
        kind_of(spec),
        PUBLISHED if spec.id in found.published else BUNDLED,
        spec.version,
        spec.region,
        spec.extends,
        spec.standard.sla.text if spec.standard.sla else None,
        spec.standard.fee,
        None if spec.template else audit_spec(spec, knowledge),
        found.last_change.get(spec.id),
        found.pending.get(spec.id),
    )


def _stored_entry(version: StoredVersion, found: Records) -> CatalogEntry:
    """A service with no live definition: withdrawn, or only ever proposed (or returned)."""
    status = WITHDRAWN if version.service_id in found.withdrawn else version.status
    stated = found.stated.get(version.service_id)
    return CatalogEntry(
        version.service_id,
        stated.title if stated else Text(version.service_id, version.service_id),
        REGIONAL if version.region else NATIONAL,
        status,
        version.version,
        version.region,
        version.extends,
        sla=stated.sla if stated else None,
        fee=stated.fee if stated else None,
        last_change=found.last_change.get(version.service_id),
        pending=found.pending.get(version.service_id),
    )


def catalog_audit(
    live: Catalog,
    found: Records | None = None,
    knowledge: RegistryKnowledge | None = None,
    services: Iterable[str] = (),
) -> CatalogAudit:
    """Every definition of ``live`` (templates included) and every stored service that is not live, by id.

    ``services`` narrows it to those ids (all when empty).
    """
    found = found or Records()
    knowledge = knowledge if knowledge is not None else installed_knowledge()
    wanted = set(services)
    entries = [_live_entry(spec, found, knowledge) for spec in live.specs.values()]
    entries += [_stored_entry(v, found) for sid, v in found.latest.items() if sid not in live.specs]
    chosen = [entry for entry in entries if not wanted or entry.service in wanted]
    return CatalogAudit(tuple(sorted(chosen, key=lambda entry: entry.service)))


# --- narrowing and exporting -------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogFilter:
    """The auditor's narrowing of the catalog; an empty value narrows nothing."""

    kind: str = ""
    status: str = ""
    region: str = ""  # a Kemendagri code: the definitions of that region and below; "-" for national ones
    search: str = ""  # part of the service id or of its title, in either language

    def keeps(self, entry: CatalogEntry) -> bool:
        return all(test(self, entry) for test in _FILTER_TESTS)


def _region_matches(wanted: str, region: str | None) -> bool:
    if wanted == "-":
        return region is None
    return bool(region) and (region == wanted or str(region).startswith(wanted + "."))


_FILTER_TESTS = (
    lambda f, e: not f.kind or e.kind == f.kind,
    lambda f, e: not f.status or e.status == f.status,
    lambda f, e: not f.region or _region_matches(f.region, e.region),
    lambda f, e: not f.search or f.search.lower() in f"{e.service} {e.title.id} {e.title.en or ''}".lower(),
)


def narrowed(audit: CatalogAudit, chosen: CatalogFilter) -> CatalogAudit:
    return CatalogAudit(tuple(entry for entry in audit.entries if chosen.keeps(entry)))


def fee_figure(fee: float) -> str:
    """A fee in whole Rupiah as written (`1500000`), sen only when there are any.

    Why not ``f"{fee:g}"``: it keeps six digits, so a fee of Rp 1.500.000
    read `1.5e+06` in the CSV and `mpp audit`, and Rp 150.000,50 lost its sen.
    """
    return f"{fee:.0f}" if float(fee).is_integer() else f"{fee:.2f}"


CSV_HEADER: tuple[Text, ...] = (
    Text("layanan", "service"),
    Text("judul", "title"),
    Text("jenis", "kind"),
    Text("wilayah", "region"),
    Text("versi", "version"),
    Text("status", "status"),
    Text("turunan dari", "extends"),
    Text("SLA", "SLA"),
    Text("biaya", "fee"),
    Text("standar pelayanan", "service standard"),
    Text("temuan standar", "standard findings"),
    Text("temuan minimisasi data", "data-minimisation findings"),
    Text("perubahan terakhir", "last change"),
    Text("waktu perubahan", "changed at"),
    Text("oleh", "by"),
    Text("usulan menunggu", "pending proposal"),
)
COMPLIANCE_WORDS = {
    True: Text("patuh", "compliant"),
    False: Text("tidak patuh", "non-compliant"),
    None: Text("tidak diaudit", "not audited"),
}


def csv_rows(audit: CatalogAudit, language: str) -> list[list[str]]:
    """The catalog as spreadsheet rows (header first), in ``language``; the same figures as the page."""
    rows = [[column.get(language) for column in CSV_HEADER]]
    for entry in audit.entries:
        result, change = entry.audit, entry.last_change
        rows.append(
            [
                entry.service,
                entry.title.get(language),
                KIND_WORDS[entry.kind].get(language),
                entry.region or "",
                str(entry.version),
                STATUS_WORDS[entry.status].get(language),
                entry.extends or "",
                entry.sla or "",
                "" if entry.fee is None else fee_figure(entry.fee),
                COMPLIANCE_WORDS[result.compliant if result else None].get(language),
                "" if result is None else str(sum(f.kind == "standard" for f in result.findings)),
                "" if result is None else str(len(result.flagged)),
                ACTION_WORDS[change.action].get(language) if change else "",
                change.at.isoformat(timespec="minutes") if change else "",
                change.actor if change else "",
                "" if entry.pending is None else f"#{entry.pending}",
            ]
        )
    return rows
