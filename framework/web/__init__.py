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
from gunicorn.errors import AppImportError

from framework.core import settings
from framework.core.personal import DEVELOPMENT_AUDIT_KEY
from framework.core.production import development_database_url, refusal_text, web_config_problems
from framework.core.text import LANGUAGES, bilingual, msg
from framework.web.database import init_store
from framework.web.lookup_audit import init_digester
from framework.web.services import init_services

# The site's own parts, registered in this order: what every page shares first,
# then the plugins (sign-in methods mount routes), then the blueprints.
BUILT_IN = (
    "converters",  # first: every `<int:…>` route added later is bounded to the database's ids
    "site",
    "assets",  # before "headers": its compression runs after every other after_request
    "sessions",
    "headers",
    "plugins",
    "signin",
    "portal",
    "api",
    "tracking",
    "correction",
    "verify",
    "citizen",
    "my_applications",
    "performance",
    "errors",
    "limits",  # last: it wraps the views registered above with their rate limits
)
# Packages outside `framework/` (the officer and ministry screens in `admin/`, a
# region's own package) mount their blueprints through this entry-point group:
# the value is a ``register(app)`` callable.
EXTENSIONS_GROUP = "mpp.web"


class StartupError(RuntimeError, AppImportError):
    """The app cannot start: a part of the site failed to load, or a setting cannot be used (the message says which).

    It is also gunicorn's ``AppImportError``, which gunicorn prints as a plain
    message (no traceback) before it stops, instead of restarting workers that
    would fail again.
    """


class ProductionRefused(StartupError):
    """MPP_ENV=production with an unsafe set-up; the message lists every problem."""


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The site; a setting that cannot be used stops it with a message naming the setting (``StartupError``)."""
    try:
        app = Flask(__name__, instance_path=str(settings.instance_dir()), instance_relative_config=False)
        app.config.update(_defaults())
        app.config.update(config or {})
        init_store(app)
        _check_production(app)
        init_digester(app)
        init_services(app)
        for register in _registrations():
            register(app)
    except settings.SettingError as exc:
        raise StartupError(str(exc)) from None
    return app


def _defaults() -> dict[str, Any]:
    production = settings.is_production()
    return {
        "MPP_ENV": settings.environment(),
        # production has no defaults for these: a missing one is refused by name (_check_production)
        "SECRET_KEY": os.environ.get("MPP_SECRET_KEY") or (None if production else _development_secret()),
        "MPP_DATABASE_URL": os.environ.get("MPP_DATABASE_URL") or (None if production else development_database_url()),
        # keys the NIK digests of the audit trail; fixed in development, so they match after a restart
        "MPP_AUDIT_KEY": os.environ.get("MPP_AUDIT_KEY") or (None if production else DEVELOPMENT_AUDIT_KEY),
        "MPP_PUBLIC_URL": os.environ.get("MPP_PUBLIC_URL"),
        "MPP_DEFINITIONS": str(settings.definitions_dir()),
        "MAX_CONTENT_LENGTH": 60 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_SUPPORTED_LOCALES": list(LANGUAGES),
        "WTF_CSRF_TIME_LIMIT": None,
    }


def _development_secret() -> str:
    return "development-" + secrets.token_hex(8)


def _check_production(app: Flask) -> None:
    """Refuse a production start on unsafe settings or a demo database, naming every problem at once."""
    if app.config["MPP_ENV"] != "production":
        return
    problems = web_config_problems(app.config)
    if not problems:
        problems = _database_problems(app)
    if problems:
        raise ProductionRefused(refusal_text(problems))


def _database_problems(app: Flask) -> list[str]:
    """Demo data in the database; an engine of its own, closed here, so a refused app leaves no connection open."""
    from sqlalchemy.exc import SQLAlchemyError

    from framework.services.deployment import database_problems
    from framework.store.engine import make_engine, session_factory

    engine = make_engine(app.config["MPP_DATABASE_URL"])
    try:
        with session_factory(engine)() as session:
            return database_problems(session)
    except SQLAlchemyError as exc:
        reason = str(exc).splitlines()[0]
        unreadable = msg("basis data tidak dapat dibaca (`mpp db upgrade`?)", "the database cannot be read")
        return [f"{bilingual(unreadable)}: {reason}"]
    finally:
        engine.dispose()


def _registrations() -> list[Callable[[Flask], None]]:
    """``register(app)`` of each built-in part and of each installed extension; any failure stops start-up."""
    found = [importlib.import_module(f"{__name__}.{module}").register for module in BUILT_IN]
    for entry in sorted(entry_points(group=EXTENSIONS_GROUP), key=lambda e: e.name):
        try:
            found.append(entry.load())
        except Exception as exc:  # any import failure stops start-up with the same clear message
            raise StartupError(f"cannot load web extension `{entry.name}` ({entry.value}): {exc}") from exc
    return found
