"""Definitions in a running system: a region proposes, the ministry reviews, publication needs no restart.

The files in ``definitions/`` remain the bundled national catalog; the
database adds what was published since (and withdrawals). The *live* catalog
is the bundled one with every published version laid over it: each version's
YAML is written once to a folder under the instance and passed to the same
loader `mpp validate` uses, so a proposal is checked exactly as a file in the
repository would be. Applications stay pinned to the definition they were
filed under (``definition_snapshots``), so publishing or withdrawing never
changes an application already filed.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from framework.core.numbers import is_stored_id
from framework.core.text import Text
from framework.definition import Catalog, load_catalog
from framework.definition.audit import ServiceAudit, audit_spec, installed_knowledge, located_findings
from framework.definition.catalog import display_name
from framework.definition.context import CheckContext
from framework.definition.diff import DiffResult, diff_specs
from framework.definition.errors import DefinitionError, Severity
from framework.definition.load import Loaded, load_text
from framework.definition.model import ServiceSpec
from framework.services import audit_trail
from framework.store.definitions import (
    PROPOSED,
    PUBLISHED,
    RETURNED,
    SUPERSEDED,
    WITHDRAWN,
    CatalogState,
    DefinitionEvent,
    DefinitionVersion,
)
from framework.store.types import utcnow
from framework.workflow.actors import Actor
from framework.workflow.errors import Conflict, Forbidden, Invalid, NotFound, field_error
from framework.workflow.roles import ADMIN_ROLE, MINISTRY_ROLE

MAX_SOURCE_BYTES = 1024 * 1024  # the checker's own cap on a definition file
# problems of publishing (not of the file itself): only a version waiting for review can have them
PUBLICATION_CODES = frozenset({"PROPOSAL_OTHER_REGION", "PROPOSAL_NOT_YOURS", "PROPOSAL_VERSION_NOT_RAISED"})


@dataclass(frozen=True)
class Proposal:
    """What checking a definition found: the stored version (None when not stored), its problems, diff and audit.

    ``spec`` is the definition compiled in the live catalog's context and
    ``live`` what citizens file under that service id today (None for a new
    service): the admin puts the diff into words with both. A new regional
    variant is compared with the national service it adapts instead
    (``template``), so the reviewer sees what the region changes.
    """

    version: DefinitionVersion | None
    errors: tuple[DefinitionError, ...] = ()
    # the checker's warnings and the audit's findings, located: `mpp validate --strict` refuses each of them
    warnings: tuple[DefinitionError, ...] = ()
    diff: DiffResult | None = None
    audit: ServiceAudit | None = None
    live_version: int | None = None
    spec: ServiceSpec | None = None
    live: ServiceSpec | None = None
    template: ServiceSpec | None = None
    # a returned version that a version as high or higher has since replaced: it cannot be proposed again, so
    # the proposal's checks (its `version` not above the live one) are not held against it
    overtaken: bool = False

    @property
    def accepted(self) -> bool:
        return self.version is not None

    @property
    def refused_by_strict(self) -> tuple[DefinitionError, ...]:
        """Every problem `mpp validate --strict` (which CI runs) fails on: none may be proposed or approved.

        Why warnings too: a text without its English, an incomplete standard,
        an unnamed step role all go live otherwise, and the English standard
        page shows Indonesian, or applications wait at a step no officer holds.
        """
        return (*self.errors, *self.warnings)

    @property
    def base(self) -> ServiceSpec | None:
        """What ``diff`` compares with: the live version, else the national service a new variant adapts."""
        return self.live or self.template


@dataclass(frozen=True)
class LiveCatalog:
    """The catalog citizens file against, and the generation it was built at."""

    catalog: Catalog
    generation: int
    published: dict[str, int] = field(default_factory=dict)  # service id -> version id laid over the files


Locate = Callable[[tuple[str | int, ...]], tuple[int, int]]  # a key of a source → line, column


# --- the live catalog ------------------------------------------------------------------------


def generation(session: Session) -> int:
    """The catalog's generation: one indexed row, cheap enough to read on every request."""
    return int(session.scalar(select(CatalogState.generation).where(CatalogState.id == 1)) or 0)


def _bump(session: Session, now: datetime) -> None:
    session.execute(
        update(CatalogState).where(CatalogState.id == 1).values(generation=CatalogState.generation + 1, changed_at=now)
    )


