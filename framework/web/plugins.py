"""Plugins at web start-up: load every registry and check its settings.

A plugin with a wrong shape, a mistyped setting or a sandbox in production
stops `create_app` with a clear message (`PluginError`), instead of failing a
citizen's request later. The app's one registry is kept in
``app.extensions["mpp.plugins"]`` (read it with ``framework.web.services.plugins()``);
a test replaces it by passing its own ``Registries`` as ``MPP_PLUGINS``.
"""

from __future__ import annotations

from flask import Flask

from framework.plugins.registry import Registries, check_startup, installed

EXTENSION = "mpp.plugins"


def registries_of(app: Flask) -> Registries:
    """The app's registry: the one given as ``MPP_PLUGINS`` (tests), else the installed plugins."""
    return app.extensions.get(EXTENSION) or app.config.get("MPP_PLUGINS") or installed()


def register(app: Flask) -> None:
    registries = registries_of(app)
    check_startup(app.config.get("MPP_ENV"), registries)
    app.extensions[EXTENSION] = registries
