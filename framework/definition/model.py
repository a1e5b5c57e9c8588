"""``ServiceSpec``: the one immutable in-memory model of a service.

Every later stage (forms, JSON Schema, workflow, admin, generated documents)
reads this; nothing downstream re-reads YAML or passes raw dicts around.
Conditions are compiled here, once. ``content_hash`` identifies the exact
resolved definition, so an application can be pinned to what it was filed
under, and ``canonical`` keeps that definition to rebuild the spec later.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from framework.core.text import Text
from framework.definition.durations import Duration, parse_duration
from framework.definition.metaschema import _STANDARD_TEXTS
from framework.expressions import Expression, Scope, compile_expression


class FrozenMap(Mapping[str, Any]):
    """A read-only mapping that, unlike ``MappingProxyType``, pickles (the catalog cache)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        self._data = dict(data or {})

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __eq__(self, other: object) -> bool:
        return dict(self._data) == dict(other) if isinstance(other, Mapping) else NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __getstate__(self) -> dict[str, Any]:
        return self._data

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._data = state


@dataclass(frozen=True, slots=True)
class Option:
    code: str
    label: Text


@dataclass(frozen=True, slots=True)
class Repeat:
    min: int
    max: int


@dataclass(frozen=True, slots=True)
class PrefillRef:
    lookup: str
    attribute: str


@dataclass(frozen=True, slots=True)
class FieldSpec:
    id: str
    type: str
    label: Text
    page: str
    hint: Text | None = None
    required: bool = False
    when: Expression | None = None
    prefill: PrefillRef | None = None
    locked: bool = False
    min: float | None = None
    max: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_message: Text | None = None
    options: tuple[Option, ...] = ()
    options_from: str | None = None
    level: str | None = None
    repeat: Repeat | None = None
    fields: tuple[FieldSpec, ...] = ()
    group: str | None = None

    @property
    def is_group(self) -> bool:
        return self.type == "group"

    @property
    def option_codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)


@dataclass(frozen=True, slots=True)
class PageSpec:
    id: str
    title: Text
    fields: tuple[FieldSpec, ...]
    intro: Text | None = None
    when: Expression | None = None


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    id: str
    label: Text
    accept: tuple[str, ...]
    max_mb: float
    required: bool = False
    hint: Text | None = None
    when: Expression | None = None

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1024 * 1024)


@dataclass(frozen=True, slots=True)
class RuleSpec:
    when: Expression
    message: Text
    field: str | None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class StepSpec:
    id: str
    title: Text
    role: str
    sla: Duration | None  # a step without its own SLA shares the service's
    actions: tuple[str, ...]
    on_deadline: str | None = None


@dataclass(frozen=True, slots=True)
class LookupSpec:
    """A registry look-up: by the applicant, by a typed field, or (``by: field.<group>.<child>``) per row.

    ``by == "row"``: asked once for each row of the repeating ``group`` that
    has its ``key_field`` child, filling fields of that same row
    (``framework.forms.row_prefill``): a family member's name by their NIK.
    """

    name: str
    source: str
    by: str  # "applicant", "field" or "row"
    key_field: str | None = None
    group: str | None = None  # for "row": the repeating group whose rows hold the key


@dataclass(frozen=True)
class LetterSpec:
    """A service's own issued document: whom it is for and what it says (placeholders as an issuer's letter)."""

    holder: str | None = None
    title: Text | None = None
    body: Text | None = None


