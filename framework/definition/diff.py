"""Semantic diff of two versions of a service, for the ministry's review.

Compares compiled services, not text: reordering keys or reformatting YAML
shows nothing; a field that became required, a step with a new role, a
longer SLA or a new fee each show as one line an auditor can judge.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framework.definition.catalog import load_catalog
from framework.definition.errors import DefinitionError, Severity
from framework.definition.model import ServiceSpec

# attributes compared per kind of item, in the order they are reported
_FIELD_KEYS = (
    "type",
    "label",
    "required",
    "when",
    "prefill",
    "locked",
    "min",
    "max",
    "min_length",
    "max_length",
    "pattern",
    "options",
    "options_from",
    "level",
    "repeat",
    "page",
)
_PAGE_KEYS = ("title", "when", "field_order")
_DOCUMENT_KEYS = ("label", "accept", "max_mb", "required", "when")
_STEP_KEYS = ("title", "role", "sla", "actions", "on_deadline", "position")
# what an absent key means, so writing the default out is not a change
_FIELD_DEFAULTS = {"required": False, "locked": False}
_DOCUMENT_DEFAULTS = {"required": False}


@dataclass(frozen=True)
class Change:
    kind: str  # field, page, document, step, rule, standard, service, prefill, notify
    item: str
    change: str  # added, removed, changed
    attribute: str | None = None
    old: Any = None
    new: Any = None

    def as_dict(self) -> dict[str, Any]:
        data = {"kind": self.kind, "item": self.item, "change": self.change}
        if self.attribute:
            data.update(attribute=self.attribute, old=self.old, new=self.new)
        return data

    def __str__(self) -> str:
        sign = {"added": "+", "removed": "-", "changed": "~"}[self.change]
        what = self.kind if self.item == self.kind else f"{self.kind} {self.item}"
        if self.attribute:
            return f"{sign} {what}: {self.attribute} {_show(self.old)} → {_show(self.new)}"
        return f"{sign} {what}"


def _show(value: Any) -> str:
    return "∅" if value is None else json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class DiffResult:
    old: str = ""
    new: str = ""
    changes: tuple[Change, ...] = ()
    errors: tuple[DefinitionError, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "changes": [c.as_dict() for c in self.changes]}

    def as_text(self) -> str:
        header = f"{self.old} → {self.new}"
        if not self.changes:
            return f"{header}\nno semantic changes"
        return "\n".join([header, *(str(c) for c in self.changes)])


def diff_files(old: Path, new: Path, root: Path | None = None) -> DiffResult:
    """Diff two files, each compiled in the context of the configured catalog."""
    from framework.core.settings import definitions_dir

    root = root or definitions_dir()
    specs = []
    errors: list[DefinitionError] = []
    for path in (old, new):
        catalog = load_catalog(root, [path])
        problems = [e for e in catalog.errors_for([_display(path)]) if e.severity is Severity.ERROR]
        errors += problems
        service_id = catalog.files.get(_display(path))
        specs.append(catalog.specs.get(service_id) if service_id else None)
    if errors or None in specs:
        return DiffResult(errors=tuple(errors))
    return diff_specs(specs[0], specs[1])


def _display(path: Path) -> str:
    from framework.definition.catalog import _display as display

    return display(path.resolve())


def diff_specs(old: ServiceSpec, new: ServiceSpec) -> DiffResult:
    a, b = _summary(old), _summary(new)
    changes: list[Change] = []
    changes += _compare_scalars("service", old.id, a["service"], b["service"])
    changes += _compare_items("page", a["pages"], b["pages"], _PAGE_KEYS)
    changes += _compare_items("field", a["fields"], b["fields"], _FIELD_KEYS)
    changes += _compare_items("document", a["documents"], b["documents"], _DOCUMENT_KEYS)
    changes += _compare_items("step", a["steps"], b["steps"], _STEP_KEYS)
    changes += _compare_lists("role", a["roles"], b["roles"])
    changes += _compare_items("rule", a["rules"], b["rules"], ("message",))
    changes += _compare_items("prefill", a["prefill"], b["prefill"], ("source", "by"))
    changes += _compare_scalars("standard", "standard", a["standard"], b["standard"])
    changes += _compare_lists("requirement", a["requirements"], b["requirements"])
    changes += _compare_lists("legal basis", a["legal_basis"], b["legal_basis"])
    changes += _compare_scalars("notify", "notify", a["notify"], b["notify"])
    return DiffResult(f"{old.id} v{old.version}", f"{new.id} v{new.version}", tuple(changes))


def _summary(spec: ServiceSpec) -> dict[str, Any]:
    data = spec.data
    fields: dict[str, dict[str, Any]] = {}
    for page in data.get("pages", []):
        for item in page.get("fields", []):
            fields[item["id"]] = {**_FIELD_DEFAULTS, **item, "page": page["id"]}
            for child in item.get("fields", []):
                fields[f"{item['id']}.{child['id']}"] = {**_FIELD_DEFAULTS, **child, "page": page["id"]}
    standard = dict(data.get("standard", {}))
    return {
        "service": {k: data.get(k) for k in ("version", "title", "summary", "sector", "provider", "extends", "region")},
        "pages": {p["id"]: {**p, "field_order": [f["id"] for f in p.get("fields", [])]} for p in data.get("pages", [])},
        "fields": fields,
        "documents": {d["id"]: {**_DOCUMENT_DEFAULTS, **d} for d in data.get("documents", [])},
        "roles": list(dict.fromkeys(s["role"] for s in data.get("steps", []))),
        "steps": {s["id"]: {**s, "position": i + 1} for i, s in enumerate(data.get("steps", []))},
        "rules": {r.get("id") or r["when"]: r for r in data.get("rules", [])},
        "prefill": data.get("prefill", {}),
        "requirements": [_text_key(t) for t in standard.pop("requirements", [])],
        "legal_basis": [_text_key(t) for t in standard.pop("legal_basis", [])],
        "standard": standard,
        "notify": data.get("notify", {}),
    }


def _text_key(text: Any) -> str:
    return text["id"] if isinstance(text, dict) else str(text)


def _compare_items(
    kind: str, old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]], keys: Iterable[str]
) -> list[Change]:
    changes = [Change(kind, item, "removed") for item in old if item not in new]
    changes += [Change(kind, item, "added") for item in new if item not in old]
    for item in old:
        if item in new:
            for key in keys:
                if old[item].get(key) != new[item].get(key):
                    changes.append(Change(kind, item, "changed", key, old[item].get(key), new[item].get(key)))
    return changes


def _compare_scalars(kind: str, item: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    return [
        Change(kind, item, "changed", key, old.get(key), new.get(key))
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    ]


def _compare_lists(kind: str, old: list[str], new: list[str]) -> list[Change]:
    return [Change(kind, text, "removed") for text in old if text not in new] + [
        Change(kind, text, "added") for text in new if text not in old
    ]
