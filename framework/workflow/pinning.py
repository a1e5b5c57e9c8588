"""The definition an application was filed under, and the workflow compiled from it.

An application stores the content hash of its ServiceSpec; the canonical JSON
is kept once per hash in `definition_snapshots`, so a later change to the YAML
never changes how an existing application is shown or decided. Compiled specs
and workflows are cached per hash (they are immutable): the hash is the
SHA-256 of the canonical text, so a spec compiled once for a hash is the spec
of every application pinned to it, and the snapshot row is read only to
compile it the first time.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from framework.core import settings
from framework.definition.model import ServiceSpec, build_spec
from framework.store.models import DefinitionSnapshot
from framework.workflow.errors import NotFound
from framework.workflow.machine import Workflow, compile_workflow

COMPILED_MAX = 256


class Pinned(Protocol):
    """Anything that knows the content hash it was filed under (an application, or its public fields alone)."""

    @property
    def content_hash(self) -> str: ...


_COMPILED: dict[tuple[str, str], ServiceSpec] = {}  # (content hash, code lists' JSON) -> spec


def spec_of(
    session: Session | Connection, application: Pinned, codelists: Mapping[str, Any] | None = None
) -> ServiceSpec:
    """The ServiceSpec the application was filed under, rebuilt from its snapshot (once per hash and code lists).

    ``session`` is asked only when this process has not built that spec yet; a bare connection will do.
    """
    return spec_of_hash(session, application.content_hash, codelists)


def spec_of_hash(
    session: Session | Connection, content_hash: str, codelists: Mapping[str, Any] | None = None
) -> ServiceSpec:
    """The ServiceSpec of the snapshot ``content_hash`` (for callers holding a hash rather than an application)."""
    lists = codelists if codelists is not None else _default_codelists()
    key = (content_hash, _codelists_key(lists))
    spec = _COMPILED.get(key)
    if spec is None:
        canonical = session.scalar(
            select(DefinitionSnapshot.canonical).where(DefinitionSnapshot.content_hash == content_hash)
        )
        if canonical is None:  # pragma: no cover - the foreign key prevents it
            raise NotFound("Definisi layanan tidak ditemukan.", "The service definition is missing.")
        if len(_COMPILED) >= COMPILED_MAX:
            _COMPILED.clear()
        spec = _COMPILED[key] = build_spec(json.loads(canonical), json.loads(key[1]))
    return spec


_KEYS: dict[
    int, tuple[Mapping[str, Any], str]
] = {}  # id(code lists) -> (them, their JSON): a catalog's lists are made once


def _codelists_key(codelists: Mapping[str, Any]) -> str:
    known = _KEYS.get(id(codelists))
    if known is None or known[0] is not codelists:
        if len(_KEYS) > 16:
            _KEYS.clear()
        known = _KEYS[id(codelists)] = (codelists, json.dumps(codelists, sort_keys=True))
    return known[1]


@lru_cache(maxsize=1)
def _default_codelists() -> dict[str, Any]:
    from framework.definition.catalog import load_codelists

    lists, _errors = load_codelists(settings.definitions_dir() / "codelists")
    return {
        name: {code: (text if isinstance(text, (str, dict)) else str(text)) for code, text in items.items()}
        for name, items in lists.items()
    }


_WORKFLOWS: dict[str, Workflow] = {}  # content hash -> compiled workflow (specs are immutable)


def workflow_of(spec: ServiceSpec) -> Workflow:
    flow = _WORKFLOWS.get(spec.content_hash)
    if flow is None:
        flow = _WORKFLOWS[spec.content_hash] = compile_workflow(spec)
    return flow


# Per database (engine): the content hashes whose snapshot was read back from it, so committed.
# Snapshots are never changed or deleted, so a hash seen once needs no look-up again.
_STORED: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


def snapshot(session: Session, spec: ServiceSpec) -> None:
    """Keep the canonical definition of ``spec`` (once per content hash).

    Why remembered: every filing pins its definition, and asking the database
    each time whether the (immutable) snapshot exists was a query per filing.
    Only a hash read back from the database is remembered, never one this
    transaction inserts (it may still roll back); :func:`forget_snapshots`
    drops the memory when a filing fails on a constraint, so a database that
    lost its rows under a running process costs one retry, not a failure.
    """
    stored = _STORED.setdefault(session.get_bind(), set())
    if spec.content_hash in stored:
        return
    exists = session.scalar(
        select(DefinitionSnapshot.content_hash).where(DefinitionSnapshot.content_hash == spec.content_hash)
    )
    if exists is not None:
        stored.add(spec.content_hash)
        return
    session.add(
        DefinitionSnapshot(
            content_hash=spec.content_hash,
            service_id=spec.id,
            service_version=spec.version,
            canonical=spec.canonical,
        )
    )
    session.flush()


def forget_snapshots(session: Session) -> None:
    """Drop what :func:`snapshot` remembers of this session's database (after a failed write)."""
    _STORED.pop(session.get_bind(), None)