@dataclass(frozen=True, slots=True)
class Standard:
    legal_basis: tuple[Text, ...]
    requirements: tuple[Text, ...]
    procedure: tuple[Text, ...]
    sla: Duration | None
    fee: float | None
    fee_basis: Text | None
    product: Text | None
    complaints: str | None
    management: Mapping[str, Text]
    retention: str | None = None  # `5y`, `18m`, `90d` after the decision (`mpp purge`)


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    id: str
    version: int
    title: Text
    summary: Text
    sector: str
    provider: str
    standard: Standard
    lookups: Mapping[str, LookupSpec]
    pages: tuple[PageSpec, ...]
    documents: tuple[DocumentSpec, ...]
    rules: tuple[RuleSpec, ...]
    steps: tuple[StepSpec, ...]
    notify: Mapping[str, tuple[str, ...]]
    content_hash: str
    canonical: str = field(repr=False)
    source_file: str = ""
    template: bool = False
    extends: str | None = None
    region: str | None = None
    issuer: str | None = None  # the declared issuing agency (definitions/issuers/); `provider` may name one too
    letter: LetterSpec | None = None  # what the issued document says, in place of its issuer's letter

    def iter_fields(self) -> Iterator[FieldSpec]:
        """Top-level fields in form order (groups included, their children not)."""
        for page in self.pages:
            yield from page.fields

    def field(self, field_id: str) -> FieldSpec:
        for item in self.iter_fields():
            if item.id == field_id:
                return item
        raise KeyError(field_id)

    def step(self, step_id: str) -> StepSpec:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    @property
    def states(self) -> tuple[str, ...]:
        """Tracking states, in the order an application moves through them."""
        return (
            "draft",
            "submitted",
            *(s.id for s in self.steps),
            "returned",
            "approved",
            "issued",
            "rejected",
            "withdrawn",
        )

    @property
    def data(self) -> dict[str, Any]:
        """The resolved definition as plain data (a fresh copy)."""
        return json.loads(self.canonical)


# mappings whose order is part of the meaning: a choice's options are offered in the order written
ORDERED_MAPPINGS = frozenset({"options"})


def canonical_json(data: Mapping[str, Any]) -> str:
    """One text per meaning: keys sorted (reformatting changes nothing), except where order is meaning.

    Why not ``sort_keys`` everywhere: an application is pinned to this text,
    and a choice rebuilt from it offered its options alphabetically (the
    family card's "Keluar" above "Masuk", "Kepala keluarga" mid-list).
    """
    return json.dumps(_canonical(data), ensure_ascii=False, separators=(",", ":"))


def _canonical(value: Any, keep_order: bool = False) -> Any:
    if isinstance(value, Mapping):
        keys = list(value) if keep_order else sorted(value, key=str)
        return {key: _canonical(value[key], key in ORDERED_MAPPINGS) for key in keys}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return value


def content_hash(canonical: str) -> str:
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def build_spec(
    data: Mapping[str, Any], codelists: Mapping[str, Mapping[str, Any]], source_file: str = ""
) -> ServiceSpec:
    """Compile checked, resolved data into a ServiceSpec.

    Only call on data that passed the checker: this trusts the shape.
    """
    canonical = canonical_json(data)
    names = Scope(frozenset(_top_level_names(data)))  # built once: conditions are compiled against it
    pages = tuple(_page(p, names, codelists) for p in data.get("pages", []))
    return ServiceSpec(
        id=data["service"],
        version=data["version"],
        title=Text.required(data["title"]),
        summary=Text.required(data["summary"]),
        sector=data["sector"],
        provider=data.get("provider") or data["issuer"],
        standard=_standard(data.get("standard", {})),
        lookups=FrozenMap({name: _lookup(name, v) for name, v in (data.get("prefill") or {}).items()}),
        pages=pages,
        documents=tuple(_document(d, names) for d in data.get("documents", [])),
        rules=tuple(_rule(r, names) for r in data.get("rules", [])),
        steps=tuple(_step(s) for s in data.get("steps", [])),
        notify=FrozenMap({event: tuple(channels) for event, channels in (data.get("notify") or {}).items()}),
        content_hash=content_hash(canonical),
        canonical=canonical,
        source_file=source_file,
        template=bool(data.get("template", False)),
        extends=data.get("extends"),
        region=data.get("region"),
        issuer=data.get("issuer"),
        letter=_letter(data.get("letter")),
    )


def _letter(data: Mapping[str, Any] | None) -> LetterSpec | None:
    if not data:
        return None
    return LetterSpec(holder=data.get("holder"), title=Text.of(data.get("title")), body=Text.of(data.get("body")))


def _top_level_names(data: Mapping[str, Any]) -> set[str]:
    return {f["id"] for p in data.get("pages", []) for f in p.get("fields", [])}


