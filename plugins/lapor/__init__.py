"""SP4N-LAPOR! complaint channel."""

from __future__ import annotations

from framework.plugins.base import ComplaintChannel


class LaporChannel(ComplaintChannel):
    id = "lapor"
