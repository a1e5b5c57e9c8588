"""Providers that act on approved applications: central, regional and private."""

from __future__ import annotations

from framework.plugins.base import Provider


class DukcapilProvider(Provider):
    id = "dukcapil"


class KemenkesProvider(Provider):
    id = "kemenkes"


class DPMPTSPProvider(Provider):
    id = "dpmptsp"


class WebhookProvider(Provider):
    id = "webhook"