def bump_generation(session: Session, now: datetime) -> None:
    """Tell every process its catalog is stale (a publication, or a new locus: ``framework.services.loci``)."""
    _bump(session, now)


def published_versions(session: Session) -> list[DefinitionVersion]:
    return list(
        session.scalars(
            select(DefinitionVersion).where(DefinitionVersion.status == PUBLISHED).order_by(DefinitionVersion.id)
        )
    )


def withdrawn_services(session: Session) -> set[str]:
    """Services whose newest decided version is a withdrawal (they take no new applications)."""
    rows = session.execute(
        select(DefinitionVersion.service_id, DefinitionVersion.status)
        .where(DefinitionVersion.status.in_((PUBLISHED, WITHDRAWN)))
        .order_by(DefinitionVersion.changed_at, DefinitionVersion.id)
    )
    latest = dict(rows.all())  # service id -> status; the newest row of each service wins
    return {service_id for service_id, status in latest.items() if status == WITHDRAWN}


def materialise(versions: Iterable[DefinitionVersion], folder: Path) -> list[Path]:
    """Each version's YAML as a file named after its content (written once; later calls reuse it)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for version in versions:
        digest = hashlib.sha256(version.source.encode("utf-8")).hexdigest()[:16]
        path = folder / f"{version.service_id}.v{version.version}.{digest}.yaml"
        if not path.exists():
            temporary = path.with_suffix(".tmp")
            temporary.write_text(version.source, encoding="utf-8")
            temporary.replace(path)
        paths.append(path)
    return paths


def live_catalog(
    session: Session,
    definitions: Path,
    published_dir: Path,
    cache_dir: Path | None = None,
    context: CheckContext | None = None,
) -> LiveCatalog:
    """The bundled catalog with every published version laid over it, withdrawn services removed.

    ``context``: what the app's plugins offer (the process's installed plugins when not given).
    """
    current = generation(session)
    versions = published_versions(session)
    catalog = load_catalog(
        definitions, extra=materialise(versions, published_dir), context=context, cache_dir=cache_dir
    )
    withdrawn = withdrawn_services(session)
    if withdrawn:
        catalog = Catalog(
            {sid: spec for sid, spec in catalog.specs.items() if sid not in withdrawn},
            catalog.errors,
            catalog.codelists,
            {name: sid for name, sid in catalog.files.items() if sid not in withdrawn},
            catalog.issuers,
            frozenset(withdrawn),
        )
    return LiveCatalog(catalog, current, {v.service_id: v.id for v in versions})


# --- proposing ------------------------------------------------------------------------------


def examine(
    session: Session,
    source: str,
    filename: str,
    *,
    definitions: Path,
    published_dir: Path,
    proposer: Actor | None = None,
    live: Catalog | None = None,
    context: CheckContext | None = None,
) -> Proposal:
    """What proposing ``source`` would find, storing nothing: located problems, the diff against what is live,
    the audit.

    The regional admin sees it before proposing, the ministry again when it
    reviews (what is live may have moved since). ``proposer`` adds the
    proposer's own limits (their region); ``live`` saves rebuilding the live
    catalog when the caller holds it (a web process does).
    """
    name = _safe_name(filename)
    _require_size(source)
    catalog, errors, warnings, service_id, loaded = _check(session, source, name, definitions, published_dir, context)
    if errors or service_id is None:
        return Proposal(None, errors, warnings)
    spec = catalog.specs[service_id]
    audit = audit_spec(spec, installed_knowledge(context))
    if not spec.template:  # what `mpp validate --strict` adds: the audit's findings, at their lines
        warnings += tuple(located_findings(audit, loaded))
    if live is None:
        live = live_catalog(session, definitions, published_dir, context=context).catalog
    specs = live.specs
    current = specs.get(service_id)
    template = specs.get(spec.extends) if current is None and spec.region and spec.extends else None
    base = current or template
    return Proposal(
        None,
        _publication_problems(proposer, spec, current, name, loaded.locator().locate),
        warnings,
        diff_specs(base, spec) if base else None,
        audit,
        current.version if current else None,
        spec,
        current,
        template,
    )


def propose(
    session: Session,
    actor: Actor,
    source: str,
    filename: str,
    *,
    definitions: Path,
    published_dir: Path,
    now: datetime | None = None,
    live: Catalog | None = None,
    context: CheckContext | None = None,
) -> Proposal:
    """Check a proposed definition against the live catalog and, when it is sound, store it for review.

    Refused (nothing stored, every problem located in ``filename``): a file
    that does not validate or has a problem `mpp validate --strict` fails on
    (a warning, an audit finding), one whose `version` is not above the live
    one, one for another region than the proposer's. Accepted: a ``proposed``
    version with its diff against what is live.
    """
    _require_proposer(actor)
    now = now or utcnow()
    found = examine(
        session,
        source,
        filename,
        definitions=definitions,
        published_dir=published_dir,
        proposer=actor,
        live=live,
        context=context,
    )
    if found.refused_by_strict or found.spec is None:
        return found
    spec = found.spec
    version = _version_row(spec.id, spec, PROPOSED, source, _safe_name(filename), actor, now)
    session.add(version)
    session.flush()
    _event(session, version, "propose", actor, None, now)
    session.commit()
    return replace(found, version=version)


def examine_version(
    session: Session,
    version_id: int,
    *,
    definitions: Path,
    published_dir: Path,
    live: Catalog | None = None,
    context: CheckContext | None = None,
) -> Proposal:
    """A stored version checked again against today's live catalog (for the reviewer and the proposer's page).

    A version waiting for review (or returned) is judged as a proposal; a
    decided one only compiled and compared, since its `version` is no longer
    meant to be above the live one.
    """
    version = _version(session, version_id)
    found = examine(
        session,
        version.source,
        version.filename,
        definitions=definitions,
        published_dir=published_dir,
        live=live,
        context=context,
    )
    overtaken = version.status == RETURNED and (found.live_version or 0) >= version.version
    if version.status not in (PROPOSED, RETURNED) or overtaken:
        found = replace(found, errors=tuple(e for e in found.errors if e.code not in PUBLICATION_CODES))
    return replace(found, version=version, overtaken=overtaken)


def compile_source(
    session: Session,
    source: str,
    filename: str,
    *,
    definitions: Path,
    published_dir: Path,
    context: CheckContext | None = None,
) -> tuple[ServiceSpec | None, tuple[DefinitionError, ...]]:
    """A stored or uploaded definition compiled in the live catalog's context, to compare it with another version.

    A loosening variant is compiled anyway (the comparison shows what it
    loosens); any other error is returned instead of a service.
    """
    catalog, errors, _warnings, service_id, _loaded = _check(
        session, source, _safe_name(filename), definitions, published_dir, context, refuse_loosening=False
    )
    if errors or service_id is None:
        return None, errors
    return catalog.specs[service_id], ()


def _require_size(source: str) -> None:
    if len(source.encode("utf-8")) > MAX_SOURCE_BYTES:
        raise Invalid(
            [field_error("file", "too_large", "Berkas definisi lebih dari 1 MB.", "The definition file is over 1 MB.")]
        )


def _require_proposer(actor: Actor) -> None:
    if not actor.is_officer or actor.role not in (ADMIN_ROLE, MINISTRY_ROLE):
        raise Forbidden(
            "Hanya admin daerah atau kementerian yang dapat mengajukan definisi.",
            "Only a regional administrator or the ministry can propose a definition.",
        )


def _require_ministry(actor: Actor, refused_id: str, refused_en: str) -> None:
    """*Forbidden* (what the actor may not do) unless the actor is a ministry officer: review, withdraw, restore."""
    if not actor.is_officer or actor.role != MINISTRY_ROLE:
        raise Forbidden(refused_id, refused_en)


def _require_reason(comment: str | None) -> None:
    """*Invalid* beside the comment when no reason is given: a return, a withdrawal, a restoration each need one."""
    if not (comment or "").strip():
        raise Invalid([field_error("comment", "reason_required", "Alasan wajib diisi.", "A reason is required.")])


def _safe_name(filename: str) -> str:
    """The uploaded file's own name, without folders or NULs (it labels error locations; PostgreSQL stores no NUL)."""
    name = Path(filename.replace("\x00", "").replace("\\", "/")).name or "definisi.yaml"
    return name if name.endswith((".yaml", ".yml")) else name + ".yaml"


