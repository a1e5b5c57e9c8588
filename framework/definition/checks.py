"""Semantic checks: what the meta-schema cannot say.

Each check is a small generator over the file's own items, yielding
:class:`Problem` objects with the path of the offending key or value. They
run only on data that passed the meta-schema, so they may trust the shape.
For a variant, references are resolved against the whole service (template
plus variant) while problems point into the variant file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from framework.definition.aggregates import aggregate_problems
from framework.definition.context import CheckContext
from framework.definition.durations import parse_duration
from framework.definition.errors import Problem
from framework.definition.index import FieldAt, Index, Path, walk_fields, walk_list
from framework.definition.issuers import (
    letter_name_problems,
    listed_letter_placeholders,
    placeholders,
    text_parts,
    unknown_letter_placeholders,
    unknown_placeholder,
    unknown_regency,
)
from framework.definition.kinds import kind_problems
from framework.definition.literals import bad_dates, mismatched_literals
from framework.definition.messages import Hints, Text, did_you_mean, msg, named, noun
from framework.definition.metaschema import _STANDARD_TEXTS, ACTIONS, COMMON_FIELD_KEYS, FIELD_TYPE_KEYS
from framework.definition.remedies import channel_hint, date_bound_message
from framework.definition.truth import bare_values, reads_no_field
from framework.expressions import ExpressionError, Scope, compared_values, compile_expression, expression_names
from framework.expressions.hints import compared_field, quoted

MAX_UPLOAD_MB = 50


@dataclass(frozen=True)
class Subject:
    """The file being checked and the service it belongs to."""

    data: Mapping[str, Any]
    index: Index  # the whole service (merged with the template for a variant)
    base: Index | None  # the template's, for a variant
    context: CheckContext
    hints: Hints = field(default_factory=Hints, compare=False)  # the file's budget of "did you mean" hints

    def is_new(self, kind: str, item_id: str | None) -> bool:
        """True when the item is declared here, not an override of the template's."""
        if self.base is None or item_id is None:
            return True
        return item_id not in getattr(self.base, kind)


Check = Callable[[Subject], Iterator[Problem]]


def _listing(names: Any) -> Text:
    listed = ", ".join(sorted(names))
    return msg(listed or "tidak ada", listed or "none")


# The portal's own addresses under /layanan/<service>/: a page with one of these ids would be hidden behind
# the start, resume or sent page (tests/forms hold this list to the portal's routes).
RESERVED_PAGE_IDS = frozenset({"mulai", "lanjut", "terkirim"})


def check_unique_ids(s: Subject) -> Iterator[Problem]:
    seen: dict[tuple[str, str | None], set[str]] = {}
    for kind, items in (
        ("page", walk_list(s.data, "pages")),
        ("document", walk_list(s.data, "documents")),
        ("step", walk_list(s.data, "steps")),
        ("rule", walk_list(s.data, "rules")),
    ):
        for path, item in items:
            yield from _once(seen, (kind, None), item.get("id"), path, kind)
            if kind == "page" and item.get("id") in RESERVED_PAGE_IDS:
                yield Problem(
                    path + ("id",),
                    "PAGE_ID_RESERVED",
                    msg(
                        f"id halaman `{item['id']}` dipakai alamat portal sendiri; pilih id lain, "
                        f"mis. `{item['id']}_data`",
                        f"page id `{item['id']}` is one of the portal's own addresses; choose another, "
                        f"e.g. `{item['id']}_data`",
                    ),
                )
    for at in walk_fields(s.data):
        yield from _once(seen, ("field", at.group), at.field.get("id"), at.path, "field")


def _once(seen: dict, scope: tuple[str, str | None], item_id: Any, path: Path, kind: str) -> Iterator[Problem]:
    if not isinstance(item_id, str):
        return
    ids = seen.setdefault(scope, set())
    if item_id in ids:
        where = msg(f" dalam kelompok `{scope[1]}`", f" in group `{scope[1]}`") if scope[1] else msg("", "")
        yield Problem(
            path + ("id",),
            "DUPLICATE_ID",
            msg(
                f"id {noun(kind).id} `{item_id}` dipakai dua kali{where.id}; id harus unik",
                f"{kind} id `{item_id}` is used twice{where.en}; ids must be unique",
            ),
        )
    ids.add(item_id)


_NEW_ITEM_KEYS = {
    "pages": ("pages", ("title", "fields")),
    "documents": ("documents", ("label", "accept", "max_mb")),
    "steps": ("steps", ("title", "role", "sla", "actions")),
    "rules": ("rules", ("message",)),  # an override of the template's rule (same id) keeps its message
}


def check_complete_items(s: Subject) -> Iterator[Problem]:
    """New pages, documents, steps and fields need the keys that make them usable."""
    for key, (kind, needed) in _NEW_ITEM_KEYS.items():
        for path, item in walk_list(s.data, key):
            if s.is_new(kind, item.get("id")):
                yield from _incomplete(s, kind, item, path, needed)
                if key == "pages" and item.get("fields") == []:
                    yield _empty_page(item, path)
    for at in walk_fields(s.data):
        if at.group is not None or s.is_new("fields", at.field.get("id")):
            yield from _incomplete(s, "fields", at.field, at.path, ("type", "label"))

    if "extends" not in s.data and not any("approve" in (st.get("actions") or []) for st in s.index.steps.values()):
        yield Problem(
            ("steps",),
            "NO_APPROVE_STEP",
            msg(
                "tidak ada tahap yang dapat `approve`; tahap penyetuju "
                "terakhir menyerahkan permohonan kepada penyedia layanan",
                "no step can `approve`; the last approving step hands the application to the provider",
            ),
        )


