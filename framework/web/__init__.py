"""The Flask app factory: ``framework.web:create_app(config)``.

`gunicorn 'framework.web:create_app()'` serves production. Each concern is an
extension with ``init_app`` (state in ``app.extensions``) or a blueprint in its
own module; this file only wires them together.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Flask

from framework.core import settings


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(settings.instance_dir()), instance_relative_config=False)
    app.config.update(_defaults())
    app.config.update(config or {})
    _check_production(app)
    from framework.web.services import init_services

    init_services(app)
    for register in _blueprints():
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


def _blueprints() -> list:
    """Each module registers its own blueprint(s) and extensions: ``register(app)``."""
    registrations = []
    for module in ("portal", "api", "tracking", "plugins", "verify", "signin", "citizen", "errors"):
        try:
            imported = __import__(f"{__name__}.{module}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{module}":
                raise
            continue
        registrations.append(imported.register)
    return registrations
