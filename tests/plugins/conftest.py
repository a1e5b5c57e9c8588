"""Fixtures for the plugin tests: real servers on 127.0.0.1, fresh breakers."""

from __future__ import annotations

import pytest

from framework.resilience import reset_breakers
from plugins.sandbox.server import serve_in_thread

PLUGIN_PREFIXES = ("IKD", "SISDMK", "LAPOR", "SMS", "WHATSAPP", "WEBHOOK", "SMTP")


@pytest.fixture(autouse=True)
def _clean_plugin_environment(monkeypatch):
    """Each test starts from development defaults and closed breakers."""
    import os

    for name in list(os.environ):
        if name.startswith(tuple(f"MPP_{prefix}_" for prefix in PLUGIN_PREFIXES)):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MPP_ENV", "development")
    reset_breakers()
    yield
    reset_breakers()


@pytest.fixture
def serve():
    """Start WSGI apps on loopback; all are stopped when the test ends."""
    running = []

    def start(app):
        server = serve_in_thread(app)
        running.append(server)
        return server

    yield start
    for server in running:
        server.stop()