def _incomplete(
    s: Subject, kind: str, item: Mapping[str, Any], path: Path, needed: tuple[str, ...]
) -> Iterator[Problem]:
    """One MISSING_KEY naming every key a new item lacks, not one per key.

    In a variant, a new item named like one of the template's is most often
    a typo of that id (the author meant to adapt it): the hint says which.
    """
    missing = [name for name in needed if name not in item]
    if not missing:
        return
    item_id = item.get("id")
    called = _called(kind[:-1], item_id, path)
    keys = ", ".join(f"`{name}`" for name in missing)
    verb = "is" if len(missing) == 1 else "are"
    text = msg(f"kunci wajib {keys} tidak ada pada {called.id}", f"{keys} {verb} missing in {called.en}")
    if s.base is not None and isinstance(item_id, str):
        close = s.hints.closest(item_id, getattr(s.base, kind))
        if close:
            text += msg(
                f"; {called.id} tidak ada di templat, maksud Anda `{close}`?",
                f"; {called.en} is not in the template, did you mean `{close}`?",
            )
    yield Problem(path, "MISSING_KEY", text, at="key")


def _empty_page(page: Mapping[str, Any], path: Path) -> Problem:
    """A page of no field shows the citizen a blank step of the form."""
    called = _called("page", page.get("id"), path)
    return Problem(
        path + ("fields",),
        "TOO_FEW",
        msg(
            f"{called.id} tidak berisi kolom; tambahkan sekurang-kurangnya satu kolom atau hapus halaman itu",
            f"{called.en} holds no field; add at least one field or delete the page",
        ),
    )


def _called(kind: str, item_id: object, path: Path) -> Text:
    """ "step `verifikasi`", or "rule 2" for an item written without its id."""
    if isinstance(item_id, str):
        return named(kind, item_id)
    word, number = noun(kind), path[-1] + 1 if isinstance(path[-1], int) else "?"
    return msg(f"{word.id} {number}", f"{word.en} {number}")


def _field_type(s: Subject, at: FieldAt) -> str | None:
    if "type" in at.field:
        return at.field["type"]
    merged = s.index.fields.get(at.field.get("id", "")) if at.group is None else None
    return merged.get("type") if merged else None


def check_field_keys(s: Subject) -> Iterator[Problem]:
    for at in walk_fields(s.data):
        kind = _field_type(s, at)
        if kind not in FIELD_TYPE_KEYS:
            continue
        allowed = COMMON_FIELD_KEYS | FIELD_TYPE_KEYS[kind]
        for key in at.field:
            if kind == "date" and key in ("min", "max"):
                yield Problem(
                    at.path + (key,), "KEY_NOT_FOR_TYPE", date_bound_message(at.field.get("id"), key), at="key"
                )
            elif key not in allowed:
                owners = sorted(t for t, keys in FIELD_TYPE_KEYS.items() if key in keys)
                yield Problem(
                    at.path + (key,),
                    "KEY_NOT_FOR_TYPE",
                    msg(
                        f"`{key}` tidak bermakna untuk kolom berjenis `{kind}` "
                        f"(`{at.field.get('id')}`); kunci ini untuk: {', '.join(owners)}",
                        f"`{key}` has no meaning for a `{kind}` field "
                        f"(`{at.field.get('id')}`); it is for: {', '.join(owners)}",
                    ),
                    at="key",
                )
        yield from _type_specific(s, at, kind)


def _type_specific(s: Subject, at: FieldAt, kind: str) -> Iterator[Problem]:
    item, path, name = at.field, at.path, at.field.get("id")
    if (
        kind in ("choice", "multichoice")
        and s.is_new("fields", name)
        and ("options" in item) == ("options_from" in item)
    ):
        yield Problem(
            path,
            "NO_OPTIONS",
            msg(
                f"kolom pilihan `{name}` memerlukan `options` atau `options_from`, tepat salah satu",
                f"choice field `{name}` needs either `options` or `options_from`, not both and not neither",
            ),
            at="key",
        )
    source = item.get("options_from")
    if isinstance(source, str) and source not in s.context.codelists:
        yield Problem(
            path + ("options_from",),
            "UNKNOWN_CODELIST",
            msg(
                f"daftar kode `{source}` tidak ada di definitions/",
                f"code list `{source}` does not exist under definitions/",
            )
            + s.hints.hint(source, s.context.codelists),
        )
    if kind == "group" and at.group is None and "fields" not in item and s.is_new("fields", name):
        yield Problem(
            path,
            "MISSING_KEY",
            msg(f"kelompok `{name}` memerlukan `fields`", f"group `{name}` needs `fields`"),
            at="key",
        )
    if at.group is not None and kind == "group":
        yield Problem(
            path + ("type",),
            "BAD_VALUE",
            msg(
                "kelompok tidak boleh memuat kelompok lain; gunakan kelompok kedua di halaman itu",
                "a group cannot contain another group; use a second group on the page",
            ),
        )
    repeat = item.get("repeat")
    if isinstance(repeat, dict) and repeat.get("min", 0) > repeat.get("max", 0):
        yield Problem(
            path + ("repeat",),
            "BAD_REPEAT",
            msg(
                f"`repeat` pada `{name}`: min {repeat.get('min')} lebih besar dari max {repeat.get('max')}",
                f"`repeat` of `{name}`: min {repeat.get('min')} is more than max {repeat.get('max')}",
            ),
        )
    for low, high in (("min", "max"), ("min_length", "max_length")):
        if (
            isinstance(item.get(low), (int, float))
            and isinstance(item.get(high), (int, float))
            and item[low] > item[high]
        ):
            yield Problem(
                path + (low,),
                "BAD_RANGE",
                msg(
                    f"`{low}` ({item[low]}) lebih besar dari `{high}` ({item[high]}) pada kolom `{name}`",
                    f"`{low}` ({item[low]}) is more than `{high}` ({item[high]}) in field `{name}`",
                ),
            )
    if isinstance(item.get("pattern"), str):
        try:
            re.compile(item["pattern"])
        except re.error as exc:
            yield Problem(
                path + ("pattern",),
                "BAD_PATTERN",
                msg(
                    f"`pattern` pada `{name}` bukan ekspresi reguler yang sah: {exc.msg}",
                    f"`pattern` of `{name}` is not a valid regular expression: {exc.msg}",
                ),
            )


