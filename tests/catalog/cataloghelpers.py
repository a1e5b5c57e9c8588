"""Helpers for the catalog tests: compile inline definitions next to the project's reference data."""

from __future__ import annotations

from pathlib import Path

from mpp_testing import PROJECT

from framework.definition import Catalog, load_catalog
from framework.definition.model import ServiceSpec
from framework.forms.examples import example_file
from framework.storage import UploadInfo, describe

DEFINITIONS = PROJECT / "definitions"


def compile_with_reference(folder: Path, *texts: str) -> Catalog:
    """Inline YAML definitions compiled next to the project's code lists and regions (installed plugins)."""
    for name in ("codelists", "reference"):
        if not (folder / name).exists():
            (folder / name).symlink_to(DEFINITIONS / name)
    files = []
    for number, text in enumerate(texts):
        path = folder / f"service-{number}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return load_catalog(folder, files)


def example_uploads(spec: ServiceSpec) -> dict[str, UploadInfo]:
    """A tiny file of an accepted type for every document of ``spec`` (keys are not stored anywhere)."""
    uploads = {}
    for document in spec.documents:
        name, data = example_file(document.accept)
        uploads[document.id] = describe(data, name, key=f"k-{document.id}")
    return uploads
