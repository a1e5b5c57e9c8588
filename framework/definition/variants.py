"""Resolving `extends`: a variant (or a profession built on a national template)
merged onto its template.

Merging is by id: an item with a template's id overrides keys of that item;
a new item is appended, or placed with `before:`/`after:`; `remove:` drops
optional items. Lists in the service standard (requirements, legal basis,
procedure) are extended, never replaced, so a region cannot silently publish
fewer requirements than the nation.

What a variant may change is judged in tightening.py, on the variant merged
with its template; each refusal points into the variant file, where the
author wrote the change.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from framework.definition.errors import Problem
from framework.definition.index import Path, path_of, removal_of, walk_fields, walk_list
from framework.definition.messages import Hints, Text, msg, named
from framework.definition.tightening import TEMPLATE_RULES, Difference, differences

_NOT_INHERITED = frozenset({"template", "remove"})
_EXTENDED_LISTS = frozenset({"legal_basis", "requirements", "procedure"})


def merge(base: Mapping[str, Any], variant: Mapping[str, Any]) -> dict[str, Any]:
    """The variant applied to a deep copy of its (already resolved) template."""
    merged = {k: copy.deepcopy(v) for k, v in base.items() if k not in _NOT_INHERITED}
    for key, value in variant.items():
        if key in ("pages", "documents", "steps", "rules"):
            merged[key] = _merge_items(merged.get(key, []), value, nested="fields" if key == "pages" else None)
        elif key == "standard":
            merged[key] = _merge_standard(merged.get(key, {}), value)
        elif key in ("prefill", "notify"):
            merged[key] = {**merged.get(key, {}), **copy.deepcopy(value)}
        elif key != "remove":
            merged[key] = copy.deepcopy(value)
    _remove(merged, variant.get("remove") or [])
    return merged


def _merge_standard(base: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(copy.deepcopy(base))
    for key, value in own.items():
        if key in _EXTENDED_LISTS:
            existing = result.get(key, [])
            result[key] = existing + [v for v in copy.deepcopy(value) if v not in existing]
        else:
            result[key] = copy.deepcopy(value)
    return result


def _merge_items(base: list[dict[str, Any]], own: list[dict[str, Any]], nested: str | None) -> list[dict[str, Any]]:
    items = [copy.deepcopy(i) for i in base]
    for item in own:
        item = copy.deepcopy(item)
        position: dict[str, Any] = {k: item.pop(k) for k in ("before", "after") if k in item}
        existing = next((i for i in items if "id" in item and i.get("id") == item["id"]), None)
        if existing is not None:
            for key, value in item.items():
                if nested and key == nested:
                    existing[key] = _merge_items(existing.get(key, []), value, None)
                else:
                    existing[key] = value
            continue
        if nested and nested in item:
            item[nested] = [{k: v for k, v in child.items() if k not in ("before", "after")} for child in item[nested]]
        _insert(items, item, position)
    return items


def placed(base: list[dict[str, Any]], own: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``own`` merged onto ``base``, one list deep, exactly as ``merge`` merges a variant's pages, documents, steps,
    rules and an adapted page's fields.

    Why public: the builder shows and moves a variant's entries where the
    citizen will see them; an order worked out anywhere else would drift
    from this one.
    """
    return _merge_items(base, own, None)


def _insert(items: list[dict[str, Any]], item: dict[str, Any], position: Mapping[str, Any]) -> None:
    ids = [i.get("id") for i in items]
    before, after = position.get("before"), position.get("after")
    if before is not None and before in ids:  # items without an id (rules) have None
        items.insert(ids.index(before), item)
    elif after is not None and after in ids:
        items.insert(ids.index(after) + 1, item)
    else:
        items.append(item)


def _remove(merged: dict[str, Any], ids: list[str]) -> None:
    drop = set(ids)
    for key in ("pages", "documents"):
        merged[key] = [i for i in merged.get(key, []) if i.get("id") not in drop]
    for page in merged.get("pages", []):
        page["fields"] = [f for f in page.get("fields", []) if f.get("id") not in drop]