def check_prefill(s: Subject) -> Iterator[Problem]:
    used = _lookups_used(s.index)
    first_filled = _first_filled(s.index)
    for at in walk_fields(s.data):
        ref = at.field.get("prefill")
        if at.field.get("locked") and not ref and not (s.index.fields.get(at.field.get("id", ""), {}).get("prefill")):
            yield Problem(
                at.path + ("locked",),
                "LOCKED_WITHOUT_PREFILL",
                msg(
                    f"`{at.field.get('id')}` dikunci tetapi tidak diisi "
                    f"otomatis; tambahkan `prefill:` atau hapus `locked`",
                    f"`{at.field.get('id')}` is locked but not prefilled; add `prefill:` or remove `locked`",
                ),
                at="key",
            )
        if not isinstance(ref, str) or "." not in ref:
            continue
        lookup_name, attribute = ref.split(".", 1)
        lookup = s.index.lookups.get(lookup_name)
        if lookup is None:
            meant = s.hints.closest(lookup_name, s.index.lookups)
            used.update([meant] if meant else [])  # `ibuu.nama` uses `ibu`: not also "lookup `ibu` is unused"
            yield Problem(
                at.path + ("prefill",),
                "UNKNOWN_LOOKUP",
                msg(
                    f"`{lookup_name}` bukan lookup di bawah `prefill:`",
                    f"`{lookup_name}` is not a lookup under `prefill:`",
                )
                + did_you_mean(meant),
            )
            continue
        yield from _third_party_number_unlocked(s, at.path, at.field, lookup)
        source = s.context.sources.get(lookup.get("source", ""))
        if source and attribute not in source.attributes:
            yield Problem(
                at.path + ("prefill",),
                "UNKNOWN_ATTRIBUTE",
                msg(
                    f"sumber `{source.id}` tidak memiliki atribut `{attribute}`",
                    f"source `{source.id}` has no attribute `{attribute}`",
                )
                + s.hints.hint(attribute, source.attributes),
            )
    for name, lookup in (s.data.get("prefill") or {}).items():
        yield from _check_lookup(s, name, lookup, used, first_filled)


def _third_party_number_unlocked(
    s: Subject, path: Path, item: Mapping[str, Any], lookup: Mapping[str, Any]
) -> Iterator[Problem]:
    """A NIK or KK number from another person's record in an input the citizen could read in full.

    Why: such a number is shown to the citizen masked (``framework.forms.minimise``);
    only a locked field is shown as text, so an open input would hand the
    applicant a stranger's number whole, the pair e-KYC asks for.
    """
    kind = item.get("type") or (s.index.fields.get(str(item.get("id", ""))) or {}).get("type")
    by = str(lookup.get("by", ""))
    locked = item.get("locked", (s.index.fields.get(str(item.get("id", ""))) or {}).get("locked"))
    if kind in ("nik", "kk") and by.startswith("field.") and not locked:
        yield Problem(
            path + ("prefill",),
            "THIRD_PARTY_NUMBER_OPEN",
            msg(
                f"`{item.get('id')}` diisi nomor {str(kind).upper()} dari data orang lain (lookup `by: {by}`) "
                "tetapi tidak dikunci; tambahkan `locked: true` agar pemohon hanya melihatnya tersamar",
                f"`{item.get('id')}` is filled with a {str(kind).upper()} number from another person's record "
                f"(lookup `by: {by}`) but is not locked; add `locked: true` so the applicant only sees it masked",
            ),
            at="key",
        )


def _check_lookup(
    s: Subject, name: str, lookup: Mapping[str, Any], used: set[str], first_filled: Mapping[str, str]
) -> Iterator[Problem]:
    path: Path = ("prefill", name)
    source = lookup.get("source")
    if source not in s.context.sources:
        yield Problem(
            path + ("source",),
            "UNKNOWN_SOURCE",
            msg(
                f"sumber prefill `{source}` tidak terpasang (yang terpasang: {_listing(s.context.sources).id})",
                f"no prefill source `{source}` is installed (installed: {_listing(s.context.sources).en})",
            )
            + s.hints.hint(str(source), s.context.sources),
        )
    key = lookup.get("by", "")
    if key.startswith("field.") and "." in key[len("field.") :]:
        yield from _check_row_lookup(s, path, name, key[len("field.") :])
    elif key.startswith("field."):
        field_id = key[len("field.") :]
        kind = s.index.field_type(field_id)
        if kind is None:
            yield Problem(
                path + ("by",),
                "UNKNOWN_FIELD",
                msg(
                    f"lookup `{name}` memakai kunci `{field_id}`, yang bukan kolom",
                    f"lookup `{name}` is keyed by `{field_id}`, which is not a field",
                )
                + s.hints.hint(field_id, s.index.fields),
            )
        elif kind not in ("nik", "kk"):
            yield Problem(
                path + ("by",),
                "PREFILL_KEY_TYPE",
                msg(
                    f"lookup `{name}` memakai kunci `{field_id}`, kolom berjenis "
                    f"`{kind}`; basis data kependudukan dikunci dengan NIK",
                    f"lookup `{name}` is keyed by `{field_id}`, a `{kind}` field; registries are keyed by NIK",
                ),
            )
        yield from _key_asked_too_late(s, path, name, field_id, first_filled.get(name))
    if name not in used and s.base is None:
        yield Problem(
            path,
            "UNUSED_LOOKUP",
            msg(f"lookup `{name}` tidak dipakai kolom mana pun", f"lookup `{name}` is not used by any field"),
            at="key",
        )


