"""What the builder's pages show: the draft's elements, each with its problems, and the values forms offer.

Problems come from the draft's last check (`framework.services.builder`),
each with the path of what it concerns (``pages/0/fields/2/when``): an
element shows the problems under its path that are not a child's, a form
shows each beside the input of its key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from framework.authoring import builder_places as placing
from framework.authoring.document import mappings, node_at
from framework.core.text import Text
from framework.definition.catalog import Catalog
from framework.definition.checks import STEP_ROLES
from framework.definition.load import load_text
from framework.definition.metaschema import (
    ACTIONS,
    DEADLINE_ACTIONS,
    DOCUMENT_TYPES,
    EVENTS,
    FIELD_TYPES,
    REGION_LEVELS,
)
from framework.definition.model import ServiceSpec
from framework.web.site import language

Problem = Mapping[str, Any]


@dataclass
class Element:
    """One page, field, document, rule or step of the draft's own file, as the overview lists it."""

    kind: str
    path: str  # `pages.0.fields.2`
    item: Mapping[str, Any]
    problems: list[Problem] = field(default_factory=list)
    children: list[Element] = field(default_factory=list)
    up: bool = False  # whether ↑ moves it (in a variant: in the merged order the citizen sees)
    down: bool = False
    adapted: bool = False  # a variant's entry adapting a template's element: the template's place, no ↑/↓
    place: tuple[str, str] | None = None  # an own element of a variant among its template's: ("before", id), ...

    @property
    def id(self) -> str:
        return str(self.item.get("id") or "")

    @property
    def label(self) -> str:
        text = self.item.get("label") or self.item.get("title") or self.item.get("message")
        if isinstance(text, Mapping):
            return str(text.get(language()) or text.get("id") or "")
        return str(text or self.item.get("when") or "")


def data_of(source: str) -> dict[str, Any]:
    """The draft's own definition as plain data ({} when it cannot be read)."""
    return load_text(source, "draft.yaml").data or {}


def _slash(path: str) -> str:
    return path.replace(".", "/")


def own_problems(problems: Iterable[Problem], path: str, children: str | None = None) -> list[Problem]:
    """Problems of the element at ``path``, leaving out those under its ``children`` list."""
    prefix = _slash(path)
    inner = f"{prefix}/{children}/" if children else None
    found = []
    for problem in problems:
        where = str(problem.get("path") or "")
        if (where == prefix or where.startswith(prefix + "/")) and not (inner and where.startswith(inner)):
            found.append(problem)
    return found


def elements(
    data: Mapping[str, Any], problems: list[Problem], template: Mapping[str, Any] | None = None
) -> dict[str, list[Element]]:
    """The file's pages (with their fields and a group's children), documents, rules and steps.

    ``template``: a variant's template (resolved data). Where the template has
    elements, the variant's entries are listed in the merged order the
    citizen sees, each with whether ↑/↓ moves it there (``builder_places``).
    """
    lists: dict[str, list[Element]] = {}
    for key, kind in (("documents", "document"), ("rules", "rule"), ("steps", "step")):
        listed = [
            Element(kind, f"{key}.{i}", item, own_problems(problems, f"{key}.{i}")) for i, item in _indexed(data, key)
        ]
        lists[key] = _ordered(listed, data.get(key), placing.template_items(template, data, (key,)))
    pages = [_page(i, page, problems) for i, page in _indexed(data, "pages")]
    for page in pages:
        list_path = ("pages", int(page.path.split(".")[1]), "fields")
        page.children = _ordered(
            page.children, page.item.get("fields"), placing.template_items(template, data, list_path)
        )
    lists["pages"] = _ordered(pages, data.get("pages"), placing.template_items(template, data, ("pages",)))
    return lists


def _indexed(holder: Mapping[str, Any], key: str) -> list[tuple[int, Mapping[str, Any]]]:
    """The mappings of the list ``holder[key]`` with their index in the file (a stray scalar keeps its place)."""
    value = holder.get(key)
    return [(i, item) for i, item in enumerate(value) if isinstance(item, Mapping)] if isinstance(value, list) else []


def _ordered(listed: list[Element], own: Any, level: list[Mapping[str, Any]] | None) -> list[Element]:
    """``listed`` (one list of the file) as shown, with what ↑/↓ can do: in the order written, or, at a level of a
    variant's template, in the merged order, an adapted entry unmovable and an own one moving among the merged."""
    if level is None:
        for i, element in enumerate(listed):
            element.up, element.down = i > 0, i < len(listed) - 1
        return listed
    by_index = {int(element.path.rsplit(".", 1)[1]): element for element in listed}
    slots = placing.order(level, own)
    shown = []
    for k, slot in enumerate(slots):
        if slot.own is None or slot.own not in by_index:
            continue
        element = by_index.pop(slot.own)
        element.adapted = slot.template is not None
        if not element.adapted:
            element.up, element.down = placing.can_move(level, slots, k, -1), placing.can_move(level, slots, k, 1)
            element.place = placing.place_of(element.item)
        shown.append(element)
    return shown + list(by_index.values())  # none left unless two entries share an id (the checker says so)