# --- the rules a variant must keep -------------------------------------------------


def variant_problems(
    base: Mapping[str, Any],
    variant: Mapping[str, Any],
    merged: Mapping[str, Any],
    base_is_template: bool,
    judge: bool = True,
    signatory: str | None = None,
) -> Iterator[Problem]:
    """What is wrong with ``variant`` (its own data) as an adaptation of ``base`` (resolved).

    ``merged`` is the variant applied to its base; every difference between
    the two is judged (tightening.py) and a loosening one refused, pointing
    into the variant file. ``judge=False`` leaves the judging to the caller
    (`mpp diff` shows loosening changes instead of refusing to compare).
    ``signatory``: the role that signs the service's documents (its issuer's).
    """
    if not base_is_template and "region" not in variant:
        yield Problem(
            ("extends",),
            "VARIANT_NEEDS_REGION",
            msg(
                f"`{variant.get('extends')}` adalah layanan nasional, jadi "
                f"ini varian daerah: tambahkan `region: <kode kabupaten/kota>`",
                f"`{variant.get('extends')}` is a national service, so this "
                f"is a regional variant: add `region: <kabupaten/kota code>`",
            ),
            at="key",
        )
    if not base_is_template and isinstance(base.get("region"), str):
        yield _of_a_variant(base, variant)
    misplaced = list(_misplaced_fields(base, variant))
    yield from misplaced
    yield from _positions(base, variant)
    yield from _removals(base, variant)
    yield from _after_the_signature(base, variant, merged, signatory)
    if judge and not misplaced:  # a misplaced field reads as a new one: "its type changed", "no longer required"
        yield from _loosening(base, variant, merged, base_is_template)


def _after_the_signature(
    base: Mapping[str, Any], variant: Mapping[str, Any], merged: Mapping[str, Any], signatory: str | None
) -> Iterator[Problem]:
    """A step of the variant's own placed after the template's last step, where the signatory signs.

    Why refused: where the template's chain ends with the issuer's signatory
    (the head of office), approving that step is the document's electronic
    signature (signature_step.py). A step after it would take the signature
    away from the head, and could still return an application whose
    document was signed. A new last step after a step of someone else (a
    head of office approving after the template's operator) only adds an
    approval, and stays allowed.
    """
    template_steps = [step for step in base.get("steps") or [] if isinstance(step, dict)]
    steps = [step.get("id") for step in merged.get("steps") or [] if isinstance(step, dict)]
    if not template_steps or signatory is None or template_steps[-1].get("role") != signatory:
        return
    last = template_steps[-1].get("id")
    if last not in steps or steps[-1] == last:
        return
    later = set(steps[steps.index(last) + 1 :])
    for path, item in walk_list(variant, "steps"):
        if item.get("id") in later:
            yield Problem(
                path + (("after",) if "after" in item else ("id",)),
                "VARIANT_STEP_AFTER_SIGNATURE",
                msg(
                    f"tahap `{item.get('id')}` berada setelah `{last}`, tahap `{signatory}` yang menandatangani "
                    f"dokumen: sesudah tanda tangan tidak ada lagi yang boleh mengubah atau mengembalikan "
                    f"permohonan, jadi tahap baru ditempatkan sebelumnya: tulis `before: {last}`",
                    f"step `{item.get('id')}` comes after `{last}`, where `{signatory}` signs the document: "
                    f"after the signature nothing may change or return the application, so a new step goes "
                    f"before it: write `before: {last}`",
                ),
                at="key" if "after" in item else "value",
            )