def _check_row_lookup(s: Subject, path: Path, name: str, key: str) -> Iterator[Problem]:
    """``by: field.<group>.<field>``: a NIK in each row of a repeating group, filling fields of that group only."""
    group_id, child_id = key.split(".", 1)
    group = s.index.fields.get(group_id) or {}
    kind = s.index.field_type(child_id, group_id) if group.get("repeat") else None
    if kind is None:
        yield Problem(
            path + ("by",),
            "ROW_LOOKUP_SCOPE",
            msg(
                f"lookup `{name}` memakai kunci `{key}`, tetapi `{child_id}` bukan isian di dalam grup berulang "
                f"`{group_id}`; tulis `field.<grup>.<isian>` untuk NIK di setiap baris grup berulang",
                f"lookup `{name}` is keyed by `{key}`, but `{child_id}` is not a field inside a repeating group "
                f"`{group_id}`; write `field.<group>.<field>` for a NIK in each row of a repeating group",
            )
            + s.hints.hint(child_id, s.index.group_children.get(group_id, {})),
        )
    elif kind not in ("nik", "kk"):
        yield Problem(
            path + ("by",),
            "PREFILL_KEY_TYPE",
            msg(
                f"lookup `{name}` memakai kunci `{key}`, kolom berjenis "
                f"`{kind}`; basis data kependudukan dikunci dengan NIK",
                f"lookup `{name}` is keyed by `{key}`, a `{kind}` field; registries are keyed by NIK",
            ),
        )
    for at in walk_fields(s.data):
        ref = at.field.get("prefill")
        if isinstance(ref, str) and ref.split(".", 1)[0] == name and at.group != group_id:
            yield Problem(
                at.path + ("prefill",),
                "ROW_LOOKUP_SCOPE",
                msg(
                    f"`{at.field.get('id')}` diisi dari `{name}`, yang dicari per baris grup `{group_id}`; "
                    f"hanya isian di dalam grup `{group_id}` yang dapat memakainya",
                    f"`{at.field.get('id')}` takes a value from `{name}`, looked up per row of the group "
                    f"`{group_id}`; only fields inside `{group_id}` can use it",
                ),
            )


def _first_filled(index: Index) -> dict[str, str]:
    """The first field (in form order, on a page with an id) that each lookup fills."""
    first: dict[str, str] = {}
    for field_id, item in index.fields.items():
        if isinstance(item.get("prefill"), str) and index.field_page.get(field_id) in index.page_number:
            first.setdefault(item["prefill"].split(".", 1)[0], field_id)
    return first


def _key_asked_too_late(s: Subject, path: Path, name: str, key_field: str, field_id: str | None) -> Iterator[Problem]:
    """A lookup keyed by a typed NIK can only fill fields on that page or after it."""
    number = s.index.page_number
    key_page, page = s.index.field_page.get(key_field, ""), s.index.field_page.get(field_id or "", "")
    if field_id is not None and key_page in number and number[page] < number[key_page]:
        yield Problem(
            path + ("by",),
            "BAD_PREFILL_KEY",
            msg(
                f"kolom `{field_id}` di halaman `{page}` diisi otomatis dari `{name}`, "
                f"tetapi kuncinya `{key_field}` baru ditanyakan kemudian, di halaman "
                f"`{key_page}`; pindahkan `{key_field}` ke halaman `{page}` atau sebelumnya",
                f"field `{field_id}` on page `{page}` is prefilled from `{name}`, but its key `{key_field}` "
                f"is only asked later, on page `{key_page}`; move `{key_field}` to page `{page}` or earlier",
            ),
        )


def _lookups_used(index: Index) -> set[str]:
    """The lookups some field of the whole service takes a value from."""
    every = list(index.fields.values()) + [c for g in index.group_children.values() for c in g.values()]
    return {f["prefill"].split(".", 1)[0] for f in every if isinstance(f.get("prefill"), str)}


def check_expressions(s: Subject) -> Iterator[Problem]:
    # the names a condition may use, built once per service: a set built per
    # condition made a file of many conditions quadratic
    top = Scope(frozenset(s.index.fields))
    for at in walk_fields(s.data):
        if "when" in at.field:
            names = top.within(s.index.group_children.get(at.group, {})) if at.group else top
            asked = _asked_on(s.data["pages"][at.path[1]], own_page_too=False)
            yield from _compile(s, at.path + ("when",), at.field["when"], names, at.group, asked)
    for key in ("pages", "documents"):
        for path, item in walk_list(s.data, key):
            if "when" in item:
                decided = _asked_on(item, own_page_too=True) if key == "pages" else None
                yield from _compile(s, path + ("when",), item["when"], top, asked=decided)
    for path, rule in walk_list(s.data, "rules"):
        yield from _compile(s, path + ("when",), rule.get("when"), top, rule=True)
        target = rule.get("field")
        if isinstance(target, str) and target not in top:
            yield Problem(
                path + ("field",),
                "UNKNOWN_FIELD",
                msg(
                    f"pesan aturan ditempelkan pada `{target}`, yang bukan kolom",
                    f"rule message is attached to `{target}`, which is not a field",
                )
                + s.hints.hint(target, top),
            )