def _when(value: Any, names: Scope) -> Expression | None:
    return None if value is None else compile_expression(value, names)


def _page(page: Mapping[str, Any], names: Scope, codelists: Mapping[str, Mapping[str, Any]]) -> PageSpec:
    fields = tuple(_field(f, page["id"], names, codelists, None) for f in page.get("fields", []))
    return PageSpec(
        page["id"], Text.required(page["title"]), fields, Text.of(page.get("intro")), _when(page.get("when"), names)
    )


def _field(
    item: Mapping[str, Any], page: str, names: Scope, codelists: Mapping[str, Mapping[str, Any]], group: str | None
) -> FieldSpec:
    scope = names.within(c["id"] for c in item.get("fields", [])) if item["type"] == "group" else names
    children = tuple(_field(c, page, scope, codelists, item["id"]) for c in item.get("fields", []))
    prefill = item.get("prefill")
    repeat = item.get("repeat")
    options = item.get("options") or codelists.get(item.get("options_from", ""), {})
    return FieldSpec(
        id=item["id"],
        type=item["type"],
        label=Text.required(item["label"]),
        page=page,
        hint=Text.of(item.get("hint")),
        required=bool(item.get("required", False)) or item["type"] == "declaration",
        when=_when(item.get("when"), names),
        prefill=PrefillRef(*prefill.split(".", 1)) if prefill else None,
        locked=bool(item.get("locked", False)),
        min=item.get("min"),
        max=item.get("max"),
        min_length=item.get("min_length"),
        max_length=item.get("max_length"),
        pattern=item.get("pattern"),
        pattern_message=Text.of(item.get("pattern_message")),
        options=tuple(Option(str(code), Text.required(label)) for code, label in options.items()),
        options_from=item.get("options_from"),
        level=item.get("level", "village") if item["type"] == "region" else None,
        repeat=Repeat(repeat.get("min", 0), repeat["max"]) if repeat else None,
        fields=children,
        group=group,
    )


def _document(item: Mapping[str, Any], names: Scope) -> DocumentSpec:
    return DocumentSpec(
        item["id"],
        Text.required(item["label"]),
        tuple(item["accept"]),
        float(item["max_mb"]),
        bool(item.get("required", False)),
        Text.of(item.get("hint")),
        _when(item.get("when"), names),
    )


def _rule(item: Mapping[str, Any], names: Scope) -> RuleSpec:
    expression = compile_expression(item["when"], names)
    target = item.get("field") or next((f for f in _ordered_names(item["when"], expression.names)), None)
    return RuleSpec(expression, Text.required(item["message"]), target, item.get("id"))


def _ordered_names(source: str, names: frozenset[str]) -> list[str]:
    return sorted(names, key=lambda n: source.find(n))


def _step(item: Mapping[str, Any]) -> StepSpec:
    return StepSpec(
        item["id"],
        Text.required(item["title"]),
        item["role"],
        parse_duration(item["sla"]),
        tuple(item["actions"]),
        item.get("on_deadline"),
    )


def _lookup(name: str, item: Mapping[str, Any]) -> LookupSpec:
    by = item["by"]
    if by.startswith("field.") and "." in by[len("field.") :]:
        group, child = by[len("field.") :].split(".", 1)
        return LookupSpec(name, item["source"], "row", child, group)
    if by.startswith("field."):
        return LookupSpec(name, item["source"], "field", by[len("field.") :])
    return LookupSpec(name, item["source"], by)


def _standard(item: Mapping[str, Any]) -> Standard:
    return Standard(
        legal_basis=tuple(Text.required(t) for t in item.get("legal_basis", [])),
        requirements=tuple(Text.required(t) for t in item.get("requirements", [])),
        procedure=tuple(Text.required(t) for t in item.get("procedure", [])),
        sla=parse_duration(item.get("sla")),
        fee=item.get("fee"),
        fee_basis=Text.of(item.get("fee_basis")),
        product=Text.of(item.get("product")),
        complaints=item.get("complaints"),
        management=FrozenMap({k: Text.of(item[k]) for k in _STANDARD_TEXTS if k in item}),
        retention=item.get("retention"),
    )
