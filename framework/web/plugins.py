"""Plugins at web start-up: load every registry and check its settings.

A plugin with a wrong shape, a mistyped setting or a sandbox in production
stops `create_app` with a clear message (`PluginError`), instead of failing a
citizen's request later. The loaded registries are kept in
``app.extensions["mpp.plugins"]``.
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from framework.plugins.registry import check_startup, installed

    check_startup(app.config.get("MPP_ENV"))
    app.extensions["mpp.plugins"] = installed()
