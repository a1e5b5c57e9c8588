"""The shared body of registry prefill sources (IKD, SISDMK, a region's own).

A concrete source declares its settings prefix, its field map (attribute →
record key, dotted for nested keys such as ``str.nomor``), the HTTP path of a
record and where its sandbox records come from. ``fetch(key)`` then picks the
sandbox or HTTP adapter from the environment, maps the record to definition
attribute names and stamps each value with its provenance. A registry that is
down, slow, talking nonsense or not configured yields ``unavailable``; an
unknown person yields ``not_found``: the form lets the citizen type the data,
marked not verified.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, ClassVar

from framework.plugins.base import PrefillResult, PrefillSource, Provenance, utc_now_iso
from framework.plugins.http import ExternalUnavailable, JsonHttp
from framework.plugins.settings import AdapterSettings, PluginSettingsError, adapter_settings

log = logging.getLogger("mpp.plugins.prefill")


def dig(record: Mapping[str, Any], dotted: str) -> Any:
    """``dig({"str": {"nomor": "1"}}, "str.nomor") == "1"``; missing → None."""
    value: Any = record
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def map_record(
    source: str, key: str, record: Mapping[str, Any], field_map: Mapping[str, tuple[str, str]]
) -> PrefillResult:
    """Registry record → attribute values, each with its provenance."""
    fetched_at = utc_now_iso()
    values: dict[str, Any] = {}
    provenance: dict[str, Provenance] = {}
    for attribute, (record_key, _description) in field_map.items():
        value = dig(record, record_key)
        if value is None or value == "":
            continue
        values[attribute] = value
        provenance[attribute] = Provenance(source, record_key, fetched_at, lookup_key=key)
    return PrefillResult(source, key, "ok", values, provenance)


class RegistryPrefill(PrefillSource):
    """A prefill source with a sandbox and an HTTP adapter; subclasses declare data only."""

    field_map: ClassVar[Mapping[str, tuple[str, str]]] = {}
    record_path: ClassVar[str] = "/{key}"  # HTTP path of one record, relative to MPP_<PREFIX>_URL

    def __init__(self, settings: AdapterSettings | None = None) -> None:
        self._settings = settings
        self._settings_error = ""
        if settings is None:
            try:
                self._settings = adapter_settings(self.settings_prefix)
            except PluginSettingsError as exc:  # checked at start-up; contained here
                self._settings_error = str(exc)

    @classmethod
    def sandbox_records(cls) -> Mapping[str, Mapping[str, Any]]:
        """Key → record of the synthetic population (overridden by each source)."""
        return {}

    def fetch(self, key: str) -> PrefillResult:
        key = (key or "").strip()
        if not key:
            return PrefillResult(self.id, key, "not_found", message="no key given")
        if self._settings is None:
            return PrefillResult(self.id, key, "unavailable", message=self._settings_error)
        try:
            record = self._sandbox(key) if self._settings.mode == "sandbox" else self._http(key)
        except ExternalUnavailable as exc:
            log.warning("prefill %s unavailable: %s", self.id, exc)
            return PrefillResult(self.id, key, "unavailable", message=exc.reason)
        if record is None:
            return PrefillResult(self.id, key, "not_found")
        return map_record(self.id, key, record, self.field_map)

    def _sandbox(self, key: str) -> Mapping[str, Any] | None:
        return self.sandbox_records().get(key)

    def _http(self, key: str) -> Mapping[str, Any] | None:
        assert self._settings is not None
        answer = JsonHttp(self._settings).request("GET", self.record_path.format(key=key))
        if answer.status == 404:
            return None
        if not isinstance(answer.data, Mapping):
            raise ExternalUnavailable(self.id, "malformed", "the answer is not a JSON object")
        return answer.data