@dataclass(frozen=True)
class AskedOn:
    """The page a condition is decided on; a page's own condition is decided before its fields are answered."""

    page: str
    own_page_too: bool


def _asked_on(page: Mapping[str, Any], own_page_too: bool) -> AskedOn | None:
    """None for a page written without an id: where it stands in the form is not known."""
    page_id = page.get("id")
    return AskedOn(page_id, own_page_too) if isinstance(page_id, str) else None


def _compile(
    s: Subject,
    path: Path,
    source: Any,
    names: Scope,
    group: str | None = None,
    asked: AskedOn | None = None,
    rule: bool = False,
) -> Iterator[Problem]:
    try:
        expression = compile_expression(source, names)
    except ExpressionError as exc:
        yield Problem(path, exc.code, _unquoted(s, source, exc, names) or exc.hinted(s.hints), offset=exc.offset)
        return
    yield from aggregate_problems(s, path, expression)
    if asked is not None:
        skip = frozenset(s.index.group_children.get(group, {})) if group else frozenset()
        yield from _read_before_asked(s, path, expression, asked, skip)
    yield from _truth_problems(s, path, expression, rule)
    type_of = functools.partial(_type_of, s, group=group)
    for column, text in [*mismatched_literals(expression, type_of), *kind_problems(expression, type_of)]:
        yield Problem(path, "EXPR_TYPE_MISMATCH", text, offset=column)
    for column, text in bad_dates(expression):
        yield Problem(path, "EXPR_BAD_DATE", text, offset=column)
    for name, value, column in compared_values(expression):
        options = _options_of(s, name, group)
        if options is not None and value not in options:
            yield Problem(
                path,
                "EXPR_NOT_AN_OPTION",
                msg(
                    f"`{value}` bukan pilihan kolom `{name}`, sehingga kondisi "
                    f"ini tidak pernah cocok; pilihannya: {_listing(options).id}",
                    f"`{value}` is not an option of field `{name}`, so the "
                    f"condition can never match; its options: {_listing(options).en}",
                )
                + s.hints.hint(value, options),
                offset=column,
            )


def _truth_problems(s: Subject, path: Path, expression: Any, rule: bool) -> Iterator[Problem]:
    """A text or number standing alone as a condition, or a condition that reads no field: never what was meant.

    `true`/`false` stay a switch in a template (for its variants to override) and in a variant.
    """
    bare = list(bare_values(expression))
    for column, text in bare:
        yield Problem(path, "EXPR_BARE_VALUE", text, offset=column)
    switch = s.data.get("template") is True or "extends" in s.data
    constant = None if bare else reads_no_field(expression, switch, rule)
    if constant is not None:
        yield Problem(path, "EXPR_CONSTANT", constant)


def _read_before_asked(
    s: Subject, path: Path, expression: Any, asked: AskedOn, siblings: frozenset[str]
) -> Iterator[Problem]:
    """A condition that reads a field the citizen has not reached yet: it cannot be decided where it is needed.

    Why a warning: on a later page the field is still empty, so the condition
    is undecided and what it shows stays hidden; the citizen passes it, and
    learns of it only at the end. A field prefilled for the applicant is
    known from the start and reads fine from anywhere.
    """
    number = s.index.page_number
    here = asked.page
    if here not in number:
        return
    seen: set[str] = set()
    for name, column in expression_names(expression):
        where = s.index.field_page.get(name, "")
        if name in seen or name in siblings or where not in number or _known_from_the_start(s, name):
            continue
        seen.add(name)
        if number[where] > number[here]:
            text = msg(
                f"kondisi ini membaca `{name}`, yang baru ditanyakan kemudian di halaman `{where}`; di halaman "
                f"`{here}` isian itu masih kosong, jadi kondisinya belum dapat diputuskan. Pindahkan `{name}` ke "
                f"halaman `{here}` atau sebelumnya",
                f"this condition reads `{name}`, which is only asked later, on page `{where}`; on page `{here}` "
                f"it is still empty, so the condition cannot be decided yet. Move `{name}` to page `{here}` or "
                "earlier",
            )
        elif asked.own_page_too and where == here:
            text = msg(
                f"kondisi halaman `{here}` membaca `{name}`, yang ditanyakan di halaman itu sendiri; halaman "
                f"ditampilkan atau dilewati sebelum `{name}` diisi. Pindahkan `{name}` ke halaman sebelumnya",
                f"the condition of page `{here}` reads `{name}`, which is asked on that same page; the page is "
                f"shown or skipped before `{name}` is answered. Move `{name}` to an earlier page",
            )
        else:
            continue
        yield Problem(path, "WHEN_READS_LATER_PAGE", text, offset=column)


def _known_from_the_start(s: Subject, name: str) -> bool:
    """Prefilled for the applicant (not through a number typed in the form): it has its value on page one."""
    prefill = s.index.fields.get(name, {}).get("prefill")
    if not isinstance(prefill, str):
        return False
    key = s.index.lookups.get(prefill.split(".", 1)[0], {}).get("by")
    return not (isinstance(key, str) and key.startswith("field."))


