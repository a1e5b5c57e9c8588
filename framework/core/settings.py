"""Settings from the environment (the public contract of DESIGN.md).

MPP_DATABASE_URL, MPP_DEFINITIONS, MPP_SECRET_KEY, MPP_ENV. Defaults give the
embedded set-up: SQLite under instance/, the bundled definitions, development.
A value that cannot be used is a :class:`SettingError` naming the setting,
never a guess: a mistyped ``MPP_ENV=Production`` once meant development.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from framework.core.numbers import whole_number

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENTS = ("development", "production")


class SettingError(ValueError):
    """A setting whose value cannot be used; the message names it and says what it takes (Indonesian / English)."""


def number_setting(
    name: str, default: float, config: Mapping[str, Any] | None = None, *, whole: bool = False, zero: bool = False
) -> Any:
    """The number a setting holds (the app's config first, then the environment), or SettingError.

    ``whole``: a count (0 or more); otherwise a finite amount above 0, or from 0 with ``zero``.
    """
    raw = config[name] if config is not None and name in config else os.environ.get(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    if whole:
        count = whole_number(str(raw).strip())  # typed numbers are read one way (framework.core.numbers)
        if count is not None:
            return count
        raise SettingError(f"{name}=`{raw}`: harus bilangan bulat 0 atau lebih / must be a whole number, 0 or more")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = math.nan
    if math.isfinite(value) and (value > 0 or (zero and value == 0)):
        return value
    if zero:
        wanted = "bilangan 0 atau lebih / must be a number, 0 or more"
    else:
        wanted = "bilangan lebih dari 0 / must be a number above 0"
    raise SettingError(f"{name}=`{raw}`: harus {wanted}")


def definitions_dir() -> Path:
    """MPP_DEFINITIONS, which must be an existing folder; else ./definitions, else the bundled one.

    Why refused rather than read as empty: a mistyped folder once made `mpp
    generate` delete generated/ and `mpp validate` report success.
    """
    configured = os.environ.get("MPP_DEFINITIONS")
    if configured:
        if not Path(configured).is_dir():
            raise SettingError(f"MPP_DEFINITIONS=`{configured}`: folder ini tidak ada / this folder does not exist")
        return Path(configured)
    local = Path.cwd() / "definitions"
    return local if local.is_dir() else PROJECT_ROOT / "definitions"


def instance_dir() -> Path:
    return Path(os.environ.get("MPP_INSTANCE", PROJECT_ROOT / "instance"))


def cache_dir() -> Path:
    return instance_dir() / "cache"


def environment() -> str:
    """``development`` (the default) or ``production``; anything else is a SettingError, not a guess."""
    value = os.environ.get("MPP_ENV") or "development"
    if value not in ENVIRONMENTS:
        raise SettingError(
            f"MPP_ENV=`{value}` tidak dikenal: pakai `development` atau `production` "
            f"/ MPP_ENV=`{value}` is not known: use `development` or `production`"
        )
    return value


def is_production() -> bool:
    return environment() == "production"


def generated_dir() -> Path:
    """`generated/` beside the definitions folder: the project's own, or a regional author's copy's.

    Why not always the project's: an author checking their folder with
    MPP_DEFINITIONS was told the project's files were stale, and a plain
    `mpp generate` would have rewritten the checkout with their catalog.
    """
    return definitions_dir().resolve().parent / "generated"


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
