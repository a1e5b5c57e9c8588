"""SISDMK (SATUSEHAT SDMK) health-workforce prefill source.

Settings: MPP_SISDMK_MODE (sandbox|http), MPP_SISDMK_URL, ... (see
framework/plugins/settings.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from framework.plugins.base import SandboxPerson
from framework.plugins.prefill import RegistryPrefill
from plugins.sisdmk.mapping import ATTRIBUTES, FIELD_MAP, TYPES


class SISDMKPrefill(RegistryPrefill):
    id = "sisdmk"
    attributes = ATTRIBUTES
    attribute_types = TYPES
    field_map = FIELD_MAP
    settings_prefix = "SISDMK"
    record_path = "/nakes/{key}"

    @classmethod
    def sandbox_records(cls) -> Mapping[str, Mapping[str, Any]]:
        from plugins.sandbox.population import population

        return population().health_workers

    @classmethod
    def sandbox_people(cls) -> tuple[SandboxPerson, ...]:
        from plugins.sandbox.directory import sisdmk_people

        return sisdmk_people()
