"""`mpp generate`: everything derived from the definitions, written to generated/.

Each generator is a function from the catalog to ``{relative path: text}``;
the outputs are compared with what is on disk so `--check` can tell CI that
someone changed a definition without regenerating.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

from framework.core.settings import definitions_dir, generated_dir
from framework.core.text import LANGUAGES, Text, msg
from framework.definition import Catalog, load_catalog
from framework.definition.errors import DefinitionError, Severity
from framework.definition.metaschema import metaschema
from framework.generate.diagram import workflow_diagrams
from framework.generate.index import catalog_index
from framework.generate.standard import service_standards

Generator = Callable[[Catalog], Mapping[str, str]]


def as_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def meta_schema(_catalog: Catalog) -> dict[str, str]:
    return {"schema/service-definition.schema.json": as_json(metaschema())}


def payload_schemas(catalog: Catalog) -> dict[str, str]:
    """The JSON Schema of each offered service's API payload (issue 3: forms)."""
    from framework.forms.schema import payload_schema

    return {f"services/{spec.id}/payload.schema.json": as_json(payload_schema(spec)) for spec in catalog.offered()}


def openapi_json(catalog: Catalog) -> dict[str, str]:
    """The OpenAPI 3.1 document of the JSON API for this catalog (served at /api/v1/openapi.json too)."""
    from framework.generate.openapi import openapi_document

    return {"openapi.json": as_json(openapi_document(catalog))}


def authoring_lists(catalog: Catalog) -> dict[str, str]:
    """Prefill attributes and sandbox people, for authors (issue 13: authoring)."""
    from framework.generate.authoring import author_lists

    return author_lists(catalog)


GENERATORS: list[Generator] = [
    meta_schema,
    payload_schemas,
    service_standards,
    workflow_diagrams,
    catalog_index,
    openapi_json,
    authoring_lists,
]


def outputs(catalog: Catalog) -> dict[str, str]:
    result: dict[str, str] = {}
    for generator in GENERATORS:
        result.update(generator(catalog))
    return result


class CannotGenerate(SystemExit):
    """Why generated/ is left as it is, in both languages: `mpp generate` prints the one chosen (``--lang``).

    A ``SystemExit``, so a script calling :func:`generate` still stops with
    the reason (both languages, Indonesian first).
    """

    def __init__(self, reason: Text, errors: tuple[DefinitionError, ...] = ()) -> None:
        self.reason, self.errors = reason, errors
        super().__init__("\n".join(self.text(language) for language in LANGUAGES))

    def text(self, language: str) -> str:
        return "\n".join([self.reason.get(language), *(error.format(language) for error in self.errors)])


def generate(check: bool = False, target: Path | None = None, catalog: Catalog | None = None) -> list[str]:
    """Write (or with ``check``, compare) generated files; returns the paths that changed."""
    target = target or generated_dir()
    catalog = catalog or load_catalog(definitions_dir())
    if not catalog.ok:
        raise CannotGenerate(
            msg(
                "tidak dapat membuat generated/: definisi memiliki kesalahan",
                "cannot generate: the definitions have errors",
            ),
            tuple(e for e in catalog.errors if e.severity is Severity.ERROR),
        )
    if not catalog.specs:  # an empty or mistyped folder must not empty generated/
        folder = definitions_dir()
        raise CannotGenerate(
            msg(
                f"tidak dapat membuat generated/: tidak ada definisi di {folder}; generated/ dibiarkan apa adanya",
                f"cannot generate: no definitions in {folder}; generated/ is left as it is",
            )
        )
    wanted = outputs(catalog)
    changed = [path for path, text in sorted(wanted.items()) if _read(target / path) != text]
    known = {str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()} if target.is_dir() else set()
    extra = sorted(known - set(wanted) - {".gitkeep"})
    if not check:
        for path in changed:
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            (target / path).write_text(wanted[path], encoding="utf-8")
        for path in extra:
            (target / path).unlink()
    return changed + extra


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None
