"""Process-wide services every request reads: the compiled catalog and the plugin registry.

Nothing is kept in process memory between requests except the compiled
definitions (DESIGN.md, Scale); they are loaded once per process, from the
warm-start cache when nothing changed.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from framework.core import settings
from framework.definition import Catalog, load_catalog
from framework.plugins.registry import Registries


def init_services(app: Flask) -> None:
    catalog = app.config.get("MPP_CATALOG")
    if catalog is None:
        catalog = load_catalog(Path(app.config["MPP_DEFINITIONS"]), cache_dir=settings.cache_dir())
    if not catalog.ok:
        problems = "\n".join(str(e) for e in catalog.errors if e.severity.value == "error")
        raise RuntimeError(f"the service definitions have errors; run `mpp validate`:\n{problems}")
    app.extensions["mpp.catalog"] = catalog


def catalog() -> Catalog:
    return current_app.extensions["mpp.catalog"]


def plugins() -> Registries:
    """The app's plugin registry (``framework.web.plugins`` loads it at start-up)."""
    return current_app.extensions["mpp.plugins"]
