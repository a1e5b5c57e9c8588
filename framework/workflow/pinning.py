"""The definition an application was filed under, and the workflow compiled from it.

An application stores the content hash of its ServiceSpec; the canonical JSON
is kept once per hash in `definition_snapshots`, so a later change to the YAML
never changes how an existing application is shown or decided. Compiled specs
and workflows are cached per hash (they are immutable).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from framework.core import settings
from framework.definition.model import ServiceSpec, build_spec
from framework.store.models import Application, DefinitionSnapshot
from framework.workflow.errors import NotFound
from framework.workflow.machine import Workflow, compile_workflow


@lru_cache(maxsize=256)
def _compiled(content_hash: str, canonical: str, codelists_key: str) -> ServiceSpec:
    return build_spec(json.loads(canonical), json.loads(codelists_key))


def spec_of(session: Session, application: Application, codelists: Mapping[str, Any] | None = None) -> ServiceSpec:
    """The ServiceSpec the application was filed under, rebuilt from its snapshot."""
    snapshot = session.get(DefinitionSnapshot, application.content_hash)
    if snapshot is None:  # pragma: no cover - the foreign key prevents it
        raise NotFound("Definisi layanan tidak ditemukan.", "The service definition is missing.")
    lists = codelists if codelists is not None else _default_codelists()
    return _compiled(snapshot.content_hash, snapshot.canonical, _codelists_key(lists))


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


def snapshot(session: Session, spec: ServiceSpec) -> None:
    """Keep the canonical definition of ``spec`` (once per content hash)."""
    if session.get(DefinitionSnapshot, spec.content_hash) is None:
        session.add(
            DefinitionSnapshot(
                content_hash=spec.content_hash,
                service_id=spec.id,
                service_version=spec.version,
                canonical=spec.canonical,
            )
        )
        session.flush()