def _page(index: int, page: Mapping[str, Any], problems: list[Problem]) -> Element:
    path = f"pages.{index}"
    element = Element("page", path, page, own_problems(problems, path, "fields"))
    element.children = [_field(f"{path}.fields.{i}", item, problems) for i, item in _indexed(page, "fields")]
    return element


def _field(path: str, item: Mapping[str, Any], problems: list[Problem]) -> Element:
    element = Element("field", path, item, own_problems(problems, path, "fields"))
    children = [
        Element("field", f"{path}.fields.{i}", child, own_problems(problems, f"{path}.fields.{i}"))
        for i, child in _indexed(item, "fields")
    ]
    element.children = _ordered(children, item.get("fields"), None)  # a group's fields: in the order written
    return element


def general_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems of the service itself (not of a page, field, document, rule, step or the standard)."""
    inside = ("pages/", "documents/", "rules/", "steps/", "standard")
    return [p for p in problems if not str(p.get("path") or "").startswith(inside)]


def by_key(
    problems: Iterable[Problem], path: str, keys: Iterable[str]
) -> tuple[dict[str, list[Problem]], list[Problem]]:
    """A form's problems beside each input (by key), and those of no input (shown at the top)."""
    prefix = _slash(path)
    wanted = set(keys)
    beside: dict[str, list[Problem]] = {}
    rest = []
    for problem in problems:
        where = str(problem.get("path") or "")
        tail = where[len(prefix) :].lstrip("/") if prefix else where
        key = tail.split("/", 1)[0]
        if key in wanted:
            beside.setdefault(key, []).append(problem)
        else:
            rest.append(problem)
    return beside, rest


def problem_place(problem: Problem, data: Mapping[str, Any]) -> tuple[str, str] | None:
    """The form where ``problem`` is fixed and the input it concerns: (``pages.0.fields.2``, ``layanan`` or
    ``standar``; ``#input-<key>``, or ``#error-summary`` when no input of the form holds it); None for a problem of
    no element (the whole file, a list itself).

    Why: the overview lists each element's problems, but only as text: the
    author had to find the element's "Ubah" and then the input.
    """
    from framework.authoring.builder_edits import kind_of, parse_path
    from framework.authoring.builder_forms import FORMS

    steps = str(problem.get("path") or "").split("/")
    for length in (6, 4, 2):  # a group's child, a field, a page or a top-level element
        path = parse_path(".".join(steps[:length])) if len(steps) >= length else None
        if path is not None and _exists(data, path):
            return ".".join(steps[:length]), _anchor(steps[length:], FORMS[kind_of(path)])
    if steps[0] == "standard":
        return "standar", _anchor(steps[1:], FORMS["standard"])
    if steps[0] in {entry.key for entry in FORMS["service"]}:
        return "layanan", _anchor(steps, FORMS["service"])
    return None


def _exists(data: Mapping[str, Any], path: tuple[str | int, ...]) -> bool:
    return isinstance(node_at(data, path), Mapping)


def _anchor(tail: list[str], inputs: Iterable[Any]) -> str:
    key = tail[0] if tail else ""
    return f"#input-{key}" if key in {entry.key for entry in inputs} else "#error-summary"


def template_values(kind: str, inherited: Mapping[str, Any] | None) -> dict[str, str]:
    """The template's value of each input of an adapted element's form, as a short text ({} for an element of its own).

    Why: the variant's entry holds only what it changes, so the form of an
    adapted element opened empty: the author could not see what they
    override (the template's label, its `max_length`, its SLA). Shown beside
    the input, written nowhere.
    """
    from framework.authoring.builder_forms import FORMS

    if inherited is None:
        return {}
    found = {}
    for entry in FORMS[kind]:
        value = inherited.get(entry.key)
        if entry.key not in ("id", "type") and value not in (None, "", [], {}):
            text = _as_text(value)
            found[entry.key] = text if len(text) <= 160 else text[:159] + "…"
    return found


