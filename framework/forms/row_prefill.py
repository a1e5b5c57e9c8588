"""Look-ups per row of a repeating group: each row's NIK finds that row's person (a family member's name).

A lookup keyed ``by: field.<group>.<field>`` (``LookupSpec.by == "row"``) is
asked once for each row that has its key, and fills the fields of that same
row that name it (``prefill: anggota_ikd.nama_lengkap``), as ``nama_ibu`` is
filled from ``nik_ibu``. The values are kept by the row's path
(``anggota.0.nama_anggota``) beside the top-level ones, so the draft, the
stored provenance, validation (``with_locked``) and the officer's case file
read them the way they read a top-level prefilled field. A row whose NIK the
registry does not know keeps ``verified=False``: shown "Belum terverifikasi",
for the officer to check.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from framework.definition.model import FieldSpec, LookupSpec, ServiceSpec

RecordOf = Callable[[LookupSpec, str], Mapping[str, Any] | None]


def row_path(group_id: str, index: int, child_id: str) -> str:
    """``anggota.0.nama_anggota``: where a row's prefilled value is kept (the error path of that input)."""
    return f"{group_id}.{index}.{child_id}"


def row_lookups(spec: ServiceSpec) -> list[LookupSpec]:
    return [lookup for lookup in spec.lookups.values() if lookup.by == "row"]


def rows_of(answers: Mapping[str, Any], group_id: str) -> list[Mapping[str, Any]]:
    rows = answers.get(group_id)
    return [row if isinstance(row, Mapping) else {} for row in rows] if isinstance(rows, list) else []


def row_keys(spec: ServiceSpec, answers: Mapping[str, Any]) -> dict[str, str]:
    """``{"anggota_ikd.0": "<NIK>", ...}``: the key of each row that has one, by lookup and row."""
    keys = {}
    for lookup in row_lookups(spec):
        for index, row in enumerate(rows_of(answers, lookup.group or "")):
            key = row.get(lookup.key_field or "")
            if key not in (None, ""):
                keys[f"{lookup.name}.{index}"] = str(key)
    return keys


def filled_children(spec: ServiceSpec, lookup: LookupSpec) -> list[FieldSpec]:
    """The fields of the lookup's group that take a value from it."""
    group = next((item for item in spec.iter_fields() if item.id == lookup.group), None)
    children = group.fields if group is not None else ()
    return [child for child in children if child.prefill is not None and child.prefill.lookup == lookup.name]


@dataclass(frozen=True)
class RowSlot:
    """One field of one row that a row lookup fills: where its value is kept (``path``) and the row itself
    (the answers' own object, written into where it is a dict)."""

    lookup: LookupSpec
    child: FieldSpec
    index: int
    row: Any
    path: str


def row_slots(spec: ServiceSpec, answers: Mapping[str, Any]) -> Iterator[RowSlot]:
    """Every row field a row lookup fills, lookup by lookup, field by field, row by row."""
    for lookup in row_lookups(spec):
        group = lookup.group or ""
        rows = answers.get(group)
        if not isinstance(rows, list):
            continue
        for child in filled_children(spec, lookup):
            for index, row in enumerate(rows):
                yield RowSlot(lookup, child, index, row, row_path(group, index, child.id))


def copy_rows(spec: ServiceSpec, answers: dict[str, Any], groups: Collection[str] | None = None) -> None:
    """Give the row lookups' groups (those of ``groups``, or all) rows of their own, to write into."""
    for lookup in row_lookups(spec):
        group = lookup.group or ""
        if (groups is None or group in groups) and isinstance(answers.get(group), list):
            answers[group] = [dict(row) if isinstance(row, Mapping) else row for row in answers[group]]


def resolve_rows(spec: ServiceSpec, answers: Mapping[str, Any], record_of: RecordOf, now: str) -> dict[str, Any]:
    """``PrefilledValue`` by row path for every row lookup; each distinct key is asked once."""
    from framework.forms.prefill import PrefilledValue

    found: dict[str, Any] = {}
    asked: dict[tuple[str, str], Mapping[str, Any] | None] = {}
    for lookup in row_lookups(spec):
        children = filled_children(spec, lookup)
        for index, row in enumerate(rows_of(answers, lookup.group or "")):
            key = row.get(lookup.key_field or "")
            if key in (None, "") or not children:
                continue
            if (lookup.name, str(key)) not in asked:
                asked[(lookup.name, str(key))] = record_of(lookup, str(key))
            record = asked[(lookup.name, str(key))]
            for child in children:
                value = record.get(child.prefill.attribute) if record and child.prefill else None
                path = row_path(lookup.group or "", index, child.id)
                found[path] = PrefilledValue(value, lookup.source, str(key), now, value not in (None, ""))
    return found


def put_row_values(spec: ServiceSpec, answers: dict[str, Any], prefilled: Mapping[str, Any]) -> None:
    """Each locked row field with a verified value takes it (a post never carries it: it is drawn read-only)."""
    for slot in row_slots(spec, answers):
        found = prefilled.get(slot.path)
        if isinstance(slot.row, dict) and slot.child.locked and found is not None and _verified(found):
            slot.row[slot.child.id] = found["value"] if isinstance(found, Mapping) else found.value


def _verified(found: Any) -> bool:
    return bool(found.get("verified") if isinstance(found, Mapping) else found.verified)


def with_row_values(spec: ServiceSpec, answers: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``answers`` whose locked row fields hold the verified ``values`` (by row path): never a posted one."""
    merged = dict(answers)
    copy_rows(spec, merged)
    put_row_values(spec, merged, {path: {"value": value, "verified": True} for path, value in values.items()})
    return merged