def _misplaced_fields(base: Mapping[str, Any], variant: Mapping[str, Any]) -> Iterator[Problem]:
    """A template field adapted under another page than its own: merged, it would be a second field of that id."""
    home = {
        field.get("id"): page.get("id")
        for page in base.get("pages") or []
        for field in page.get("fields") or []
        if isinstance(field, dict)
    }
    for i, page in enumerate(variant.get("pages") or []):
        for j, field in enumerate(page.get("fields") or [] if isinstance(page, dict) else []):
            owner = home.get(field.get("id")) if isinstance(field, dict) else None
            if owner is not None and owner != page.get("id"):
                yield Problem(
                    ("pages", i, "fields", j, "id"),
                    "DUPLICATE_ID",
                    msg(
                        f"kolom `{field['id']}` ada di halaman `{owner}` templat; untuk mengubahnya tulis di bawah "
                        f"`- id: {owner}`, untuk kolom baru pakai id lain",
                        f"field `{field['id']}` is on page `{owner}` of the template; to adapt it write it under "
                        f"`- id: {owner}`, for a new field use another id",
                    ),
                )


def _of_a_variant(base: Mapping[str, Any], variant: Mapping[str, Any]) -> Problem:
    """A variant of another region's variant is offered to nobody: a citizen of a region files the variant
    of the national service, and the catalog lists national services only. Point at the national one.
    """
    parent, national = variant.get("extends"), base.get("extends")
    return Problem(
        ("extends",),
        "VARIANT_OF_VARIANT",
        msg(
            f"`{parent}` adalah varian daerah `{base['region']}`, bukan layanan nasional; varian daerah "
            f"memperluas layanan nasionalnya: tulis `extends: {national}`",
            f"`{parent}` is the variant of region `{base['region']}`, not a national service; a regional "
            f"variant extends the national service: write `extends: {national}`",
        ),
    )


def _loosening(
    base: Mapping[str, Any], variant: Mapping[str, Any], merged: Mapping[str, Any], base_is_template: bool
) -> Iterator[Problem]:
    """Every refused difference, once per place and code (a dropped page and its fields are one problem).

    A national service built on a template keeps only the template's hard
    rules (``TEMPLATE_RULES``): the ministry writes it. A *regional* file is
    a regional variant whatever it extends (the language: `extends` and
    `region`), so one built straight on a template is held to every rule a
    variant of the national service is; otherwise a region could publish a
    looser copy of a national licence by skipping the national service.
    """
    only_hard_rules = base_is_template and "region" not in variant
    seen: set[tuple[Path, str]] = set()
    for difference in differences(base, merged):
        code = difference.code  # a loosening always carries its code
        if code is None or not difference.refused or (only_hard_rules and code not in TEMPLATE_RULES):
            continue
        path = _place(base, variant, difference)
        if (path, code) not in seen:
            seen.add((path, code))
            yield Problem(path, code, difference.reason)


def _place(base: Mapping[str, Any], variant: Mapping[str, Any], difference: Difference) -> Path:
    """Where in the variant file the difference was written."""
    if difference.change == "removed":
        name = difference.item.rsplit(".", 1)[-1]
        found = removal_of(variant, name, *_pages_holding(base, name)) or path_of(
            variant, difference.kind, difference.item
        )
    else:
        found = path_of(variant, difference.kind, difference.item, difference.attribute)
    return found or ("extends",)


def _pages_holding(base: Mapping[str, Any], field_id: str) -> list[str]:
    return [p["id"] for p in base.get("pages", []) if field_id in _ids(p.get("fields"))]


def _ids(items: Any) -> set[str]:
    return {str(i["id"]) for i in items or [] if isinstance(i, dict) and "id" in i}


