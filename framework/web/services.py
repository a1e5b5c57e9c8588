"""Process-wide services every request reads: the compiled catalog and the plugin registry.

Nothing is kept in process memory between requests except the compiled
definitions (DESIGN.md, Scale). The catalog is the bundled definitions with
the versions published in the database laid over them
(``framework.services.publication``); every process reads the catalog's
generation — one indexed row — at most every ``MPP_CATALOG_REFRESH`` seconds
(default 2) and rebuilds when a publication raised it, so publishing needs no
restart. The loci (``definitions/loci.yaml`` and the regions onboarded since,
``framework.services.loci``) are read with the catalog: an onboarding raises
the same generation. A catalog given as ``MPP_CATALOG`` (tests) is used as it
is; its loci are read from the database on each call.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from framework.core import settings
from framework.definition import Catalog, load_catalog
from framework.definition.catalog import plugin_context
from framework.plugins.registry import Registries
from framework.services import publication
from framework.services.loci import current_loci
from framework.web.database import sessions
from framework.web.plugins import EXTENSION as PLUGINS
from framework.web.plugins import registries_of
from framework.workflow.loci import Loci, file_loci

log = logging.getLogger(__name__)
EXTENSION = "mpp.catalog"


class CatalogHolder:
    """The app's live catalog, refreshed when the database says a publication happened."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.definitions = Path(app.config["MPP_DEFINITIONS"])
        self.published_dir = settings.instance_dir() / "published"
        self.interval = float(app.config.get("MPP_CATALOG_REFRESH", 2.0))
        self.generation: int | None = None
        self.checked_at = 0.0
        self.lock = threading.Lock()
        self.loci = file_loci(self.definitions)
        self.context = plugin_context(registries_of(app))  # definitions are checked against the app's plugins
        self.catalog = self._build()

    def current(self) -> Catalog:
        if time.monotonic() - self.checked_at >= self.interval:
            self._refresh()
        return self.catalog

    def current_loci(self) -> Loci:
        self.current()
        return self.loci

    def _refresh(self) -> None:
        with self.lock:
            if time.monotonic() - self.checked_at < self.interval:
                return  # another thread refreshed while this one waited
            self.checked_at = time.monotonic()
            try:
                with sessions(self.app)() as session:
                    latest = publication.generation(session)
            except SQLAlchemyError:
                log.warning("catalog generation unreadable (database not migrated?); keeping the loaded catalog")
                return
            if latest != self.generation:
                self.catalog = self._build()

    def _build(self) -> Catalog:
        try:
            with sessions(self.app)() as session:
                live = publication.live_catalog(
                    session, self.definitions, self.published_dir, cache_dir=settings.cache_dir(), context=self.context
                )
                self.loci = current_loci(session, self.definitions)
            self.generation, catalog = live.generation, live.catalog
        except SQLAlchemyError:  # a database not migrated yet: the bundled catalog alone
            catalog = load_catalog(self.definitions, context=self.context, cache_dir=settings.cache_dir())
        self.checked_at = time.monotonic()
        _require_valid(catalog)
        return catalog


def _require_valid(catalog: Catalog) -> None:
    if not catalog.ok:
        problems = "\n".join(str(e) for e in catalog.errors if e.severity.value == "error")
        raise RuntimeError(f"the service definitions have errors; run `mpp validate`:\n{problems}")


class FixedCatalog:
    """A catalog given by the caller (``MPP_CATALOG``): never refreshed."""

    def __init__(self, catalog: Catalog, app: Flask) -> None:
        _require_valid(catalog)
        self.catalog = catalog
        self.app = app

    def current(self) -> Catalog:
        return self.catalog

    def current_loci(self) -> Loci:
        definitions = Path(self.app.config["MPP_DEFINITIONS"])
        try:
            with sessions(self.app)() as session:
                return current_loci(session, definitions)
        except SQLAlchemyError:
            return file_loci(definitions)


def init_services(app: Flask) -> None:
    given = app.config.get("MPP_CATALOG")
    app.extensions[EXTENSION] = FixedCatalog(given, app) if given is not None else CatalogHolder(app)


def catalog() -> Catalog:
    """The live catalog of this app (checked against the database's generation every few seconds)."""
    return current_app.extensions[EXTENSION].current()


def loci() -> Loci:
    """Where services are offered: the file's loci and the onboarded regions (read with the catalog)."""
    return current_app.extensions[EXTENSION].current_loci()


def plugins() -> Registries:
    """The app's plugin registry (``framework.web.plugins`` loads it at start-up)."""
    return current_app.extensions[PLUGINS]
