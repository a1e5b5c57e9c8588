"""SISDMK (SATUSEHAT SDMK) health-workforce prefill source."""

from __future__ import annotations

from framework.plugins.base import PrefillSource

from .mapping import ATTRIBUTES


class SISDMKPrefill(PrefillSource):
    id = "sisdmk"
    attributes = ATTRIBUTES