def _unquoted(s: Subject, source: Any, exc: ExpressionError, names: Scope) -> Text | None:
    """`pilihan == lainnya`: a value written without quotes reads as a field that does not exist."""
    if exc.name is None or not isinstance(source, str):
        return None
    compared = compared_field(source, exc.name)
    if compared is None or compared not in names:
        return None
    example = f"{compared} == {quoted(exc.name)}"
    return msg(
        f"`{exc.name}` bukan kolom; untuk membandingkan `{compared}` "
        f"dengan nilai `{exc.name}`, beri tanda kutip: `{example}`",
        f"`{exc.name}` is not a field; to compare `{compared}` with "
        f"the value `{exc.name}`, put the value in quotes: `{example}`",
    )


def _named_field(s: Subject, name: str, group: str | None) -> Mapping[str, Any]:
    """The field a condition names: a sibling in its group first, else one of the form's (empty if none)."""
    children = s.index.group_children.get(group, {}) if group else {}
    return children.get(name) or s.index.fields.get(name) or {}


def _type_of(s: Subject, name: str, group: str | None) -> str | None:
    kind = _named_field(s, name, group).get("type")
    return kind if isinstance(kind, str) else None


def _options_of(s: Subject, name: str, group: str | None) -> frozenset[str] | None:
    """The codes a choice field stores, or None for any other field (or a code list not found)."""
    item = _named_field(s, name, group)
    if item.get("type") not in ("choice", "multichoice"):
        return None
    if isinstance(item.get("options"), dict):
        return frozenset(str(code) for code in item["options"])
    return s.context.codelist_codes.get(str(item.get("options_from")))


# The officer roles a step may name, with their names for the officers' screens (admin/helpers.py reads them too).
STEP_ROLES = "codelists/peran-petugas"


def check_steps(s: Subject) -> Iterator[Problem]:
    for path, step in walk_list(s.data, "steps"):
        yield from _unnamed_role(s, step.get("role"), path + ("role",))
        actions = step.get("actions") or []
        for i, action in enumerate(actions):
            if action not in ACTIONS:
                yield Problem(
                    path + ("actions", i),
                    "UNKNOWN_ACTION",
                    msg(
                        f"`{action}` bukan tindakan; gunakan {', '.join(ACTIONS)}",
                        f"`{action}` is not an action; use {', '.join(ACTIONS)}",
                    )
                    + s.hints.hint(str(action), ACTIONS),
                )
        if "sla" in step and parse_duration(step["sla"]) is None:
            yield Problem(
                path + ("sla",),
                "BAD_DURATION",
                msg(
                    f"`{step['sla']}` bukan durasi; tulis jam kerja seperti `4h` atau hari kerja seperti `3d`",
                    f"`{step['sla']}` is not a duration; write working hours like `4h` or working days like `3d`",
                ),
            )
        deadline = step.get("on_deadline")
        merged_actions = actions or (s.index.steps.get(step.get("id", ""), {}).get("actions") or [])
        if deadline in ("approve", "reject") and deadline not in merged_actions:
            yield Problem(
                path + ("on_deadline",),
                "BAD_DEADLINE_ACTION",
                msg(
                    f"`on_deadline: {deadline}` tetapi tahap `{step.get('id')}` "
                    f"tidak dapat `{deadline}`; tambahkan ke `actions`",
                    f"`on_deadline: {deadline}` but step `{step.get('id')}` cannot `{deadline}`; add it to `actions`",
                ),
            )
    yield from _steps_within_standard(s)


def _unnamed_role(s: Subject, role: Any, path: Path) -> Iterator[Problem]:
    """A step role the officer-role list does not name: most often a typo, and then no officer ever holds it.

    A warning, not an error: a region may add a role of its own (and should
    name it in the list). Without the list (a catalog with no
    `codelists/peran-petugas`) there is nothing to compare with.
    """
    roles = s.context.codelist_codes.get(STEP_ROLES)
    if roles is None or not isinstance(role, str) or role in roles:
        return
    yield Problem(
        path,
        "UNKNOWN_ROLE",
        msg(
            f"peran `{role}` tidak dinamai di definitions/codelists/peran-petugas.yaml, jadi bila tidak ada petugas "
            f"yang memegangnya, permohonan menunggu di tahap ini selamanya; perbaiki namanya atau tambahkan perannya "
            f"ke daftar itu",
            f"role `{role}` is not named in definitions/codelists/peran-petugas.yaml, so unless an officer holds "
            f"it, applications wait at this step forever; correct the name or add the role to that list",
        )
        + s.hints.hint(role, roles),
    )


def _steps_within_standard(s: Subject) -> Iterator[Problem]:
    """The steps together fit the published SLA (a variant's too, with the steps it adds or shortens).

    An automatic decision at each deadline (`on_deadline`) does not excuse it:
    the citizen is promised the service's SLA, not the sum of the steps'.
    """
    total = parse_duration(s.index.standard.get("sla"))
    if total is None:
        return
    durations = [parse_duration(step.get("sla")) for step in s.index.steps.values()]
    hours = sum(d.working_hours for d in durations if d)
    if hours > total.working_hours:
        yield Problem(
            _first_written(s.data, ("standard", "sla"), ("steps",), ("extends",)),
            "STEPS_EXCEED_SLA",
            msg(
                f"tahap-tahap memakan waktu hingga {hours} jam kerja, lebih lama dari SLA "
                f"yang diumumkan {total} ({total.working_hours} jam); persingkat tahapnya",
                f"the steps take up to {hours} working hours, more than the "
                f"published {total} ({total.working_hours} h); shorten them",
            ),
        )


def _first_written(data: Mapping[str, Any], *paths: Path) -> Path:
    """The first of ``paths`` this file writes (a variant may leave the standard to its template)."""
    for path in paths:
        node: Any = data
        for step in path:
            node = node.get(step) if isinstance(node, dict) else None
        if node is not None:
            return path
    return paths[-1]


