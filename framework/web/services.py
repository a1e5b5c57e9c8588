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

In development (``mpp serve``; ``MPP_WATCH_DEFINITIONS``, on unless
``MPP_ENV=production``) the holder also watches the definitions folder: a
file saved in an editor is served at the next refresh, without a restart. A
change that breaks the catalog keeps the last good one and logs why.
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
from framework.definition.context import CheckContext
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
        self.published_dir = settings.instance_dir() / "published"  # published_dir() below
        self.interval = settings.number_setting("MPP_CATALOG_REFRESH", 2.0, app.config, zero=True)
        self.generation: int | None = None
        self.checked_at = 0.0
        self.lock = threading.Lock()
        self.loci = file_loci(self.definitions)
        self.context = plugin_context(registries_of(app))  # definitions are checked against the app's plugins
        self.watch = bool(app.config.get("MPP_WATCH_DEFINITIONS", not settings.is_production()))
        self.files = files_fingerprint(self.definitions) if self.watch else ()
        self.catalog = self._build()

    def current(self) -> Catalog:
        if time.monotonic() - self.checked_at >= self.interval:
            self._refresh()
        return self.catalog

    def expire(self) -> None:
        """Check the generation at the next request (this process just published or withdrew)."""
        self.checked_at = float("-inf")

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
            files = files_fingerprint(self.definitions) if self.watch else self.files
            changed, self.files = files != self.files, files
            if latest != self.generation:
                self.catalog = self._build()
            elif changed:
                self._rebuild_changed_files()

    def _rebuild_changed_files(self) -> None:
        """A definition changed on disk (development): serve it, unless it broke the catalog."""
        try:
            catalog = self._build()
        except RuntimeError as exc:
            log.warning("definitions changed on disk but have errors; still serving the last good catalog:\n%s", exc)
            return
        log.info("definitions changed on disk: catalog reloaded (%s services)", len(catalog.specs))
        self.catalog = catalog

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


def files_fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime, size) of every file under the definitions folder: cheap enough to ask every refresh."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts):
            stat = path.stat()
            found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def _require_valid(catalog: Catalog) -> None:
    """Refuse to serve a catalog with errors: a StartupError, which `mpp serve` and gunicorn print plainly."""
    if not catalog.ok:
        from framework.web import StartupError

        problems = "\n".join(str(e) for e in catalog.errors if e.severity.value == "error")
        raise StartupError(
            "definisi layanan berisi kesalahan; perbaiki lalu jalankan `mpp validate` / "
            f"the service definitions have errors; fix them, then run `mpp validate`:\n{problems}"
        )


class FixedCatalog:
    """A catalog given by the caller (``MPP_CATALOG``): never refreshed."""

    def __init__(self, catalog: Catalog, app: Flask) -> None:
        _require_valid(catalog)
        self.catalog = catalog
        self.app = app
        self.context = plugin_context(registries_of(app))

    def current(self) -> Catalog:
        return self.catalog

    def expire(self) -> None:
        """A given catalog never changes."""

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


def catalog_changed() -> None:
    """This process published or withdrew a definition: its next request reads the new catalog, not one 2 s old."""
    current_app.extensions[EXTENSION].expire()


def definitions_dir() -> Path:
    """The bundled definitions this app serves (``MPP_DEFINITIONS``)."""
    return Path(current_app.config["MPP_DEFINITIONS"])


def published_dir() -> Path:
    """Where published versions are written as files for the catalog loader (the same folder for every process)."""
    return settings.instance_dir() / "published"


def bundled_catalog() -> Catalog:
    """The files of ``definitions/`` alone, compiled once per process (the versions a publication replaced).

    They change only with a deployment, so compiling them once is enough.
    """
    key = "mpp.bundled_catalog"
    if key not in current_app.extensions:
        current_app.extensions[key] = load_catalog(definitions_dir(), context=check_context())
    return current_app.extensions[key]


def check_context() -> CheckContext:
    """What this app's plugins offer, for checking a definition the way its live catalog was checked.

    The one the catalog holder built at start-up: proposals, reviews and the
    builder are checked against exactly what the live catalog was.
    """
    context: CheckContext = current_app.extensions[EXTENSION].context
    return context
