"""The area of an application: the most specific Kemendagri code known for it.

An application is filed in a kabupaten/kota (its ``region``); officers below
that level (a kecamatan office, a desa front office) see only the applications
whose *area* lies inside their scope. The area is the deepest `region`-type
answer that lies inside the filing region — the applicant's village from IKD
when the definition prefills it — and the region itself when nothing more
specific is known. A registry-verified value wins a tie over a typed one, so
a typed place of birth never outranks the address IKD vouches for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from framework.definition.model import ServiceSpec


def inside(code: str, scope: str) -> bool:
    """``73.12.01.2001`` lies inside ``73.12`` (and inside itself); ``73.120`` does not."""
    return code == scope or code.startswith(scope + ".")


def most_specific(region: str, candidates: Iterable[tuple[Any, bool]]) -> str:
    """The deepest candidate code inside ``region`` (verified first on a tie), else ``region``.

    ``candidates``: (code, verified by a registry) in definition order. Shared
    with the migration that back-fills the area of existing applications.
    """
    best, rank = region, (region.count("."), True)
    for code, verified in candidates:
        if not isinstance(code, str) or not inside(code, region):
            continue
        candidate_rank = (code.count("."), bool(verified))
        if candidate_rank > rank:
            best, rank = code, candidate_rank
    return best


def area_of(spec: ServiceSpec, region: str, answers: Mapping[str, Any], provenance: Mapping[str, Any]) -> str:
    """The area to file ``answers`` under (``provenance``: field id → {source, verified, ...})."""
    return most_specific(
        region,
        (
            (answers.get(item.id), bool((provenance.get(item.id) or {}).get("verified")))
            for item in spec.iter_fields()
            if item.type == "region"
        ),
    )


def scope_bounds(scope: str) -> tuple[str, str]:
    """[low, high) of the codes inside ``scope`` in byte order: ``scope`` itself and ``scope.…``.

    Codes hold only digits and dots, and ``/`` is the byte after ``.``, so
    ``scope <= code < scope + "/"`` is exactly :func:`inside` — a range an
    index answers (the column uses the C collation on PostgreSQL).
    """
    return scope, scope + "/"
