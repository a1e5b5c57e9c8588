"""Another person's registry numbers, shown to the citizen minimised.

A look-up keyed by a number the citizen typed (``by: field.nik_almarhum``,
or per row ``by: field.anggota.nik_anggota``) reads a third party's record,
not the signed-in applicant's own. Anyone can type anyone's NIK, and a NIK
with its KK number is the pair e-KYC asks for (SIM card registration), so the
citizen is shown such a record's ``nik`` and ``kk`` values masked
(``3203********0001``, :func:`framework.core.personal.mask_nik`): enough to
recognise a card, not to copy it. The stored answer keeps the full value for
the officers who check it and for validation; only what the citizen reads is
minimised (the form, *Periksa jawaban*, the correction page, the API's
applicant view, the issued letter).

What stays shown: names, since the citizen must confirm it is the right
person; and dates of birth, since the NIK the citizen typed already encodes
the date (DDMMYY, the day +40 for a woman), so showing it reveals at most the
century while helping to confirm the person. Values the citizen typed
themselves (the registry had no record) are shown as typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from framework.core.personal import mask_nik
from framework.definition.model import FieldSpec, ServiceSpec

MINIMISED_TYPES = frozenset({"nik", "kk"})  # the numbers masked; other types (names, dates) are shown
THIRD_PARTY = frozenset({"field", "row"})  # lookup kinds keyed by a typed number, not by the applicant


def minimised_ids(spec: ServiceSpec) -> frozenset[str]:
    """Ids of the fields (a group's children too) filled with a number from another person's record."""
    found = set()
    for item in spec.iter_fields():
        for candidate in (item, *item.fields):
            if _third_party_number(spec, candidate):
                found.add(candidate.id)
    return frozenset(found)


def _third_party_number(spec: ServiceSpec, item: FieldSpec) -> bool:
    if item.type not in MINIMISED_TYPES or item.prefill is None:
        return False
    lookup = spec.lookups.get(item.prefill.lookup)
    return lookup is not None and lookup.by in THIRD_PARTY


def masked(value: Any) -> Any:
    """A number as the citizen reads it (``mask_nik``); anything else unchanged."""
    return mask_nik(value) if isinstance(value, str) and value else value


def minimised_answers(
    spec: ServiceSpec, answers: Mapping[str, Any], prefill: Mapping[str, Any], hide: Callable[[Any], Any] = masked
) -> dict[str, Any]:
    """``answers`` with every number the registry gave from another person's record masked.

    ``prefill``: provenance by field id or row path (``anggota.0.no_kk``),
    each a mapping or object with ``verified``; a value the registry did not
    give (typed by the citizen) is not masked. ``hide``: how such a value is
    shown (the correction page leaves its input empty: a masked value posted
    back would be saved as the answer).
    """
    ids = minimised_ids(spec)
    shown = dict(answers)
    for item in spec.iter_fields():
        value = shown.get(item.id)
        if item.id in ids and _verified(prefill.get(item.id)):
            shown[item.id] = hide(value)
        elif item.fields and isinstance(value, list | dict):
            shown[item.id] = _minimised_rows(item, value, ids, prefill, hide)
    return shown


def _minimised_rows(
    group: FieldSpec, value: Any, ids: frozenset[str], prefill: Mapping[str, Any], hide: Callable[[Any], Any]
) -> Any:
    rows = value if isinstance(value, list) else [value]
    children = [child.id for child in group.fields if child.id in ids]
    shown = [
        {
            name: hide(answer) if name in children and _verified(prefill.get(f"{group.id}.{index}.{name}")) else answer
            for name, answer in row.items()
        }
        if isinstance(row, dict)
        else row
        for index, row in enumerate(rows)
    ]
    return shown if isinstance(value, list) else shown[0]


def _verified(provenance: Any) -> bool:
    if isinstance(provenance, Mapping):
        return bool(provenance.get("verified"))
    return bool(getattr(provenance, "verified", False))