def _check(
    session: Session,
    source: str,
    name: str,
    definitions: Path,
    published_dir: Path,
    context: CheckContext | None,
    refuse_loosening: bool = True,
) -> tuple[Catalog, tuple[DefinitionError, ...], tuple[DefinitionError, ...], str | None, Loaded]:
    """Validate ``source`` as one more file of the live catalog; problems are reported against ``name``.

    The last item is ``source`` parsed (named ``name``), to locate more problems in it without parsing it again.

    ``refuse_loosening=False`` compiles a loosening variant anyway, so that an
    old version can still be compared with another.
    """
    loaded = load_text(source, name)
    if not loaded.ok:
        return Catalog({}, ()), tuple(loaded.errors), (), None, loaded
    proposed_id = loaded.data.get("service") if isinstance(loaded.data, dict) else None
    published = materialise([v for v in published_versions(session) if v.service_id != proposed_id], published_dir)
    with tempfile.TemporaryDirectory(prefix="mpp-proposal-") as folder:
        path = (Path(folder) / name).resolve()
        path.write_text(source, encoding="utf-8")
        catalog = load_catalog(
            definitions, extra=[path, *published], context=context, refuse_loosening=refuse_loosening
        )
        shown_as = display_name(path)  # the name the catalog gives the file
        mine = [_renamed(e, name) for e in catalog.errors_for([shown_as])]
        service_id = catalog.files.get(shown_as)
    errors = tuple(e for e in mine if e.severity is Severity.ERROR)
    warnings = tuple(e for e in mine if e.severity is not Severity.ERROR)
    return catalog, errors, warnings, service_id, loaded


