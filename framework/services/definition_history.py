"""Reading the publication workflow: who may see which version, each service's history, two versions compared.

The admin's proposal, review and catalog screens read through these
functions, which carry the access rule in their queries: a regional admin
sees the versions of their own region only (anything else is *not found*),
the ministry sees every version. The history is read from the append-only
``definition_events``: it can be shown, never edited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from framework.core.numbers import is_stored_id, page_within
from framework.definition import Catalog
from framework.definition.context import CheckContext
from framework.definition.diff import DiffResult, diff_specs
from framework.definition.errors import DefinitionError
from framework.definition.model import ServiceSpec
from framework.services import publication
from framework.store.definitions import PROPOSED, DefinitionEvent, DefinitionVersion
from framework.workflow.actors import Actor
from framework.workflow.errors import NotFound
from framework.workflow.roles import ADMIN_ROLE, MINISTRY_ROLE

BUNDLED_KEY = "bawaan"  # the version of the files in definitions/, in a comparison's address


@dataclass(frozen=True)
class HistoryLine:
    """One review event of one version: who did what, when, and why."""

    version_id: int
    version: int
    region: str | None
    action: str
    actor: str
    role: str
    at: datetime
    comment: str | None


@dataclass(frozen=True)
class VersionChoice:
    """A version of a service that can be compared: the bundled file's, or a stored one (by id)."""

    key: str
    version: int
    status: str
    at: datetime | None = None
    by: str | None = None
    restored: bool = False  # published again by a restoration (a copy of the version withdrawn)


@dataclass(frozen=True)
class Comparison:
    old: VersionChoice
    new: VersionChoice
    old_spec: ServiceSpec | None
    new_spec: ServiceSpec | None
    diff: DiffResult | None
    errors: tuple[DefinitionError, ...] = ()


# --- who sees which version ----------------------------------------------------------------------


def may_read(actor: Actor, region: str | None) -> bool:
    """The ministry reads every version; a regional admin the versions of their own region's definitions."""
    if not actor.is_officer:
        return False
    if actor.role == MINISTRY_ROLE:
        return True
    return actor.role == ADMIN_ROLE and bool(actor.region) and region == actor.region


def readable_version(session: Session, actor: Actor, version_id: int) -> DefinitionVersion:
    """The version, if ``actor`` may read it; else *not found* (never "forbidden", which would confirm it exists).

    An id past the database's range is not found without asking the database (whose driver fails on it).
    """
    version = session.get(DefinitionVersion, version_id) if is_stored_id(version_id) else None
    if version is None or not may_read(actor, version.region):
        raise NotFound("Usulan tidak ditemukan.", "No such proposal.")
    return version


def region_versions(session: Session, actor: Actor) -> list[DefinitionVersion]:
    """A regional admin's list: every version of their region's definitions, newest first."""
    if actor.role != ADMIN_ROLE or not actor.region:
        return []
    return publication.versions(session, region=actor.region)


def review_queue(session: Session) -> list[DefinitionVersion]:
    """Proposals waiting for the ministry, the oldest first (they have waited longest)."""
    return list(reversed(publication.versions(session, statuses=(PROPOSED,))))


@dataclass(frozen=True)
class VersionsPage:
    """One page of versions, newest first: the page shown (kept between the first and the last), of how many."""

    versions: list[DefinitionVersion]
    total: int
    page: int
    pages: int


def decided_versions(session: Session, statuses: Iterable[str], *, page: int = 1, page_size: int = 50) -> VersionsPage:
    """The versions already decided, one page of them (newest first).

    Why paged: the review screen showed the newest fifty and nothing said
    older ones existed; and it read every decided version (source included)
    to show those fifty.
    """
    where = DefinitionVersion.status.in_(tuple(statuses))
    total = int(session.scalar(select(func.count()).select_from(DefinitionVersion).where(where)) or 0)
    shown, pages = page_within(page, total, page_size)
    query = (
        select(DefinitionVersion)
        .where(where)
        .order_by(DefinitionVersion.id.desc())
        .limit(page_size)
        .offset((shown - 1) * page_size)
    )
    return VersionsPage(list(session.scalars(query)), total, shown, pages)


# --- history --------------------------------------------------------------------------------------


def _events(session: Session, *conditions: Any) -> list[HistoryLine]:
    rows = session.execute(
        select(
            DefinitionEvent.version_id,
            DefinitionVersion.version,
            DefinitionVersion.region,
            DefinitionEvent.action,
            DefinitionEvent.actor,
            DefinitionEvent.role,
            DefinitionEvent.at,
            DefinitionEvent.comment,
        )
        .join(DefinitionVersion, DefinitionVersion.id == DefinitionEvent.version_id)
        .where(*conditions)
        .order_by(DefinitionEvent.id)
    ).all()
    return [HistoryLine(*row) for row in rows]