def _base_fields(base: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {f.field["id"]: f.field for f in walk_fields(base) if f.group is None and "id" in f.field}


def _positions(base: Mapping[str, Any], variant: Mapping[str, Any]) -> Iterator[Problem]:
    """`before`/`after` that name nothing, or that the merge would not apply (and so would be silently ignored)."""
    for key in ("pages", "documents", "steps", "rules"):
        adapted = _ids(base.get(key))
        known = adapted | _ids(variant.get(key))
        for path, item in walk_list(variant, key):
            yield from _position_refs(path, item, known, adapted, key[:-1])
    base_pages = {p.get("id"): p for p in base.get("pages", [])}
    for page_path, page in walk_list(variant, "pages"):
        home = base_pages.get(page.get("id"))
        fields = page.get("fields") or []
        adapted = _ids(home.get("fields")) if home is not None else set()
        known = adapted | _ids(fields)
        for i, item in enumerate(fields):
            if not isinstance(item, dict):
                continue
            if home is None:  # the variant's own page: its fields come in the order written
                yield from _ignored_positions(page_path + ("fields", i), item, _own_page_order)
            else:
                yield from _position_refs(page_path + ("fields", i), item, known, adapted, "field")


def _position_refs(
    path: Path, item: Mapping[str, Any], known: set[str], adapted: set[str], kind: str
) -> Iterator[Problem]:
    if item.get("id") in adapted:  # merged in the template's place: a position would be ignored
        yield from _ignored_positions(path, item, _adapted_keeps_place)
        return
    for key in ("before", "after"):
        target = item.get(key)
        if target is not None and target not in known:
            yield Problem(
                path + (key,),
                "BAD_POSITION",
                msg(
                    f"`{key}: {target}`: tidak ada {named(kind, target).id} di sini",
                    f"`{key}: {target}`: there is no {named(kind, target).en} here",
                )
                + Hints().hint(str(target), known),  # `pemeriksaan_berkass`: a typo of a step here
            )


def _adapted_keeps_place(key: str) -> Text:
    return msg(
        f"butir templat yang diubah tetap di tempatnya dalam templat; `{key}` hanya menempatkan butir baru milik "
        f"varian: hapus `{key}` (untuk urutan lain, hapus butirnya dengan `remove:` dan tambahkan butir baru)",
        f"an adapted template item keeps its place in the template; `{key}` only places the variant's own new "
        f"items: delete `{key}` (for another order, `remove:` the item and add a new one)",
    )


def _own_page_order(key: str) -> Text:
    return msg(
        f"halaman ini milik varian sendiri, jadi isiannya tampil dalam urutan penulisan: "
        f"pindahkan isian ke tempat yang diinginkan dan hapus `{key}`",
        f"this page is the variant's own, so its fields come in the order written: "
        f"move the field where it belongs and delete `{key}`",
    )


def _ignored_positions(path: Path, item: Mapping[str, Any], why: Callable[[str], Text]) -> Iterator[Problem]:
    """A refusal at each `before`/`after` of ``item`` that the merge would not apply."""
    for key in ("before", "after"):
        if key in item:
            yield Problem(path + (key,), "BAD_POSITION", why(key), at="key")


def unplaced_positions(data: Mapping[str, Any]) -> Iterator[Problem]:
    """`before`/`after`/`remove` in a file that extends nothing: nothing is merged, so they would be ignored.

    The author means to reorder (or drop) something; in a file of its own the
    order is the order written, and silence would publish another order.
    """
    if "remove" in data:
        yield Problem(("remove",), "BAD_POSITION", _only_when_extending("remove"), at="key")
    places = [(path, item) for key in ("pages", "documents", "steps", "rules") for path, item in walk_list(data, key)]
    places += [(at.path, at.field) for at in walk_fields(data)]
    for path, item in places:
        for key in ("before", "after"):
            if key in item:
                yield Problem(path + (key,), "BAD_POSITION", _only_when_extending(key), at="key")


def _only_when_extending(key: str) -> Text:
    return msg(
        f"`{key}` hanya berlaku dalam berkas yang memakai `extends`; di sini urutannya adalah urutan penulisan: "
        f"pindahkan butirnya ke tempat yang diinginkan (atau hapus butirnya)",
        f"`{key}` only applies in a file with `extends`; here the order is the order written: "
        f"move the item where it belongs (or delete it)",
    )


def _removals(base: Mapping[str, Any], variant: Mapping[str, Any]) -> Iterator[Problem]:
    """What `remove:` names: a step (never removable), nothing the template has, or a field still in use.

    Whether a removed field, page or document was required is judged with
    every other difference (``_loosening``).
    """
    fields = _base_fields(base)
    pages = _ids(base.get("pages"))
    documents = _ids(base.get("documents"))
    steps = _ids(base.get("steps"))
    for i, item_id in enumerate(variant.get("remove") or []):
        path: Path = ("remove", i)
        if item_id in steps:
            yield Problem(
                path,
                "VARIANT_DROPS_REQUIRED",
                msg(
                    f"tahap `{item_id}` tidak dapat dihapus: varian mempertahankan "
                    f"rantai persetujuan templat (boleh menambah tahap)",
                    f"step `{item_id}` cannot be removed: a variant keeps "
                    f"the template's approval chain (it may add steps)",
                ),
            )
        elif item_id not in fields and item_id not in documents and item_id not in pages:
            yield Problem(
                path,
                "BAD_POSITION",
                msg(
                    f"`{item_id}` bukan kolom, halaman, atau dokumen templat",
                    f"`{item_id}` is not a field, page or document of the template",
                ),
            )
        else:
            yield from _still_used(base, variant, path, item_id)


def _still_used(base: Mapping[str, Any], variant: Mapping[str, Any], path: Path, item_id: str) -> Iterator[Problem]:
    """A removed field (or a removed page's field) that a remaining condition, rule or lookup uses."""
    removed = set(variant.get("remove") or [])
    pages = {p.get("id"): p for p in base.get("pages", [])}
    dropped = {f.get("id") for f in pages[item_id].get("fields", [])} if item_id in pages else {item_id}
    for user, names in _field_users(base):
        if names & dropped and user[1] not in removed:
            field_id = min(names & dropped)
            yield Problem(
                path,
                "VARIANT_DROPS_REQUIRED",
                msg(
                    f"`{field_id}` tidak dapat dihapus: {user[0].id} "
                    f"`{user[1]}` pada templat memakainya; hapus atau ubah juga",
                    f"`{field_id}` cannot be removed: {user[0].en} `{user[1]}` "
                    f"of the template uses it; remove or change that too",
                ),
            )
            return


def _field_users(base: Mapping[str, Any]) -> Iterator[tuple[tuple[Text, str], set[str]]]:
    """(what, its id) and the fields it reads, for every condition, rule and lookup of the template."""
    from framework.expressions import ExpressionError, compile_expression

    names = {str(f.field["id"]) for f in walk_fields(base) if "id" in f.field}

    def read(source: Any) -> set[str]:
        try:
            return set(compile_expression(source, names).names)
        except ExpressionError:
            return set()

    for at in walk_fields(base):
        if "when" in at.field:
            yield (msg("kondisi kolom", "the condition of field"), str(at.field.get("id"))), read(at.field["when"])
    for key, kind in (
        ("pages", msg("kondisi halaman", "the condition of page")),
        ("documents", msg("kondisi dokumen", "the condition of document")),
    ):
        for _path, item in walk_list(base, key):
            if "when" in item:
                yield (kind, str(item.get("id"))), read(item["when"])
    for number, (_path, rule) in enumerate(walk_list(base, "rules")):
        used = read(rule.get("when")) | ({rule["field"]} if isinstance(rule.get("field"), str) else set())
        yield (msg("aturan", "rule"), str(rule.get("id") or number + 1)), used
    for name, lookup in (base.get("prefill") or {}).items():
        key = str(lookup.get("by", "")) if isinstance(lookup, dict) else ""
        if key.startswith("field."):
            yield (msg("lookup", "lookup"), name), {key[len("field.") :]}
