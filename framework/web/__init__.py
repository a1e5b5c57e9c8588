"""The Flask app factory: ``framework.web:create_app(config)``.

`gunicorn 'framework.web:create_app()'` serves production. Each concern is an
extension with ``init_app`` (state in ``app.extensions``) or a blueprint in its
own module; this file only wires them together.
"""

from __future__ import annotations

import importlib
import os
import secrets
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from flask import Flask

from framework.core import settings
from framework.web.database import init_store
from framework.web.services import init_services

# The site's own parts, registered in this order: what every page shares first,
# then the plugins (sign-in methods mount routes), then the blueprints.
BUILT_IN = ("site", "plugins", "signin", "portal", "api", "tracking", "correction", "verify", "citizen", "errors")
# Packages outside `framework/` (the officer and ministry screens in `admin/`, a
# region's own package) mount their blueprints through this entry-point group:
# the value is a ``register(app)`` callable.
EXTENSIONS_GROUP = "mpp.web"


class StartupError(RuntimeError):
    """The app cannot start: a part of the site failed to load (the message says which)."""


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(settings.instance_dir()), instance_relative_config=False)
    app.config.update(_defaults())
    app.config.update(config or {})
    _check_production(app)
    init_services(app)
    init_store(app)
    for register in _registrations():
        register(app)
    return app


def _defaults() -> dict[str, Any]:
    return {
        "MPP_ENV": settings.environment(),
        "SECRET_KEY": os.environ.get("MPP_SECRET_KEY") or _development_secret(),
        "MPP_DATABASE_URL": os.environ.get("MPP_DATABASE_URL")
        or f"sqlite:///{settings.instance_dir() / 'mpp.sqlite3'}",
        "MPP_DEFINITIONS": str(settings.definitions_dir()),
        "MAX_CONTENT_LENGTH": 60 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_SUPPORTED_LOCALES": ["id", "en"],
        "WTF_CSRF_TIME_LIMIT": None,
    }


def _development_secret() -> str:
    if settings.is_production():
        raise RuntimeError("MPP_SECRET_KEY must be set when MPP_ENV=production")
    return "development-" + secrets.token_hex(8)


def _check_production(app: Flask) -> None:
    if app.config["MPP_ENV"] == "production" and app.config["SECRET_KEY"].startswith("development-"):
        raise RuntimeError("MPP_SECRET_KEY must be set when MPP_ENV=production")


def _registrations() -> list[Callable[[Flask], None]]:
    """``register(app)`` of each built-in part and of each installed extension; any failure stops start-up."""
    found = [importlib.import_module(f"{__name__}.{module}").register for module in BUILT_IN]
    for entry in sorted(entry_points(group=EXTENSIONS_GROUP), key=lambda e: e.name):
        try:
            found.append(entry.load())
        except Exception as exc:  # any import failure stops start-up with the same clear message
            raise StartupError(f"cannot load web extension `{entry.name}` ({entry.value}): {exc}") from exc
    return found
