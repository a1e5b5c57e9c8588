"""Prefill: answers a registry already knows (IKD, SISDMK), with their source.

``resolve_prefill`` asks each lookup's prefill-source plugin for its record —
``plugin().fetch(key) -> Mapping | None`` — and maps the record's attributes
onto the fields that name them (``prefill: pemohon.nama_lengkap``). Plugins
fail softly at run time: an exception is logged and the fields of that
lookup come back unverified, so the citizen can type the value instead of
being stuck.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from framework.core.text import Text
from framework.definition.model import LookupSpec, ServiceSpec

if TYPE_CHECKING:
    from framework.plugins.registry import Registries

log = logging.getLogger(__name__)

SOURCE_NAMES: dict[str, Text] = {
    "ikd": Text("dari IKD", "from IKD"),
    "sisdmk": Text("dari SISDMK", "from SISDMK"),
}


@dataclass(frozen=True)
class PrefilledValue:
    """A value from a registry; ``verified=False`` means the source gave nothing."""

    value: Any
    source: str
    record_key: str | None
    fetched_at: str
    verified: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "source": self.source,
            "record_key": self.record_key,
            "fetched_at": self.fetched_at,
            "verified": self.verified,
        }

    def provenance(self) -> dict[str, Any]:
        """Where the value came from, stored with the application beside the answer."""
        return {
            "source": self.source,
            "record_key": self.record_key,
            "fetched_at": self.fetched_at,
            "verified": self.verified,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PrefilledValue:
        return cls(
            data.get("value"),
            data["source"],
            data.get("record_key"),
            data.get("fetched_at", ""),
            bool(data.get("verified")),
        )


def source_label(source: str) -> Text:
    """ "dari IKD" / "from IKD" for a source id."""
    return SOURCE_NAMES.get(source, Text(f"dari {source.upper()}", f"from {source.upper()}"))


Fetcher = Callable[[str, str], Mapping[str, Any] | None]


def plugin_fetcher(registries: Registries | None = None) -> Fetcher:
    """A fetch function over the installed prefill-source plugins."""

    def fetch(source: str, key: str) -> Mapping[str, Any] | None:
        from framework.plugins.registry import installed

        plugins = (registries or installed()).prefill_sources
        if source not in plugins:
            log.warning("prefill source %s is not installed", source)
            return None
        instance = plugins.get(source)()
        if not callable(getattr(instance, "fetch", None)):
            log.warning("prefill source %s offers no fetch()", source)
            return None
        return instance.fetch(key)

    return fetch


def _lookup_key(lookup: LookupSpec, applicant_nik: str | None, answers: Mapping[str, Any]) -> str | None:
    if lookup.by == "row":  # one key per row: ``row_prefill``
        return None
    key = applicant_nik if lookup.by == "applicant" else answers.get(lookup.key_field or "")
    return str(key) if key not in (None, "") else None


def fetch_safely(fetch: Fetcher, lookup: LookupSpec, key: str) -> Mapping[str, Any] | None:
    try:
        record = fetch(lookup.source, key)
    except Exception:
        log.exception("prefill lookup %s from %s failed", lookup.name, lookup.source)
        return None
    return record if isinstance(record, Mapping) else None


def resolve_prefill(
    spec: ServiceSpec,
    applicant_nik: str | None,
    answers: Mapping[str, Any],
    *,
    fetch: Fetcher | None = None,
    registries: Registries | None = None,
    rows: bool = True,
    only: Collection[str] | None = None,
) -> dict[str, PrefilledValue]:
    """Prefilled values by field id, for every field with ``prefill`` (``only``: of these look-ups by name).

    A lookup keyed by a field (``by: field.nik_ibu``) is resolved once that
    field has an answer; before that its fields are absent from the result.
    A lookup per row of a repeating group adds its values by row path
    (``anggota.0.nama_anggota``, :mod:`framework.forms.row_prefill`).
    """
    from framework.forms.row_prefill import resolve_rows

    fetch = fetch or plugin_fetcher(registries)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    records: dict[str, tuple[str, Mapping[str, Any] | None]] = {}
    for lookup in spec.lookups.values():
        if only is not None and lookup.name not in only:
            continue
        key = _lookup_key(lookup, applicant_nik, answers)
        if key is not None:
            records[lookup.name] = (key, fetch_safely(fetch, lookup, key))
    result: dict[str, PrefilledValue] = {}
    for item in spec.iter_fields():
        if item.prefill is None or item.prefill.lookup not in records:
            continue
        key, record = records[item.prefill.lookup]
        value = record.get(item.prefill.attribute) if record else None
        source = spec.lookups[item.prefill.lookup].source
        provenance = getattr(record, "provenance", {}).get(item.prefill.attribute)
        result[item.id] = PrefilledValue(
            value,
            source,
            getattr(provenance, "record_key", None) or key,
            getattr(provenance, "fetched_at", None) or now,
            value not in (None, ""),
        )
    if rows:
        result.update(resolve_rows(spec, answers, lambda lookup, key: fetch_safely(fetch, lookup, key), now))
    return result
