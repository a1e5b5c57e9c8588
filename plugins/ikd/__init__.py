"""IKD (Identitas Kependudukan Digital) prefill source."""

from __future__ import annotations

from framework.plugins.base import PrefillSource

from .mapping import ATTRIBUTES


class IKDPrefill(PrefillSource):
    id = "ikd"
    attributes = ATTRIBUTES