def _renamed(error: DefinitionError, name: str) -> DefinitionError:
    return DefinitionError(name, error.line, error.col, error.code, error.text, error.severity, error.path)


def _publication_problems(
    actor: Actor | None, spec: ServiceSpec, live: ServiceSpec | None, name: str, where: Locate
) -> tuple[DefinitionError, ...]:
    """What the proposer may not publish, each at the line to change.

    A regional admin changing a service that is live for the nation or
    another region is told to make a variant, and only that: adding their
    `region` to it would only lead to the same refusal.
    """
    problems = []
    if actor is not None and actor.role == ADMIN_ROLE:
        if live is not None and live.region != actor.region:
            live_in = live.region or "nasional"
            problems.append(
                DefinitionError(
                    name,
                    *where(("service",)),
                    "PROPOSAL_NOT_YOURS",
                    Text(
                        f"layanan `{spec.id}` berlaku untuk wilayah {live_in}; admin daerah hanya dapat mengubah "
                        f"layanan wilayahnya sendiri (buat varian dengan id baru dan `extends: {spec.id}`)",
                        f"service `{spec.id}` is live for {live.region or 'the whole nation'}; "
                        f"a regional administrator can only change their own region's "
                        f"services (make a variant with a new id and `extends: {spec.id}`)",
                    ),
                )
            )
        elif spec.region != actor.region:
            problems.append(
                DefinitionError(
                    name,
                    *where(("region",) if spec.region else ("service",)),
                    "PROPOSAL_OTHER_REGION",
                    Text(
                        f'admin daerah {actor.region} hanya dapat mengajukan layanan dengan `region: "{actor.region}"`',
                        f"a regional administrator of {actor.region} can only "
                        f'propose services with `region: "{actor.region}"`',
                    ),
                )
            )
    if live is not None and spec.version <= live.version:
        problems.append(
            DefinitionError(
                name,
                *where(("version",)),
                "PROPOSAL_VERSION_NOT_RAISED",
                Text(
                    f"`version` harus lebih dari versi yang berlaku ({live.version})",
                    f"`version` must be above the live version ({live.version})",
                ),
            )
        )
    return tuple(problems)


# --- reviewing ------------------------------------------------------------------------------


