"""Settings from the environment (the public contract of DESIGN.md).

MPP_DATABASE_URL, MPP_DEFINITIONS, MPP_SECRET_KEY, MPP_ENV. Defaults give the
embedded set-up: SQLite under instance/, the bundled definitions, development.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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
