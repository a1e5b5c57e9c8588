"""Fixtures for the citizen-forms tests: the reference example, compiled once."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from framework.definition import CheckContext, SourceInfo, load_catalog
from framework.settings import PROJECT_ROOT

EXAMPLE = Path("/work/shared/examples/akta-kelahiran.yaml")
EXAMPLE_FALLBACK = PROJECT_ROOT / "tests" / "forms" / "akta-kelahiran.yaml"
IKD_ATTRIBUTES = frozenset({"nik", "nama_lengkap", "tanggal_lahir", "jenis_kelamin", "nik_ibu", "nama_ibu"})


def check_context() -> CheckContext:
    """The plugins the example needs, declared here so the tests do not depend on plugin code in progress."""
    return CheckContext(
        sources={"ikd": SourceInfo("ikd", IKD_ATTRIBUTES), "sisdmk": SourceInfo("sisdmk", frozenset({"nik", "nama_lengkap"}))},
        providers=frozenset({"dukcapil", "dpmptsp", "kemenkes"}),
        complaint_channels=frozenset({"lapor"}),
        notify_channels=frozenset({"inbox", "email", "sms", "whatsapp"}),
    )


def reference_root() -> Path:
    """A definitions folder with only the reference data (code lists, regions).

    The services under definitions/ are another area's work; these tests
    compile only the example (or an inline definition) against real reference data.
    """
    root = Path(tempfile.mkdtemp(prefix="mpp-forms-"))
    for name in ("codelists", "reference"):
        (root / name).symlink_to(PROJECT_ROOT / "definitions" / name)
    return root


def load_example(extra_yaml: str | None = None):
    root = reference_root()
    files = [EXAMPLE if EXAMPLE.is_file() else EXAMPLE_FALLBACK]
    if extra_yaml is not None:
        path = root / "service.yaml"
        path.write_text(extra_yaml, encoding="utf-8")
        files = [path]
    catalog = load_catalog(root, files, context=check_context())
    assert catalog.ok, [str(e) for e in catalog.errors if e.severity.value == "error"]
    return catalog


@pytest.fixture(scope="session")
def example_catalog():
    return load_example()


@pytest.fixture(scope="session")
def spec(example_catalog):
    return example_catalog.specs["adminduk.akta-kelahiran"]