def review(
    session: Session,
    actor: Actor,
    version_id: int,
    decision: str,
    comment: str | None = None,
    *,
    now: datetime | None = None,
    definitions: Path | None = None,
    published_dir: Path | None = None,
    context: CheckContext | None = None,
) -> DefinitionVersion:
    """The ministry approves (publishes at once) or returns a proposal with a comment.

    Given ``definitions`` and ``published_dir`` (every entry point passes
    them), an approval checks the version again against what is live now:
    another publication since it was proposed (a newer version, a second
    variant for the region, a changed template) must not put a definition
    live that no longer compiles, which would stop every process from
    loading the catalog.
    """
    _require_ministry(actor, "Hanya kementerian yang meninjau definisi.", "Only the ministry reviews definitions.")
    now = now or utcnow()
    version = _version(session, version_id, for_update=True)
    if version.status != PROPOSED:
        raise Conflict(
            f"Versi ini berstatus `{version.status}`, tidak menunggu tinjauan.",
            f"This version is `{version.status}`, not waiting for review.",
            "not_proposed",
        )
    if decision == "return":
        _require_reason(comment)
        version.status = RETURNED
    elif decision == "approve":
        if definitions is not None and published_dir is not None:
            _require_still_sound(session, version, definitions, published_dir, context)
        _supersede(session, version.service_id, now)
        version.status = PUBLISHED
        _bump(session, now)
    else:
        raise Invalid(
            [
                field_error(
                    "decision",
                    "unknown_decision",
                    "Keputusan harus approve atau return.",
                    "The decision must be approve or return.",
                )
            ]
        )
    version.changed_at = now
    _event(session, version, decision, actor, comment, now)
    session.commit()
    return version


def _require_still_sound(
    session: Session,
    version: DefinitionVersion,
    definitions: Path,
    published_dir: Path,
    context: CheckContext | None = None,
) -> None:
    found = examine(
        session, version.source, version.filename, definitions=definitions, published_dir=published_dir, context=context
    )
    if found.errors:
        shown = "; ".join(error.format("id") for error in found.errors[:3])
        shown_en = "; ".join(error.format("en") for error in found.errors[:3])
        raise Conflict(
            f"Versi ini tidak lagi sah terhadap katalog yang berlaku: {shown}. Kembalikan kepada pengusul.",
            f"This version is no longer valid against the live catalog: {shown_en}. Return it to the proposer.",
            "no_longer_valid",
        )
    refused = found.refused_by_strict  # proposed before proposals were held to `--strict`, or the catalog moved
    if refused:
        shown = "; ".join(problem.format("id") for problem in refused[:3])
        shown_en = "; ".join(problem.format("en") for problem in refused[:3])
        raise Conflict(
            f"Versi ini memuat {len(refused)} masalah yang ditolak `mpp validate --strict`: {shown}. "
            f"Kembalikan kepada pengusul.",
            f"This version has {len(refused)} problem(s) that `mpp validate --strict` refuses: {shown_en}. "
            f"Return it to the proposer.",
            "strict_refuses",
        )


def _supersede(session: Session, service_id: str, now: datetime) -> None:
    session.execute(
        update(DefinitionVersion)
        .where(DefinitionVersion.service_id == service_id, DefinitionVersion.status.in_((PUBLISHED, WITHDRAWN)))
        .values(status=SUPERSEDED, changed_at=now)
    )


def withdraw(
    session: Session, actor: Actor, service_id: str, comment: str, *, live: Catalog, now: datetime | None = None
) -> DefinitionVersion:
    """Stop new applications for a live service; those already filed continue under their version."""
    _require_ministry(
        actor, "Hanya kementerian yang dapat menarik layanan.", "Only the ministry can withdraw a service."
    )
    _require_reason(comment)
    spec = live.specs.get(service_id)
    if spec is None:
        newest = _newest_decision(session, service_id)
        if newest is not None and newest.status == WITHDRAWN:  # a second click, or two ministry staff at once
            raise Conflict("Layanan ini sudah ditarik.", "This service is already withdrawn.", "already_withdrawn")
        raise NotFound("Layanan ini tidak berlaku.", "No live service with that id.")
    users = sorted(s.id for s in live.specs.values() if s.extends == service_id)
    if users:
        raise Conflict(
            f"Layanan lain memakai layanan ini sebagai dasar: {', '.join(users)}.",
            f"Other services extend this one: {', '.join(users)}.",
            "extended",
        )
    now = now or utcnow()
    source = _source_of(session, service_id)  # read before superseding: the published version it withdraws
    _supersede(session, service_id, now)
    version = _version_row(service_id, spec, WITHDRAWN, source, f"{service_id}.yaml", actor, now)
    session.add(version)
    session.flush()
    _event(session, version, "withdraw", actor, comment, now)
    _bump(session, now)
    session.commit()
    return version