def service_history(session: Session, service_id: str, reader: Actor) -> list[HistoryLine]:
    """Every review event of the versions of ``service_id`` that ``reader`` may read, oldest first."""
    return [
        line for line in _events(session, DefinitionVersion.service_id == service_id) if may_read(reader, line.region)
    ]


def version_events(session: Session, version_ids: Iterable[int]) -> dict[int, list[HistoryLine]]:
    """The events of each of ``version_ids`` (a list page shows the ministry's comment beside each version)."""
    wanted = list(version_ids)
    found: dict[int, list[HistoryLine]] = {version_id: [] for version_id in wanted}
    for line in _events(session, DefinitionEvent.version_id.in_(wanted)) if wanted else ():
        found[line.version_id].append(line)
    return found


# --- two versions compared ------------------------------------------------------------------------


def version_choices(session: Session, service_id: str, bundled: Catalog) -> list[VersionChoice]:
    """The versions of a service one can compare: the bundled file's (if any), then each stored one, oldest first."""
    choices = []
    if service_id in bundled.specs:
        choices.append(VersionChoice(BUNDLED_KEY, bundled.specs[service_id].version, "bundled"))
    stored = list(reversed(publication.versions(session, service_id=service_id)))
    began = _first_actions(session, [version.id for version in stored])
    for version in stored:
        # a withdrawal's row keeps the YAML it withdrew (or none, for a bundled service): the same text as
        # the version before it, so offering it would list one version twice
        if version.source and began.get(version.id) != "withdraw":
            restored = began.get(version.id) == "restore"
            choices.append(
                VersionChoice(
                    str(version.id), version.version, version.status, version.proposed_at, version.proposed_by, restored
                )
            )
    return choices


def _first_actions(session: Session, version_ids: list[int]) -> dict[int, str]:
    """How each stored version began: `propose`, or `withdraw` / `restore` for the rows those write."""
    first = (
        select(DefinitionEvent.version_id, func.min(DefinitionEvent.id).label("first_id"))
        .where(DefinitionEvent.version_id.in_(version_ids))
        .group_by(DefinitionEvent.version_id)
        .subquery()
    )
    rows = session.execute(
        select(DefinitionEvent.version_id, DefinitionEvent.action).join(first, DefinitionEvent.id == first.c.first_id)
    )
    return {row.version_id: row.action for row in rows}


def compare_versions(
    session: Session,
    service_id: str,
    old_key: str,
    new_key: str,
    *,
    bundled: Catalog,
    definitions: Path,
    published_dir: Path,
    context: CheckContext | None = None,
) -> Comparison:
    """Two versions of one service, each compiled in today's catalog, and their semantic diff (judged)."""
    choices = {choice.key: choice for choice in version_choices(session, service_id, bundled)}
    if old_key not in choices or new_key not in choices:
        raise NotFound("Versi tidak ditemukan untuk layanan ini.", "No such version of this service.")
    compiled = [
        _compiled(session, key, service_id, bundled, definitions, published_dir, context) for key in (old_key, new_key)
    ]
    (old_spec, old_errors), (new_spec, new_errors) = compiled
    diff = diff_specs(old_spec, new_spec) if old_spec and new_spec else None
    return Comparison(choices[old_key], choices[new_key], old_spec, new_spec, diff, old_errors + new_errors)


def _compiled(
    session: Session,
    key: str,
    service_id: str,
    bundled: Catalog,
    definitions: Path,
    published_dir: Path,
    context: CheckContext | None,
) -> tuple[ServiceSpec | None, tuple[DefinitionError, ...]]:
    if key == BUNDLED_KEY:
        return bundled.specs[service_id], ()
    version = session.get(DefinitionVersion, int(key))
    if version is None or version.service_id != service_id:
        raise NotFound("Versi tidak ditemukan untuk layanan ini.", "No such version of this service.")
    return publication.compile_source(
        session, version.source, version.filename, definitions=definitions, published_dir=published_dir, context=context
    )


def template_changes(live: Catalog, spec: ServiceSpec) -> DiffResult | None:
    """What a regional variant changed from the national service it adapts (None for anything else)."""
    template = live.specs.get(spec.extends) if spec.region and spec.extends else None
    return diff_specs(template, spec) if template else None
