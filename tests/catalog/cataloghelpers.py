"""Helpers for the catalog tests: compile inline definitions next to the project's reference data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mpp_testing import PROJECT

from framework.definition import Catalog, load_catalog
from framework.definition.model import RuleSpec, ServiceSpec
from framework.forms.examples import example_documents
from framework.storage import UploadInfo, describe
from plugins.sandbox.population import population

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


def example_uploads(spec: ServiceSpec, answers: dict[str, Any]) -> dict[str, UploadInfo]:
    """A tiny file of an accepted type for each document ``answers`` ask for (keys are not stored anywhere)."""
    return {
        doc_id: describe(data, name, key=f"k-{doc_id}")
        for doc_id, (name, data) in example_documents(spec, answers).items()
    }


def sip_rule(spec: ServiceSpec) -> RuleSpec | None:
    """The SIP service's ``profesi_sesuai`` rule (which SISDMK professions it licenses); None for another service."""
    return next((rule for rule in spec.rules if rule.id == "profesi_sesuai"), None)


def health_worker(spec: ServiceSpec, *, matching: bool = True) -> dict[str, Any]:
    """The SISDMK record of a sandbox health worker who may apply for ``spec``, a SIP service.

    Why: a SIP needs SISDMK's profession and STR, so the catalog files each SIP
    service as a health worker of its profession (``matching=False``: of
    another profession), the real path. The first by NIK with an STR valid for
    life (the ``str_kedaluwarsa`` rule reads today's date) and fewer than 3
    active SIPs: the sandbox population has one for every profession.
    """
    rule = sip_rule(spec)
    assert rule is not None, f"{spec.id} is not a SIP service"
    return next(
        worker
        for _nik, worker in sorted(population().health_workers.items())
        if rule.when.holds({"profesi": worker["profesi"]}) != matching
        and worker["str"]["seumur_hidup"]
        and worker["jumlah_sip_aktif"] < 3
    )


def as_applicant(spec: ServiceSpec, answers: dict[str, Any], default: str | None) -> tuple[str | None, dict[str, Any]]:
    """Who files ``spec`` with ``answers``: ``default``, or for a SIP service a health worker of its profession.

    A new SIP is for the worker's next practice place (rule ``urutan_tempat``),
    so ``tempat_praktik_ke`` becomes their active SIPs plus one.
    """
    if sip_rule(spec) is None:
        return default, answers
    worker = health_worker(spec)
    return worker["nik"], {**answers, "tempat_praktik_ke": worker["jumlah_sip_aktif"] + 1}