def check_standard(s: Subject) -> Iterator[Problem]:
    standard = s.data.get("standard")
    if not isinstance(standard, dict):
        return
    if "sla" in standard and parse_duration(standard["sla"]) is None:
        yield Problem(
            ("standard", "sla"),
            "BAD_DURATION",
            msg(
                f"`{standard['sla']}` bukan durasi; tulis hari kerja seperti `1d` atau jam seperti `4h`",
                f"`{standard['sla']}` is not a duration; write working days like `1d` or hours like `4h`",
            ),
        )
    yield from _fee_not_whole(standard.get("fee"))
    yield from _fee_against_law(s.data, standard)
    channel = standard.get("complaints")
    if channel is not None and channel not in s.context.complaint_channels:
        remedy = channel_hint(str(channel), s.context.complaint_channels)
        yield Problem(
            ("standard", "complaints"),
            "UNKNOWN_CHANNEL",
            msg(f"kanal pengaduan `{channel}` tidak terpasang", f"no complaint channel `{channel}` is installed")
            + (remedy if remedy.id else s.hints.hint(str(channel), s.context.complaint_channels)),
        )


def _fee_not_whole(fee: Any) -> Iterator[Problem]:
    """A fee with a decimal point: Indonesians group thousands with dots, and YAML reads `5.000` as 5.

    Why refused rather than rounded: the published standard said "Rp 5" for a
    five-thousand-rupiah service, and no rupiah amount has a fraction.
    """
    if not isinstance(fee, float) or fee != fee or fee in (float("inf"), float("-inf")):
        return
    thousands = round(fee * 1000)
    amount = f"Rp {thousands:,}".replace(",", ".")
    yield Problem(
        ("standard", "fee"),
        "FEE_NOT_WHOLE",
        msg(
            f"`fee: {fee:g}` bukan rupiah bulat; YAML membaca titik sebagai tanda desimal, bukan pemisah "
            f"ribuan: tulis `fee: {thousands}` untuk {amount}",
            f"`fee: {fee:g}` is not whole rupiah; YAML reads the dot as a decimal point, not a thousands "
            f"separator: write `fee: {thousands}` for {amount}",
        ),
    )


# sectors whose services the law makes free, and the law that says so
FREE_BY_LAW = {"adminduk": Text("UU 24/2013 Pasal 79A", "Law 24/2013 art. 79A")}


def _fee_against_law(data: Mapping[str, Any], standard: Mapping[str, Any]) -> Iterator[Problem]:
    """A fee in a sector the law makes free (a variant raising its template's fee is told so by the variant rules)."""
    law = FREE_BY_LAW.get(str(data.get("sector")))
    fee = standard.get("fee")
    if law is None or "extends" in data or isinstance(fee, bool) or not isinstance(fee, int | float) or fee <= 0:
        return
    yield Problem(
        ("standard", "fee"),
        "FEE_AGAINST_LAW",
        msg(
            f"layanan {data['sector']} tidak dipungut biaya menurut {law.id}: tulis `fee: 0`",
            f"{data['sector']} services are free by {law.get('en')}: write `fee: 0`",
        ),
    )


def check_documents(s: Subject) -> Iterator[Problem]:
    for path, document in walk_list(s.data, "documents"):
        size = document.get("max_mb")
        if size is not None and not (0 < size <= MAX_UPLOAD_MB):
            yield Problem(
                path + ("max_mb",),
                "BAD_SIZE",
                msg(
                    f"`max_mb: {size}`: batas ukuran adalah jumlah "
                    f"megabita di atas 0 dan paling banyak {MAX_UPLOAD_MB}",
                    f"`max_mb: {size}`: a size limit is a number of megabytes above 0 and at most {MAX_UPLOAD_MB}",
                ),
            )


def check_plugins_and_regions(s: Subject) -> Iterator[Problem]:
    provider = s.data.get("provider")
    if provider is not None and provider not in s.context.providers and provider not in s.context.issuers:
        known = set(s.context.providers) | set(s.context.issuers)
        yield Problem(
            ("provider",),
            "UNKNOWN_PROVIDER",
            msg(
                f"penyedia `{provider}` bukan penerbit yang dideklarasikan di definitions/issuers/ "
                f"dan bukan plugin yang terpasang (yang ada: {_listing(known).id})",
                f"provider `{provider}` is neither an issuer declared in "
                f"definitions/issuers/ nor an installed plugin (known: {_listing(known).en})",
            )
            + s.hints.hint(str(provider), known),
        )
    for event, channels in (s.data.get("notify") or {}).items():
        for i, channel in enumerate(channels):
            if channel not in s.context.notify_channels:
                yield Problem(
                    ("notify", event, i),
                    "UNKNOWN_CHANNEL",
                    msg(
                        f"kanal notifikasi `{channel}` tidak terpasang",
                        f"no notification channel `{channel}` is installed",
                    )
                    + s.hints.hint(str(channel), s.context.notify_channels),
                )
    yield from unknown_regency(s.data.get("region"), s.context.regencies)
    service, sector = s.data.get("service"), s.data.get("sector")
    if isinstance(service, str) and isinstance(sector, str) and not service.startswith(sector + "."):
        yield Problem(
            ("service",),
            "BAD_FORMAT",
            msg(
                f"id layanan `{service}` harus diawali sektornya `{sector}.`",
                f"service id `{service}` must start with its sector `{sector}.`",
            )
            + _sector_remedy(service, sector),
        )


