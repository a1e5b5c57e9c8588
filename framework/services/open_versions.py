"""Older versions of a service whose applications are still open, and the steps a new version moves.

Why: an application is decided under the definition it was filed under
(``framework.workflow.pinning``), but the officer's queue was drawn from the
live version alone. A new version that renames a step, or gives it to
another role, left the applications already waiting there in no one's queue
(the old step id was gone) or in the wrong one's (the role had changed),
though only the old step's role may decide them. The queue adds the older
versions found here; the ministry's review warns before such a version goes
live (``moved_steps``).

Only versions whose steps differ from the live one's (id or role) matter:
any other is queued exactly like the live version. Those are few, and each
is asked about with one index seek (``ix_applications_pinned``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from framework.core.text import Text
from framework.definition.model import ServiceSpec
from framework.services.scope import in_scope
from framework.store.models import Application, DefinitionSnapshot
from framework.workflow.actors import Actor
from framework.workflow.machine import DECIDED_STATES
from framework.workflow.pinning import spec_of

RETURNED = "returned"


def steps_of(spec: ServiceSpec) -> tuple[tuple[str, str], ...]:
    """(step id, role) of each step: what decides who queues and decides an application."""
    return tuple((step.id, step.role) for step in spec.steps)


def open_versions(
    session: Session, actor: Actor, live: Iterable[ServiceSpec], codelists: Mapping[str, Any] | None = None
) -> list[ServiceSpec]:
    """The versions of these services, other than ``live``, with steps of their own and open applications in the
    officer's area (oldest version first)."""
    current = {spec.id: spec for spec in live}
    if not current:
        return []
    found = session.execute(
        select(DefinitionSnapshot.service_id, DefinitionSnapshot.content_hash)
        .where(DefinitionSnapshot.service_id.in_(sorted(current)))
        .where(DefinitionSnapshot.content_hash.not_in(sorted(spec.content_hash for spec in current.values())))
        .order_by(DefinitionSnapshot.service_version, DefinitionSnapshot.content_hash)
    ).all()
    signatures = _signatures(session, [row.content_hash for row in found])
    differing = [row for row in found if signatures[row.content_hash] != steps_of(current[row.service_id])]
    older = [spec_of(session, row, codelists) for row in differing]  # a row knows its content hash
    return [spec for spec in older if _has_open(session, actor, spec)]


# content hash -> (step id, role) of each step; a snapshot never changes, so it is read once per process
_SIGNATURES: dict[str, tuple[tuple[str, str], ...]] = {}
SIGNATURES_MAX = 10_000


def _signatures(session: Session, hashes: list[str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """The steps of each snapshot, read from its canonical JSON without compiling it.

    Why not ``spec_of``: every version ever filed under has a snapshot, and
    compiling each of them (the compiled cache holds a few hundred) on every
    queue page would cost more than the queue; only the few that differ are
    compiled.
    """
    unknown = [content_hash for content_hash in hashes if content_hash not in _SIGNATURES]
    if unknown:
        if len(_SIGNATURES) + len(unknown) > SIGNATURES_MAX:
            _SIGNATURES.clear()
        rows = session.execute(
            select(DefinitionSnapshot.content_hash, DefinitionSnapshot.canonical).where(
                DefinitionSnapshot.content_hash.in_(unknown)
            )
        )
        for content_hash, canonical in rows:
            steps = json.loads(canonical).get("steps") or []
            _SIGNATURES[content_hash] = tuple((str(step.get("id")), str(step.get("role"))) for step in steps)
    return {content_hash: _SIGNATURES.get(content_hash, ()) for content_hash in hashes}


def _has_open(session: Session, actor: Actor, spec: ServiceSpec) -> bool:
    scope = in_scope(Application.area, actor.region) if actor.region else true()
    states = sorted({step.id for step in spec.steps} | {RETURNED})
    return (
        session.scalar(
            select(Application.id)
            .where(Application.content_hash == spec.content_hash, Application.state.in_(states), scope)
            .limit(1)
        )
        is not None
    )


@dataclass(frozen=True)
class MovedStep:
    """Open applications at a step that a new version drops (renames) or gives to another role."""

    step_id: str
    title: Text
    role: str
    new_role: str | None  # None: the new version has no step with this id
    versions: tuple[int, ...]  # the versions the applications were filed under
    open: int


def moved_steps(session: Session, proposed: ServiceSpec, codelists: Mapping[str, Any] | None = None) -> list[MovedStep]:
    """The steps holding open applications (waiting there, or returned from there) that ``proposed`` drops or gives
    to another role.

    Those applications continue under the version they were filed under, at
    the old step, with its old role; the ministry reads this before
    publishing, so it knows who must still finish them.
    """
    at_step = func.coalesce(Application.returned_from, Application.state)
    rows = session.execute(
        select(Application.content_hash, at_step.label("step_id"), func.count().label("waiting"))
        .where(Application.service_id == proposed.id, Application.state.not_in(sorted(DECIDED_STATES)))
        .group_by(Application.content_hash, at_step)
    ).all()
    new_roles = dict(steps_of(proposed))
    moved: dict[tuple[str, str], MovedStep] = {}
    for row in rows:
        filed_under = spec_of(session, row, codelists)  # a row knows its content hash
        step = next((s for s in filed_under.steps if s.id == row.step_id), None)
        if step is None or new_roles.get(step.id) == step.role:
            continue
        key = (step.id, step.role)
        before = moved.get(key)
        versions = tuple(sorted({*(before.versions if before else ()), filed_under.version}))
        total = (before.open if before else 0) + int(row.waiting)
        moved[key] = MovedStep(step.id, step.title, step.role, new_roles.get(step.id), versions, total)
    return sorted(moved.values(), key=lambda item: (item.step_id, item.role))