def _as_text(value: Any) -> str:
    """A template's value in a few words: `Nama anak / Child's name`, `ya`, `pdf, jpg`, an options' codes."""
    from flask_babel import gettext

    if isinstance(value, bool):
        return gettext("ya") if value else gettext("tidak")
    if isinstance(value, Mapping):
        if set(value) <= {"id", "en"}:
            return " / ".join(str(value[lang]) for lang in ("id", "en") if value.get(lang))
        if all(isinstance(each, Mapping) for each in value.values()):
            return ", ".join(map(str, value))  # options, lookups: their codes
        return ", ".join(f"{key} {_as_text(each)}" for key, each in value.items())  # repeat: min 1, max 6
    if isinstance(value, list):
        return ", ".join(_as_text(each) for each in value)
    return str(value)


# problems whose checker's advice is about writing YAML ("write {id: ..., en: ...}"), said in the builder's terms
IN_BUILDER_TERMS: dict[str, Text] = {
    # the checker names the code list's file, which a web author can neither open nor change
    "UNKNOWN_ROLE": Text(
        "Peran tahap ini bukan salah satu peran petugas yang dikenal: pilih peran dari daftar. Bila daerah Anda "
        "memerlukan peran baru, mintalah kementerian menambahkannya.",
        "This step's role is not one of the known officer roles: choose a role from the list. If your region needs "
        "a new role, ask the ministry to add it.",
    ),
    "NOT_BILINGUAL": Text(
        "Teks ini belum memiliki terjemahan bahasa Inggris: isi kotak bahasa Inggris di sampingnya.",
        "This text has no English translation yet: fill in the English box beside it.",
    ),
}


def message(problem: Problem) -> str:
    """A stored problem's message in the page's language, after its code: the builder's words where the
    checker's speak of YAML, which its author never sees."""
    code = str(problem.get("code"))
    if code in IN_BUILDER_TERMS:
        return f"{code}: {IN_BUILDER_TERMS[code].get(language())}"
    text = problem.get("message_en") if language() == "en" else problem.get("message_id")
    return f"{code}: {text or problem.get('message')}"


# --- the values offered by the forms -----------------------------------------------------------


def template_of(data: Mapping[str, Any], live: Catalog) -> ServiceSpec | None:
    """The live template a variant's data extends (None for a service of its own, or a template not live)."""
    return live.specs.get(str(data.get("extends") or ""))


def template_data(data: Mapping[str, Any], live: Catalog) -> Mapping[str, Any] | None:
    """The resolved data of the live template a variant's data extends (None for a service of its own)."""
    template = template_of(data, live)
    return template.data if template is not None else None


def placements(data: Mapping[str, Any], path: tuple[str | int, ...], live: Catalog) -> list[tuple[str, str]] | None:
    """The placements an element's form offers (value, words), "at the end" first; None for an element the language
    places no other way (not a variant's own element at a level its template has).

    Why: a variant's own field was always added after the template's fields
    (`before:`/`after:` were written by hand only), and the builder's ↑/↓
    moved it in the file, which the merge does not read.
    """
    from flask_babel import gettext

    template = template_data(data, live)
    level = placing.template_items(template, data, path[:-1]) if path else None
    item = node_at(data, path)
    if level is None or not isinstance(item, Mapping) or not placing.is_own(level, item):
        return None
    offered = [("", gettext("Di akhir (setelah elemen templat)"))]
    for each in level:
        if each.get("id") is None:
            continue  # a template rule without an id cannot be named
        text = _label(each.get("label") or each.get("title") or each.get("message") or "")
        name = f"{each['id']} ({text})" if text else str(each["id"])
        offered.append((f"before:{each['id']}", gettext("Sebelum %(element)s", element=name)))
        offered.append((f"after:{each['id']}", gettext("Sesudah %(element)s", element=name)))
    return offered


def field_types(
    data: Mapping[str, Any], spec: ServiceSpec | None = None, template: ServiceSpec | None = None
) -> dict[str, str]:
    """Field id → type: the compiled service's (a variant's with its template's), else the file's own over its
    ``template``'s.

    Why the template: a variant whose draft does not compile yet (or a save, which reads the file) still names the
    template's fields in its conditions; without their types the condition builder quoted a number or a yes/no
    (`anak_ke > '1'`), a condition that never holds.
    """
    if spec is not None:
        return _types_of(spec)
    found = _types_of(template) if template is not None else {}
    for page in mappings(data.get("pages")):
        for item in mappings(page.get("fields")):
            for each in (item, *mappings(item.get("fields"))):
                if each.get("type") is not None or str(each.get("id")) not in found:  # an entry adapting a
                    found[str(each.get("id"))] = str(each.get("type"))  # template's field may leave out its type
    return found


def _types_of(spec: ServiceSpec) -> dict[str, str]:
    found = {item.id: item.type for item in spec.iter_fields()}
    found.update({child.id: child.type for item in spec.iter_fields() for child in item.fields})
    return found


@dataclass(frozen=True)
class ConditionField:
    """A field the condition builder offers, with the values it offers for it."""

    id: str
    type: str
    values: tuple[tuple[str, str], ...]  # (code, label) of a choice's options; true/false of a boolean