def restore(
    session: Session,
    actor: Actor,
    service_id: str,
    comment: str,
    *,
    live: Catalog,
    definitions: Path,
    published_dir: Path,
    now: datetime | None = None,
    context: CheckContext | None = None,
) -> DefinitionVersion:
    """Take a withdrawn service back, as it was when withdrawn: ``withdraw`` undone, by the same people.

    The ministry only, with a reason, an event and an audit entry, as a
    withdrawal. What comes back is what was withdrawn (the published version
    then live, else the bundled file) and nothing else: a changed service is
    a new proposal. Like an approval it is checked against today's catalog:
    refused when it no longer compiles, when it would knock another live
    service out, or when the national service it adapts is not live. Returns
    the restored published version, or for a bundled service the withdrawal
    (now superseded), which carries the event.
    """
    _require_ministry(
        actor, "Hanya kementerian yang dapat memulihkan layanan.", "Only the ministry can restore a service."
    )
    _require_reason(comment)
    if service_id in live.specs:
        raise Conflict("Layanan ini tidak sedang ditarik.", "This service is not withdrawn.", "not_withdrawn")
    withdrawal = _withdrawal(session, service_id)
    if withdrawal.extends and withdrawal.extends not in live.specs:
        raise Conflict(
            f"Layanan ini turunan dari {withdrawal.extends}, yang tidak berlaku; pulihkan layanan itu lebih dulu.",
            f"This service adapts {withdrawal.extends}, which is not live; restore that service first.",
            "base_not_live",
        )
    now = now or utcnow()
    source = withdrawal.source or _source_before(session, withdrawal)
    _supersede(session, service_id, now)
    restored = withdrawal
    if source:  # a published version was live: it is published again, as a new row (the history stays whole)
        restored = _version_row(service_id, withdrawal, PUBLISHED, source, f"{service_id}.yaml", actor, now)
        session.add(restored)
    session.flush()
    _require_restorable(session, service_id, set(live.specs), definitions, published_dir, context)
    _event(session, restored, "restore", actor, comment, now)
    _bump(session, now)
    session.commit()
    return restored


class _Versioned(Protocol):
    @property
    def version(self) -> int: ...
    @property
    def region(self) -> str | None: ...
    @property
    def extends(self) -> str | None: ...
    @property
    def content_hash(self) -> str | None: ...


def _version_row(
    service_id: str, like: _Versioned, status: str, source: str, filename: str, actor: Actor, now: datetime
) -> DefinitionVersion:
    """A new row of the service's history carrying ``like``'s version, region, template and content hash.

    ``like`` is the compiled service (a proposal, a withdrawal) or the
    withdrawal row a restoration publishes again.
    """
    return DefinitionVersion(
        service_id=service_id,
        version=like.version,
        region=like.region,
        extends=like.extends,
        status=status,
        source=source,
        filename=filename,
        content_hash=like.content_hash,
        proposed_by=actor.id,
        proposed_at=now,
        changed_at=now,
    )


def _newest_decision(session: Session, service_id: str, *, for_update: bool = False) -> DefinitionVersion | None:
    """The service's newest publication or withdrawal; None for a bundled service never decided on."""
    query = (
        select(DefinitionVersion)
        .where(DefinitionVersion.service_id == service_id, DefinitionVersion.status.in_((PUBLISHED, WITHDRAWN)))
        .order_by(DefinitionVersion.changed_at.desc(), DefinitionVersion.id.desc())
        .limit(1)
    )
    return session.scalar(query.with_for_update() if for_update else query)


def _withdrawal(session: Session, service_id: str) -> DefinitionVersion:
    """The service's newest decision, when it is a withdrawal; else *not found* (nothing to restore)."""
    newest = _newest_decision(session, service_id, for_update=True)
    if newest is None or newest.status != WITHDRAWN:
        raise NotFound("Layanan ini tidak sedang ditarik.", "This service is not withdrawn.")
    return newest


def _source_before(session: Session, withdrawal: DefinitionVersion) -> str:
    """The version a withdrawal stored without its YAML (before that was kept) had withdrawn: the newest
    formerly published one before it ("" when the bundled file was live)."""
    latest = session.scalar(
        select(DefinitionVersion.source)
        .where(
            DefinitionVersion.service_id == withdrawal.service_id,
            DefinitionVersion.status == SUPERSEDED,
            DefinitionVersion.id < withdrawal.id,
            DefinitionVersion.source != "",
        )
        .order_by(DefinitionVersion.id.desc())
        .limit(1)
    )
    return latest or ""


