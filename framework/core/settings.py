"""Settings from the environment (the public contract of DESIGN.md).

MPP_DATABASE_URL, MPP_DEFINITIONS, MPP_SECRET_KEY, MPP_ENV. Defaults give the
embedded set-up: SQLite under instance/, the bundled definitions, development.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def definitions_dir() -> Path:
    configured = os.environ.get("MPP_DEFINITIONS")
    if configured:
        return Path(configured)
    local = Path.cwd() / "definitions"
    return local if local.is_dir() else PROJECT_ROOT / "definitions"


def instance_dir() -> Path:
    return Path(os.environ.get("MPP_INSTANCE", PROJECT_ROOT / "instance"))


def cache_dir() -> Path:
    return instance_dir() / "cache"


def environment() -> str:
    return os.environ.get("MPP_ENV", "development")


def is_production() -> bool:
    return environment() == "production"


def generated_dir() -> Path:
    return PROJECT_ROOT / "generated"


def reference_example() -> Path:
    """The language's reference example (shared/examples/akta-kelahiran.yaml).

    It lives in the shared folder beside the repository (a clone's sibling in
    CI); tests/forms keeps a copy, checked identical, for a lone checkout.
    """
    candidates = [Path(p) for p in [os.environ.get("MPP_REFERENCE_EXAMPLE", "")] if p]
    candidates += [
        PROJECT_ROOT.parent / "shared" / "examples" / "akta-kelahiran.yaml",
        PROJECT_ROOT / "tests" / "forms" / "akta-kelahiran.yaml",
    ]
    return next(path for path in candidates if path.is_file())