def condition_fields(data: Mapping[str, Any], spec: ServiceSpec | None, live: Catalog) -> list[ConditionField]:
    """Every field a condition can name, with its options (a code list's too); a variant's template's fields also
    while the draft does not compile (else a condition naming one opened on an empty choice, and was lost at the
    next save)."""
    if spec is not None:
        return _offered(spec)
    template = template_of(data, live)
    found = {item.id: item for item in _offered(template)} if template is not None else {}
    for page in mappings(data.get("pages")):
        for item in mappings(page.get("fields")):
            if item.get("type") is None and str(item.get("id")) in found:
                continue  # an entry adapting a template's field: the template's type and options
            options = item.get("options") if isinstance(item.get("options"), Mapping) else None
            listed = options or live.codelists.get(str(item.get("options_from")), {})
            pairs = [(str(code), _label(text)) for code, text in listed.items()]
            found[str(item.get("id"))] = ConditionField(
                str(item.get("id")), str(item.get("type")), _values(str(item.get("type")), pairs)
            )
    return [f for f in found.values() if f.type != "group"]


def _offered(spec: ServiceSpec) -> list[ConditionField]:
    return [
        ConditionField(
            item.id, item.type, _values(item.type, [(o.code, o.label.get(language())) for o in item.options])
        )
        for item in spec.iter_fields()
        if not item.is_group
    ]


def _values(field_type: str, options: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    if field_type == "boolean":
        return (("true", "true"), ("false", "false"))
    return tuple(options)


def _label(text: Any) -> str:
    if isinstance(text, Mapping):
        return str(text.get(language()) or text.get("id") or "")
    return str(text)


def choices(
    live: Catalog, region: str, providers: Iterable[str], channels: Iterable[str], data: Mapping[str, Any]
) -> dict[str, list[tuple[str, str]]]:
    """The values each select of the forms offers, by its list's name (``builder_forms.Input.choices``)."""
    from admin.views.builder_labels import ACTIONS as ACTION_WORDS
    from admin.views.builder_labels import DEADLINE_ACTIONS as DEADLINE_WORDS
    from admin.views.builder_labels import FIELD_TYPES as TYPE_WORDS
    from admin.views.builder_labels import LEVELS as LEVEL_WORDS

    issuers = sorted(
        (issuer.id, f"{issuer.name.get(language())} ({issuer.id})")
        for issuer in live.issuers.values()
        if issuer.region in (None, region)
    )
    return {
        "types": [(key, str(TYPE_WORDS[key])) for key in FIELD_TYPES],
        "levels": [(key, str(LEVEL_WORDS[key])) for key in REGION_LEVELS],
        "issuers": issuers,
        "providers": [(p, p) for p in sorted(providers)],
        "channels": [(c, c) for c in sorted(channels)],
        "codelists": [(name, name) for name in sorted(live.codelists)],
        "file_types": [(t, t) for t in DOCUMENT_TYPES],
        "actions": [(a, str(ACTION_WORDS[a])) for a in ACTIONS],
        "deadline_actions": [(a, str(DEADLINE_WORDS[a])) for a in DEADLINE_ACTIONS],
        "fields": [(f, f) for f in field_types(data, template=template_of(data, live))],
        "events": [(event, event) for event in EVENTS],
        "roles": role_choices(live),
    }


def role_choices(live: Catalog) -> list[tuple[str, str]]:
    """The officer roles a step may name (the code list `peran-petugas`), each as its words and code."""
    roles = live.codelists.get(STEP_ROLES) or {}
    return [(code, f"{_label(name)} ({code})") for code, name in roles.items()]


def type_inputs() -> dict[str, str]:
    """A field form's type-specific keys → the types they belong to (builder.js hides the others' inputs)."""
    from framework.definition.metaschema import FIELD_TYPE_KEYS

    found: dict[str, list[str]] = {}
    for field_type, keys in FIELD_TYPE_KEYS.items():
        for key in keys:
            found.setdefault("repeat" if key == "fields" else key, []).append(field_type)
    return {key: " ".join(types) for key, types in found.items()}


def prefill_suggestions(data: Mapping[str, Any], registries: Any) -> list[str]:
    """`lookup.attribute` for every lookup the draft declares and every attribute its source returns."""
    found = []
    for name, lookup in (data.get("prefill") or {}).items() if isinstance(data.get("prefill"), Mapping) else []:
        source = lookup.get("source") if isinstance(lookup, Mapping) else None
        if source in registries.prefill_sources:
            found += [f"{name}.{attribute}" for attribute in sorted(registries.prefill_sources.get(source).attributes)]
    return found
