"""IKD (Identitas Kependudukan Digital) prefill source.

Declaration data (``attributes``) is importable without httpx: the definition
checker reads it on every `mpp validate`. Settings: MPP_IKD_MODE
(sandbox|http), MPP_IKD_URL, MPP_IKD_CLIENT_ID/SECRET, MPP_IKD_TIMEOUT, ...
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from framework.plugins.base import SandboxPerson
from framework.plugins.prefill import RegistryPrefill
from plugins.ikd.mapping import ATTRIBUTES, FIELD_MAP, TYPES


class IKDPrefill(RegistryPrefill):
    id = "ikd"
    attributes = ATTRIBUTES
    attribute_types = TYPES
    field_map = FIELD_MAP
    settings_prefix = "IKD"
    record_path = "/penduduk/{key}"

    @classmethod
    def sandbox_records(cls) -> Mapping[str, Mapping[str, Any]]:
        from plugins.sandbox.population import population

        return population().records

    @classmethod
    def sandbox_people(cls) -> tuple[SandboxPerson, ...]:
        from plugins.sandbox.directory import ikd_people

        return ikd_people()