def _sector_remedy(service: str, sector: str) -> Text:
    """Either of the two may be the typo: say both ways out."""
    prefix, _, name = service.partition(".")
    if not name:
        return msg("", "")
    return msg(
        f"; tulis `sector: {prefix}`, atau ganti id layanan menjadi `{sector}.{name}`",
        f"; write `sector: {prefix}`, or rename the service `{sector}.{name}`",
    )


def check_issuer(s: Subject) -> Iterator[Problem]:
    """`issuer` names a declared agency whose letter asks only for what the service has."""
    issuer_id = s.data.get("issuer")
    if issuer_id is not None and issuer_id not in s.context.issuers:
        yield Problem(
            ("issuer",),
            "UNKNOWN_ISSUER",
            msg(
                f"penerbit `{issuer_id}` tidak dideklarasikan di "
                f"definitions/issuers/ (yang ada: {_listing(s.context.issuers).id})",
                f"no issuer `{issuer_id}` is declared in definitions/issuers/ "
                f"(declared: {_listing(s.context.issuers).en})",
            )
            + s.hints.hint(str(issuer_id), s.context.issuers),
        )
        return
    if "extends" not in s.data and not s.data.get("provider") and issuer_id is None:
        yield Problem(
            (),
            "MISSING_KEY",
            msg(
                "kunci wajib `issuer` tidak ada di tingkat teratas: instansi penerbit "
                "yang dideklarasikan di definitions/issuers/ (atau `provider` untuk plugin)",
                "`issuer` is missing at the top level: the issuing agency "
                "declared in definitions/issuers/ (or `provider` for a plugin)",
            ),
        )
    types = {name: str(item.get("type")) for name, item in s.index.fields.items()}
    written_letter = s.data.get("letter")
    own: Mapping[str, Any] = written_letter if isinstance(written_letter, dict) else {}
    yield from _own_letter_problems(s, own, types)
    written, key = (issuer_id, "issuer") if issuer_id is not None else (s.data.get("provider"), "provider")
    issuer = s.context.issuers.get(str(written)) if written is not None else None
    if issuer is None:
        return
    for name in unknown_letter_placeholders(issuer, types, skip=tuple(k for k in ("title", "body") if own.get(k))):
        yield Problem(
            (key,),
            "UNKNOWN_PLACEHOLDER",
            msg(
                f"surat penerbit `{issuer.id}` memakai `{{{name}}}`, yang "
                f"bukan kolom tingkat teratas layanan ini ({issuer.source_file})",
                f"the letter of issuer `{issuer.id}` uses `{{{name}}}`, which "
                f"is not a top-level field of this service ({issuer.source_file})",
            )
            + s.hints.hint(name, [n for n, t in types.items() if t != "group"]),
        )


def _own_letter_problems(s: Subject, letter: Mapping[str, Any], types: Mapping[str, str]) -> Iterator[Problem]:
    """The service's own letter (`letter:`): placeholder names, each a built-in one or a top-level field."""
    yield from letter_name_problems(letter, ("holder", "title", "body"))
    for key in ("holder", "title", "body"):
        for path, part in text_parts(letter.get(key), ("letter", key)):
            for name, offset in placeholders(part):
                if unknown_placeholder(name, types):
                    yield Problem(
                        path,
                        "UNKNOWN_PLACEHOLDER",
                        msg(
                            f"`{{{name}}}` bukan kolom tingkat teratas layanan ini, bukan pula salah satu dari "
                            f"{listed_letter_placeholders()}",
                            f"`{{{name}}}` is neither a top-level field of this service nor one of "
                            f"{listed_letter_placeholders()}",
                        )
                        + s.hints.hint(name, [n for n, t in types.items() if t != "group"]),
                        offset=offset,
                    )


TEXT_KEYS = frozenset(
    {
        "title",
        "summary",
        "label",
        "hint",
        "intro",
        "message",
        "product",
        "body",  # a service's own letter
        "fee_basis",
        "pattern_message",
        *_STANDARD_TEXTS,
    }
)
TEXT_LISTS = frozenset({"requirements", "procedure"})  # legal_basis holds official names, not translated


def check_bilingual(s: Subject) -> Iterator[Problem]:
    yield from _bilingual(s.data, ())


def _bilingual(node: Any, path: Path) -> Iterator[Problem]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_KEYS and not isinstance(value, (list, bool)):
                yield from _one_text(value, path + (key,))
            elif key in TEXT_LISTS and isinstance(value, list):
                for i, item in enumerate(value):
                    yield from _one_text(item, path + (key, i))
            elif key == "options" and isinstance(value, dict):
                for code, text in value.items():
                    yield from _one_text(text, path + (key, code))
            elif isinstance(value, (dict, list)) and key not in ("prefill", "notify", "legal_basis"):
                yield from _bilingual(value, path + (key,))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _bilingual(item, path + (i,))


def _one_text(value: Any, path: Path) -> Iterator[Problem]:
    if isinstance(value, str) or (isinstance(value, dict) and "en" not in value):
        shown = value if isinstance(value, str) else value.get("id", "")
        yield Problem(
            path,
            "NOT_BILINGUAL",
            msg(
                f"`{str(shown)[:40]}` belum memiliki teks bahasa Inggris; tulis {{id: ..., en: ...}}",
                f"`{str(shown)[:40]}` has no English text; write {{id: ..., en: ...}}",
            ),
        )


CHECKS: tuple[Check, ...] = (
    check_unique_ids,
    check_complete_items,
    check_field_keys,
    check_prefill,
    check_expressions,
    check_steps,
    check_standard,
    check_documents,
    check_plugins_and_regions,
    check_issuer,
    check_bilingual,
)


def semantic_problems(subject: Subject) -> Iterator[Problem]:
    for check in CHECKS:
        yield from check(subject)
