"""The builder: a regional admin writes a service without YAML, and the result is a checked proposal.

A draft is the definition's YAML, kept in the database so the author can
come back (``builder_drafts``). Every change is a function from the YAML to
the YAML (the builder's screens make them with
``framework.authoring.builder_edits``: ruamel's round-trip tree, so comments
and order survive); every save is stored whatever the checker says — nothing
the author typed is lost — and checked by the pipeline `mpp validate` runs,
so the builder shows the same located, coded messages, beside the element
they concern; a draft without errors also gets what `--strict` adds (the
audit's findings, as warnings). A draft is proposed only without any of
them, as `mpp validate --strict` (which CI runs) would pass it. The draft becomes a proposal through
``publication.propose``, exactly as a file proposed from the command line.

Checking a draft compiles it with only what it needs beside it — the code
lists, the region table, the declared issuers and the chain of templates it
extends — so a save takes a fraction of a second; the proposal is checked
against the whole live catalog.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.core.numbers import is_stored_id
from framework.definition import Catalog, load_catalog
from framework.definition.audit import audit_warnings, installed_knowledge
from framework.definition.catalog import REFERENCE_DIRS, display_name
from framework.definition.context import CheckContext
from framework.definition.errors import DefinitionError, Severity
from framework.definition.load import load_text
from framework.definition.model import ServiceSpec
from framework.forms.regions import region_table
from framework.services import publication
from framework.store.builder import BuilderDraft
from framework.store.definitions import PUBLISHED, DefinitionVersion
from framework.store.types import utcnow
from framework.workflow.actors import Actor
from framework.workflow.errors import Forbidden, NotFound
from framework.workflow.roles import ADMIN_ROLE


@dataclass(frozen=True)
class Places:
    """Where the live catalog comes from (as ``publication.propose`` takes it)."""

    definitions: Path
    published_dir: Path
    context: CheckContext | None = None  # the app's plugins (the process's installed ones when not given)


@dataclass(frozen=True)
class Checked:
    """A draft's problems (as `mpp validate` reports them) and, when it compiles, its ServiceSpec."""

    problems: tuple[DefinitionError, ...]
    spec: ServiceSpec | None = None
    issuers: Mapping[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[DefinitionError]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[DefinitionError]:
        return [p for p in self.problems if p.severity is not Severity.ERROR]


# --- who may build, and which drafts they see -------------------------------------------------


def _require_builder(actor: Actor) -> str:
    if not actor.is_officer or actor.role != ADMIN_ROLE or not actor.region:
        raise Forbidden(
            "Hanya admin daerah yang dapat memakai pembuat layanan.",
            "Only a regional admin can use the service builder.",
        )
    return actor.region


def drafts_of(session: Session, actor: Actor) -> list[BuilderDraft]:
    """The drafts of the admin's region, most recently changed first."""
    region = _require_builder(actor)
    query = select(BuilderDraft).where(BuilderDraft.region == region).order_by(BuilderDraft.updated_at.desc())
    return list(session.scalars(query))


def draft(session: Session, actor: Actor, draft_id: int) -> BuilderDraft:
    """One draft of the admin's region; another region's is not found (never "forbidden"), nor an impossible id."""
    region = _require_builder(actor)
    found = session.get(BuilderDraft, draft_id) if is_stored_id(draft_id) else None
    if found is None or found.region != region:
        raise NotFound("Draf tidak ditemukan.", "No such draft.")
    return found


def delete(session: Session, actor: Actor, draft_id: int) -> None:
    session.delete(draft(session, actor, draft_id))
    session.commit()


# --- starting a draft --------------------------------------------------------------------------


def create(session: Session, actor: Actor, source: str, origin: str) -> BuilderDraft:
    """Keep a new draft (its first YAML made by ``framework.authoring.builder_start``) for the admin's region."""
    now = utcnow()
    found = BuilderDraft(
        region=_require_builder(actor),
        owner=actor.id,
        source=source,
        origin=origin[:200],
        created_at=now,
        updated_at=now,
    )
    _describe(found, source)
    session.add(found)
    session.commit()
    return found


def _describe(found: BuilderDraft, source: str) -> None:
    """The draft's service id and title, as its YAML says now (for the list of drafts)."""
    data = load_text(source, "draft.yaml").data or {}
    title = data.get("title")
    found.service_id = str(data.get("service") or "")[:120]
    found.title = str(title.get("id") if isinstance(title, Mapping) else title or "")[:300]
    english = title.get("en") if isinstance(title, Mapping) else None
    found.title_en = str(english)[:300] if english else None


def title_of(found: BuilderDraft, language: str, live: Catalog | None = None) -> str:
    """The draft's title in ``language`` (its Indonesian one when it has no other).

    A regional variant writes no title of its own (it inherits its
    template's): with the ``live`` catalog it is named by the template's
    title and its region, "Akta Kelahiran — Kab. Gowa", not "(tanpa judul)".
    """
    own = (found.title_en if language == "en" and found.title_en else found.title) or ""
    if own or live is None:
        return own
    data = load_text(found.source, "draft.yaml").data
    template = live.specs.get(str(data.get("extends") or "")) if isinstance(data, Mapping) else None
    if template is None:
        return ""
    return f"{template.title.get(language)} — {_region_name(found.region)}"


def _region_name(code: str) -> str:
    """``73.06`` → ``Kab. Gowa``; ``34.71`` → ``Kota Yogyakarta`` (the region table's name, shortened as written)."""
    return re.sub(r"^Kabupaten\s+", "Kab. ", region_table().name(code))


def live_source(session: Session, live: Catalog, service_id: str) -> str:
    """The YAML a live service was published from (the bundled file, or its published version), as written."""
    latest = session.scalar(
        select(DefinitionVersion.source)
        .where(DefinitionVersion.service_id == service_id, DefinitionVersion.status == PUBLISHED)
        .order_by(DefinitionVersion.id.desc())
    )
    if latest:
        return latest
    spec = live.specs.get(service_id)
    if spec is None or not spec.source_file or not Path(spec.source_file).is_file():
        raise NotFound("Layanan tidak ditemukan.", "No such service.")
    return Path(spec.source_file).read_text(encoding="utf-8")


# --- changing and checking ----------------------------------------------------------------------


def edit(
    session: Session, actor: Actor, draft_id: int, change: Callable[[str], str], places: Places, live: Catalog
) -> tuple[BuilderDraft, Checked]:
    """Apply ``change`` (YAML → YAML) to the draft, save it whatever the checker says, and check it."""
    found = draft(session, actor, draft_id)
    found.source = change(found.source)
    found.updated_at = utcnow()
    _describe(found, found.source)
    checked = check(found, places, live)
    session.commit()
    return found, checked


def check(found: BuilderDraft, places: Places, live: Catalog) -> Checked:
    """The draft's problems (and spec), from this process's memory or a fresh check; kept on the draft."""
    digest = hashlib.sha256(found.source.encode("utf-8")).hexdigest()
    checked = _remembered(digest) or _remember(digest, check_source(found.source, file_name(found), places, live))
    if found.checked_hash != digest:
        found.checked_hash = digest
        found.problems = [problem.as_dict("id") for problem in checked.problems]
    return checked


def file_name(found: BuilderDraft) -> str:
    """The name problems are reported against: the service's slug, as a bare file name.

    Why only letters, digits, `-` and `_`: the name is also where the check
    writes the draft (inside its temporary folder) and the download's file
    name. The service id is whatever the author typed, refused by the checker
    only after it is written: `sosial.x/y` named a missing folder (a 500 that
    lost the save) and `sosial./srv/x` a file outside the temporary folder.
    """
    tail = (found.service_id or "").rsplit(".", 1)[-1]
    return f"{re.sub(r'[^A-Za-z0-9_-]+', '-', tail).strip('-') or 'layanan'}.yaml"


def check_source(source: str, name: str, places: Places, live: Catalog) -> Checked:
    """Check ``source`` as `mpp validate --strict` would, beside only what it needs (reference data, its templates)."""
    loaded = load_text(source, name)
    if not loaded.ok:
        return Checked(tuple(loaded.errors))
    with tempfile.TemporaryDirectory(prefix="mpp-builder-") as folder:
        root = Path(folder)
        for part in sorted(REFERENCE_DIRS):  # the folders the catalog reads as reference data
            if (places.definitions / part).is_dir():
                (root / part).symlink_to((places.definitions / part).resolve())
        path = root / name
        path.write_text(source, encoding="utf-8")
        catalog = load_catalog(root, extra=[path, *_chain(loaded.data or {}, live)], context=places.context)
        shown = display_name(path.resolve())  # the name the catalog gives the file
        found = catalog.errors_for([shown])
        if not any(e.severity is Severity.ERROR for e in found):  # what `mpp validate --strict` adds: the audit's
            found += audit_warnings(catalog, [shown], installed_knowledge(places.context))
        problems = tuple(DefinitionError(name, e.line, e.col, e.code, e.text, e.severity, e.path) for e in found)
        service_id = catalog.files.get(shown)
        spec = catalog.specs.get(service_id) if service_id else None
    return Checked(problems, spec, catalog.issuers)


def _chain(data: Mapping[str, Any], live: Catalog) -> list[Path]:
    """The files of the templates ``data`` extends, nearest first."""
    files: list[Path] = []
    parent = data.get("extends")
    while isinstance(parent, str) and parent in live.specs and len(files) < 10:
        source = live.specs[parent].source_file
        if source and Path(source).is_file():
            files.append(Path(source))
        parent = live.specs[parent].extends
    return files


# What the citizen's form needs no decision on yet: a draft being written may lack its steps or issuer,
# and its pages can still be previewed (a stand-in takes their place, only for the preview).
_STAND_IN = {
    "steps": [
        {
            "id": "pratinjau",
            "title": {"id": "Pratinjau", "en": "Preview"},
            "role": "pratinjau",
            "sla": "1d",
            "actions": ["approve"],
        }
    ],
    "standard": {"sla": "5d", "fee": 0, "complaints": "lapor"},
    "provider": "dukcapil",
}
_NOT_PREVIEWED = ("rules", "notify", "issuer", "provider", "steps", "standard")


def preview_spec(found: BuilderDraft, places: Places, live: Catalog) -> ServiceSpec | None:
    """The draft's ServiceSpec for the preview: its own when it is valid, else its pages with stand-ins for the rest."""
    checked = check(found, places, live)
    if checked.spec is not None:
        return checked.spec
    data = load_text(found.source, "draft.yaml").data
    if not isinstance(data, dict):
        return None
    stand_in = {key: value for key, value in data.items() if key not in _NOT_PREVIEWED}
    if "extends" not in data:
        stand_in.update(_STAND_IN)
    source = json.dumps(stand_in, ensure_ascii=False)  # JSON is YAML: the same pipeline reads it
    digest = "preview:" + hashlib.sha256(source.encode("utf-8")).hexdigest()
    return (_remembered(digest) or _remember(digest, check_source(source, file_name(found), places, live))).spec


_CHECKED: OrderedDict[str, Checked] = OrderedDict()
_KEPT = 32


def _remembered(digest: str) -> Checked | None:
    if digest in _CHECKED:
        _CHECKED.move_to_end(digest)
        return _CHECKED[digest]
    return None


def _remember(digest: str, checked: Checked) -> Checked:
    _CHECKED[digest] = checked
    while len(_CHECKED) > _KEPT:
        _CHECKED.popitem(last=False)
    return checked


# --- proposing ------------------------------------------------------------------------------------


def propose(session: Session, actor: Actor, draft_id: int, places: Places) -> publication.Proposal:
    """The draft into the publication workflow: checked against the whole live catalog, stored for review."""
    found = draft(session, actor, draft_id)
    proposal = publication.propose(
        session,
        actor,
        found.source,
        file_name(found),
        definitions=places.definitions,
        published_dir=places.published_dir,
        context=places.context,
    )
    if proposal.version is not None:
        found = draft(session, actor, draft_id)
        found.proposed_version = proposal.version.id
        session.commit()
    return proposal


def problems_at(problems: Iterable[Mapping[str, Any]], prefix: tuple[str | int, ...]) -> list[Mapping[str, Any]]:
    """The stored problems whose path lies under ``prefix`` (an element's own and its keys')."""
    wanted = "/".join(str(step) for step in prefix)
    return [p for p in problems if (p.get("path") or "") == wanted or str(p.get("path") or "").startswith(wanted + "/")]