def _require_restorable(
    session: Session,
    service_id: str,
    before: set[str],
    definitions: Path,
    published_dir: Path,
    context: CheckContext | None,
) -> None:
    """The catalog with the restoration laid over it serves the service and everything it served before."""
    after = live_catalog(session, definitions, published_dir, context=context).catalog
    lost = sorted((before | {service_id}) - set(after.specs))
    if lost:
        session.rollback()
        shown = "; ".join(error.format("id") for error in after.errors[:3])
        shown_en = "; ".join(error.format("en") for error in after.errors[:3])
        raise Conflict(
            f"Layanan ini tidak dapat dipulihkan: katalog yang berlaku tidak lagi dapat memuat "
            f"{', '.join(lost)}. {shown} Ajukan versi baru.",
            f"This service cannot be restored: the live catalog could no longer load {', '.join(lost)}. "
            f"{shown_en} Propose a new version.",
            "no_longer_valid",
        )


def _source_of(session: Session, service_id: str) -> str:
    latest = session.scalar(
        select(DefinitionVersion.source)
        .where(DefinitionVersion.service_id == service_id, DefinitionVersion.status == PUBLISHED)
        .order_by(DefinitionVersion.id.desc())
    )
    return latest or ""


def _version(session: Session, version_id: int, for_update: bool = False) -> DefinitionVersion:
    """The stored version; *not found* also for an id past the database's range (its driver fails on one)."""
    query = select(DefinitionVersion).where(DefinitionVersion.id == version_id)
    version = session.scalar(query.with_for_update() if for_update else query) if is_stored_id(version_id) else None
    if version is None:
        raise NotFound("Versi definisi tidak ditemukan.", "No such definition version.")
    return version


def _event(
    session: Session, version: DefinitionVersion, action: str, actor: Actor, comment: str | None, now: datetime
) -> None:
    session.add(
        DefinitionEvent(version_id=version.id, action=action, actor=actor.id, role=actor.role, comment=comment, at=now)
    )
    audit_trail.record(
        session,
        actor,
        f"definition.{action}",
        version.service_id,
        {"version": version.version, "version_id": version.id},
        now,
    )


# --- reading and exporting ------------------------------------------------------------------


def versions(
    session: Session, *, service_id: str | None = None, statuses: Sequence[str] = (), region: str | None = None
) -> list[DefinitionVersion]:
    """Stored versions, newest first; ``region`` narrows to one region's definitions (its admin's list)."""
    query = select(DefinitionVersion).order_by(DefinitionVersion.id.desc())
    if service_id:
        query = query.where(DefinitionVersion.service_id == service_id)
    if region:
        query = query.where(DefinitionVersion.region == region)
    if statuses:
        query = query.where(DefinitionVersion.status.in_(tuple(statuses)))
    return list(session.scalars(query))


def events(session: Session, version_id: int) -> list[DefinitionEvent]:
    return list(
        session.scalars(
            select(DefinitionEvent).where(DefinitionEvent.version_id == version_id).order_by(DefinitionEvent.id)
        )
    )


def export(session: Session, definitions: Path, target: Path) -> list[Path]:
    """Write the live catalog's published versions back as files, so a region's work can return to the repository.

    ``target`` receives a copy of the bundled tree (unless it is that tree)
    with each published version written where the repository keeps such a
    service: `regions/<code>/<name>.yaml` for a region's, `<sector>/<name>.yaml`
    for a national one, replacing the bundled file of the same service.
    """
    if target.resolve() != definitions.resolve():
        shutil.copytree(definitions, target, dirs_exist_ok=True)
    bundled = load_catalog(target)
    where = {sid: name for name, sid in bundled.files.items()}
    written = []
    for version in published_versions(session):
        path = Path(where[version.service_id]) if version.service_id in where else _home(target, version)
        path = path if path.is_absolute() else Path.cwd() / path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(version.source, encoding="utf-8")
        written.append(path)
    return written


def _home(target: Path, version: DefinitionVersion) -> Path:
    name = version.service_id.split(".", 1)[-1] + ".yaml"
    if version.region:
        return target / "regions" / version.region / name
    return target / version.service_id.split(".", 1)[0] / name
