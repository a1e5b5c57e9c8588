"""SP4N-LAPOR! complaint channel (placeholder until complaints land)."""

from __future__ import annotations

from typing import Any, Mapping

from framework.plugins.base import ComplaintChannel


class LaporChannel(ComplaintChannel):
    id = "lapor"
    settings_prefix = "LAPOR"

    def forward(self, complaint: Mapping[str, Any]) -> str:
        raise NotImplementedError("complaints are not implemented yet")

    def status(self, reference: str) -> str:
        raise NotImplementedError("complaints are not implemented yet")
