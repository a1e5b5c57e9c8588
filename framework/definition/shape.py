"""Checking a definition's shape against the meta-schema.

jsonschema finds *all* errors (``iter_errors``); this module turns each into a
:class:`Problem` with a stable code and a message written for the person who
wrote the YAML: which key, in which field or page, what was expected, and a
"did you mean" for typos.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from framework.definition.errors import Problem
from framework.definition.messages import EMPTY, Hints, Text, did_you_mean, join, msg, named, noun
from framework.definition.metaschema import ID_PATTERN, codelist_schema, issuer_schema, metaschema
from framework.definition.remedies import (
    date_bound_message,
    format_hint,
    id_hint,
    key_for_word,
    meant_key,
    unknown_key_hint,
    wrong_type_hint,
    yaml_value,
)

_CODES = {
    "required": "MISSING_KEY",
    "additionalProperties": "UNKNOWN_KEY",
    "type": "WRONG_TYPE",
    "enum": "BAD_VALUE",
    "const": "BAD_VALUE",
    "pattern": "BAD_FORMAT",
    "minimum": "OUT_OF_RANGE",
    "maximum": "OUT_OF_RANGE",
    "exclusiveMinimum": "OUT_OF_RANGE",
    "minItems": "TOO_FEW",
    "minLength": "TOO_FEW",
    "minProperties": "TOO_FEW",
    "maxItems": "TOO_MANY",
    "maxLength": "TOO_MANY",
    "uniqueItems": "BAD_VALUE",
}

_TYPE_WORDS = {
    "object": msg("pemetaan (kunci: nilai)", "a mapping (key: value)"),
    "array": msg("daftar", "a list"),
    "string": msg("teks", "a text"),
    "integer": msg("bilangan bulat", "a whole number"),
    "number": msg("angka", "a number"),
    "boolean": msg("true atau false", "true or false"),
    "null": msg("kosong", "null"),
}


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "definition": metaschema,
    "codelist": codelist_schema,
    "issuer": issuer_schema,
}


@functools.cache
def validator(kind: str = "definition") -> Draft202012Validator:
    """The validator of one kind of file; its schema is checked against JSON Schema by the tests, not at
    every start (that took about a tenth of a second of each `mpp validate` that found a problem)."""
    return Draft202012Validator(SCHEMAS.get(kind, metaschema)())


# From this many files on, compiling the schema to Python (about 0.1 s, once)
# pays for itself: a valid definition then passes in about 0.5 ms instead of 3.
FAST_SCHEMA_MIN_FILES = 20


@functools.cache
def fast_validator(kind: str = "definition") -> Callable[[Any], Any] | None:
    """The schema compiled by fastjsonschema, or None when it is not installed.

    It only ever says "valid" quickly: a file it rejects is checked again by
    jsonschema, whose ``iter_errors`` reports every problem. Our schema uses
    nothing whose meaning differs between draft-07 (what fastjsonschema
    implements) and 2020-12: ``$ref`` siblings are only descriptions, and
    ``items`` is always a single schema.
    """
    try:
        import fastjsonschema
    except ImportError:  # pragma: no cover - a dependency; jsonschema alone is correct, just slower
        return None
    schema = dict(SCHEMAS.get(kind, metaschema)())
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    compiled = fastjsonschema.compile(schema)

    def accepts(data: Any) -> bool:
        try:
            compiled(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return accepts


def shape_problems(
    data: dict[str, Any], kind: str = "definition", fast: bool = False, hints: Hints | None = None
) -> Iterator[Problem]:
    """Every shape problem of ``data`` (all of them, each once); ``kind``: definition, codelist or issuer.

    ``fast``: first ask the compiled validator, which passes valid data in a fraction of the time.
    ``hints``: the file's budget of "did you mean" hints.
    """
    if fast and not _unknown_top_keys(data, kind) and (accepts := fast_validator(kind)) is not None and accepts(data):
        return
    hints = hints or Hints()
    seen: set[tuple] = set()
    for error in validator(kind).iter_errors(data):
        bound = _date_bound(tuple(error.absolute_path), data) if error.validator == "type" else None
        for problem in [bound] if bound is not None else _problems(_specific(error), data, hints):
            # jsonschema reports `required` once per missing key, each error
            # naming the whole list: the same problem comes back several times
            if (problem.path, problem.code, problem.message) not in seen:
                seen.add((problem.path, problem.code, problem.message))
                yield problem


def _unknown_top_keys(data: Any, kind: str) -> bool:
    """A top-level key the schema does not know: the file is invalid, so compiling the fast validator
    (a tenth of a second, once per process) could not pay for itself on it."""
    schema = SCHEMAS.get(kind, metaschema)()
    if not isinstance(data, dict) or schema.get("additionalProperties") is not False:
        return False
    return not data.keys() <= schema.get("properties", {}).keys()


def _specific(error: ValidationError) -> ValidationError:
    """For anyOf/oneOf, the branch error that explains most."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        if _is_text_schema(error.schema) and not isinstance(error.instance, (str, dict)):
            return error
        if _is_text_schema(error.schema) and isinstance(error.instance, dict):
            # `{id: ..., en: }`: what is wrong is inside the mapping, not that it is no string
            inside = [
                e for e in error.context if e.relative_path or e.validator in ("required", "additionalProperties")
            ]
            return best_match(inside) or error if inside else error
        candidates = [e for e in error.context if e.validator != "type"] or list(error.context)
        return best_match(candidates) or error
    return error


def _within_key(path: tuple[str | int, ...]) -> Text:
    """ "in `title` " when a key's own mapping is meant (`title: {en: x}` lacks its `id`), not the page's."""
    if len(path) > 1 and isinstance(path[-1], str) and path[-2] != "prefill":
        return msg(f"pada `{path[-1]}` ", f"in `{path[-1]}` ")
    return EMPTY


def _date_bound(path: tuple[str | int, ...], root: dict[str, Any]) -> Problem | None:
    """`min: 2027-01-01` on a date field: the key is what is wrong (as for `min: 0`), not the value's type."""
    if len(path) < 2 or path[-1] not in ("min", "max") or "fields" not in path:
        return None
    item: Any = root
    for step in path[:-1]:
        try:
            item = item[step]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(item, dict) or item.get("type") != "date":
        return None
    return Problem(path, "KEY_NOT_FOR_TYPE", date_bound_message(item.get("id"), str(path[-1])), at="key")


def _is_text_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and any(b.get("type") == "string" for b in schema.get("anyOf", []))


def _problems(error: ValidationError, root: dict[str, Any], hints: Hints) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    where = describe(path, root)
    kind = error.validator
    if kind in ("additionalProperties", "required"):
        where = _within_key(path) + where
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for key in _extra_keys(error):
            if key is None:
                yield Problem(
                    path + (key,),
                    "UNKNOWN_KEY",
                    msg(f"kunci tidak ada sebelum `:` {where.id}", f"a key is missing before `:` {where.en}"),
                    at="key",
                )
            else:
                yield Problem(
                    path + (key,),
                    "UNKNOWN_KEY",
                    msg(f"kunci `{key}` tidak dikenal {where.id}", f"unknown key `{key}` {where.en}")
                    + _unknown_key_remedy(str(key), error.instance.get(key), allowed, hints, top=not path),
                    at="key",
                )
        return
    if kind == "required":
        yield from _missing(error, path, where)
        return
    if kind in ("anyOf", "oneOf") and _is_text_schema(error.schema):
        yield Problem(
            path,
            "WRONG_TYPE",
            msg(
                f"diharapkan teks {where.id}: sebuah string, atau `{{id: ..., en: ...}}`",
                f"expected a text {where.en}: a string, or `{{id: ..., en: ...}}`",
            ),
        )
        return
    if kind in ("enum", "const"):
        allowed = [str(v) for v in error.validator_value] if kind == "enum" else [str(error.validator_value)]
        value = str(error.instance)
        listed = ", ".join(allowed)
        yield Problem(
            path,
            "BAD_VALUE",
            msg(
                f"nilai `{value}` tidak diizinkan {where.id}; gunakan salah satu dari: {listed}",
                f"`{value}` is not allowed {where.en}; use one of: {listed}",
            )
            + _did_you_mean(value, allowed, hints),
        )
        return
    if kind == "type":
        expected = error.validator_value
        types = [expected] if isinstance(expected, str) else expected
        words = [_TYPE_WORDS.get(t) or msg(t, t) for t in types]
        found = _kind_of(error.instance)
        named = path[-1] if path and isinstance(path[-1], str) and "propertyNames" not in error.schema_path else None
        if named is not None:  # name the key: "`fee` in `standard`", not only "in `standard`"
            where = msg(f"`{named}` ", f"`{named}` ") + _within_key(path[:-1]) + describe(path[:-1], root) + ":"
        yield Problem(
            path,
            "WRONG_TYPE",
            msg(
                f"{where.id} diharapkan {join(words, ' atau ').id}, ditemukan {found.id}",
                f"{where.en} expected {join(words, ' or ').en}, found {found.en}",
            )
            + wrong_type_hint(named, types, error.instance),
        )
        return
    if kind == "pattern":
        description = error.schema.get("description", "")
        shown = f"`{error.instance}`"
        key = next((step for step in reversed(path) if isinstance(step, str)), "")
        remedy = (
            id_hint(key, error.instance) if error.validator_value == ID_PATTERN else format_hint(key, error.instance)
        )
        if description:
            yield Problem(
                path,
                "BAD_FORMAT",
                msg(
                    f"format {shown} salah {where.id}{_meaning(key)}",
                    f"{shown} has the wrong format {where.en}: {_first_sentence(description)}",
                )
                + remedy,
            )
        else:
            yield Problem(
                path,
                "BAD_FORMAT",
                msg(
                    f"format {shown} salah {where.id} (harus cocok dengan {error.validator_value})",
                    f"{shown} has the wrong format {where.en} (must match {error.validator_value})",
                ),
            )
        return
    if kind == "propertyNames":
        yield Problem(
            path,
            "BAD_FORMAT",
            msg(
                f"`{error.instance}` bukan nama yang sah {where.id}: gunakan huruf kecil, angka, dan `_`",
                f"`{error.instance}` is not a valid name {where.en}: use lower case letters, digits and `_`",
            ),
        )
        return
    code = _CODES.get(kind, "WRONG_TYPE")
    if kind in _LIMITS:
        owner = describe(path[:-1], root)  # "`version` at the top level", not "in `version`"
        name, limit, measure = _key_name(path), _LIMITS[kind], _measure(error.instance)
        bound = error.validator_value
        yield Problem(
            path,
            code,
            msg(
                f"{name.id} {owner.id} harus {limit.id.format(limit=bound)}; ditemukan {measure.id}",
                f"{name.en} {owner.en} must be {limit.get('en').format(limit=bound)}; found {measure.en}",
            ),
        )
        return
    if kind == "uniqueItems" and isinstance(error.instance, list):
        twice = sorted({str(v) for i, v in enumerate(error.instance) if v in error.instance[:i]})
        listed = ", ".join(f"`{v}`" for v in twice)
        yield Problem(
            path,
            code,
            msg(
                f"{listed} ditulis dua kali {where.id}; sebut setiap nilai sekali saja",
                f"{listed} is written twice {where.en}; name each value once",
            ),
        )
        return
    # a check without words of its own: the validator's English in the English message only
    detail = _clean(error.message)
    yield Problem(
        path,
        code,
        msg(
            f"nilai tidak sah {where.id}; periksa penulisannya dengan contoh di dokumentasi",
            f"{detail} {where.en}".strip(),
        ),
    )


_LIMITS = {
    "minLength": msg("sekurang-kurangnya {limit} karakter", "at least {limit} character(s) long"),
    "maxLength": msg("paling banyak {limit} karakter", "at most {limit} characters long"),
    "minItems": msg("daftar berisi sekurang-kurangnya {limit} butir", "a list of at least {limit} item(s)"),
    "maxItems": msg("daftar berisi paling banyak {limit} butir", "a list of at most {limit} items"),
    "minProperties": msg("pemetaan berisi sekurang-kurangnya {limit} entri", "a mapping of at least {limit} entry"),
    "minimum": msg("sekurang-kurangnya {limit}", "at least {limit}"),
    "maximum": msg("paling banyak {limit}", "at most {limit}"),
    "exclusiveMinimum": msg("lebih dari {limit}", "more than {limit}"),
}


# The meta-schema's descriptions are English (they are the editors' tooltips); what
# the keys an author most often forgets or misspells mean, in Indonesian.
_MEANINGS_ID = {
    "service": "id layanan yang unik secara nasional, `<sektor>.<nama>`, mis. `adminduk.akta-kelahiran`",
    "version": (
        "nomor versi, dinaikkan pada setiap perubahan yang diterbitkan; permohonan menyimpan versi saat diajukan"
    ),
    "by": (
        "kunci lookup: `applicant` (warga yang masuk), `field.<id kolom>` (NIK yang diketik di formulir) atau "
        "`field.<id grup>.<id kolom>` (NIK di setiap baris grup berulang)"
    ),
    "source": "plugin sumber prefill, mis. `ikd` (identitas kependudukan digital)",
    "codelist": "nama daftar kode: nama berkas tanpa `.yaml`, mis. `agama`",
    "items": "kode-kodenya, `KODE: {id: ..., en: ...}`, sesuai urutan ditawarkan",
    "when": "kondisi yang menggambarkan kesalahan, mis. `tanggal_lahir > today()`",
    "region": "untuk varian daerah: kode Kemendagri kabupaten/kota, mis. `73.12`",
    "extends": "id templat (atau layanan nasional) yang disesuaikan definisi ini",
    "field": "kolom tempat pesan ditampilkan (bawaan: kolom pertama yang disebut kondisi)",
    "issuer": "instansi penerbit yang dinyatakan di `definitions/issuers/`, mis. `dinsos-gowa`",
    "options_from": "daftar kode di bawah `definitions/`, mis. `codelists/agama`",
    "remove": "id kolom, halaman atau dokumen templat yang dibuang",
    "retention": "lama data pribadi disimpan setelah keputusan: `5y` (tahun), `18m` (bulan) atau `90d` (hari)",
    "role": "peran petugas yang bertindak, mis. `operator_dukcapil`",
    "sector": "sektor: `adminduk`, `nakes`, atau lainnya; id layanan diawali dengannya",
}


def _meaning(key: object) -> str:
    """ ": <what the key means>" in Indonesian, when the table knows the key."""
    meaning = _MEANINGS_ID.get(str(key))
    return f": {meaning}" if meaning else ""


def _key_name(path: tuple[str | int, ...]) -> Text:
    key = next((step for step in reversed(path) if isinstance(step, str)), None)
    return msg(f"`{key}`", f"`{key}`") if key else msg("nilainya", "the value")


def _measure(value: Any) -> Text:
    if isinstance(value, str):
        return msg(f"{len(value)} karakter", f"{len(value)} character(s)")
    if isinstance(value, (list, dict)):
        return msg(f"{len(value)} butir", f"{len(value)} item(s)")
    return _kind_of(value)


def _extra_keys(error: ValidationError) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    return [key for key in error.instance if key not in allowed]


def _missing(error: ValidationError, path: tuple[str | int, ...], where: Text) -> Iterator[Problem]:
    # the top level's conditional `required` (if/else) has no `properties` of its own
    properties = error.schema.get("properties") or (metaschema()["properties"] if not path else {})
    for key in _missing_keys(error):
        if _written_otherwise(key, error.instance, properties):
            continue  # `titel:` is one mistake: its UNKNOWN_KEY says "did you mean `title`?"
        description = properties.get(key, {}).get("description", "")
        about = f": {_first_sentence(description)}" if description else ""
        yield Problem(
            path,
            "MISSING_KEY",
            msg(f"kunci wajib `{key}` tidak ada {where.id}{_meaning(key)}", f"`{key}` is missing {where.en}{about}"),
            at="key" if path else "value",
        )


def _missing_keys(error: ValidationError) -> list[str]:
    return [key for key in error.validator_value if key not in error.instance]


def _written_otherwise(key: str, instance: Any, properties: dict[str, Any]) -> bool:
    """True when one of the mapping's unknown keys (the first few) is ``key`` misspelt."""
    unknown = [str(k) for k in instance if k not in properties][:10] if isinstance(instance, dict) else []
    return any(meant_key(written, properties) == key for written in unknown)


# Words an Indonesian author is likely to write for a value of the language.
SYNONYMS = {
    "teks": "text",
    "tulisan": "text",
    "paragraf": "textarea",
    "angka": "integer",
    "bilangan": "integer",
    "desimal": "decimal",
    "tanggal": "date",
    "pilihan": "choice",
    "pilihan_ganda": "multichoice",
    "ya_tidak": "boolean",
    "surel": "email",
    "telepon": "phone",
    "hp": "phone",
    "wilayah": "region",
    "kelompok": "group",
    "grup": "group",
    "pernyataan": "declaration",
    "setuju": "approve",
    "kembalikan": "return",
    "tolak": "reject",
    "provinsi": "province",
    "kabupaten": "regency",
    "kota": "regency",
    "kecamatan": "district",
    "desa": "village",
    "kelurahan": "village",
}


# a mapping of this few keys (`notify`'s events, `repeat`'s `min`/`max`) lists them all when none is close
FEW_KEYS = 10


def _did_you_mean(word: str, candidates: list[str], hints: Hints) -> Text:
    if hints.left <= 0:
        return EMPTY
    if SYNONYMS.get(word.lower()) in candidates:
        return did_you_mean(SYNONYMS[word.lower()])
    if word.lower() != word and word.lower() in candidates:  # `PDF`: the values are lower case
        return did_you_mean(word.lower())
    return hints.hint(word, candidates)


def _unknown_key_remedy(key: str, value: Any, allowed: list[str], hints: Hints, top: bool = False) -> Text:
    """What to write instead of an unknown key: its meaning, the close key, or (among few) every known key.

    At the top level, a key of the service standard (`fee: 5000`) is one
    level too high: the remedy is where it belongs, `standard: {fee: 5000}`.
    """
    remedy = unknown_key_hint(key, value, allowed)
    if remedy.id:
        return remedy
    if top and (under := _standard_remedy(key, value)).id:
        return under
    hint = _did_you_mean(key, allowed, hints)
    if hint.id or not 0 < len(allowed) <= FEW_KEYS:
        return hint
    listed = ", ".join(sorted(allowed))
    return msg(f"; yang dikenal: {listed}", f"; known: {listed}")


def _standard_remedy(key: str, value: Any) -> Text:
    """ "; did you mean `standard: {fee: 5000}`?" for a standard's key (or its Indonesian word) written at the top."""
    inner = metaschema()["properties"]["standard"]["properties"]
    meant = key if key in inner else key_for_word(key, inner)
    if meant not in inner:
        return EMPTY
    written = yaml_value(value) if isinstance(value, (str, int, float, bool)) and len(str(value)) <= 40 else "..."
    return msg(
        f"; `{meant}` adalah bagian standar pelayanan, maksud Anda `standard: {{{meant}: {written}}}`? (tulis di "
        f"bawah `standard:`)",
        f"; `{meant}` is part of the service standard, did you mean `standard: {{{meant}: {written}}}`? (write it "
        f"under `standard:`)",
    )


def _kind_of(value: Any) -> Text:
    if isinstance(value, bool):
        return msg("true/false", "true/false")
    if isinstance(value, dict):
        return msg("pemetaan", "a mapping")
    if isinstance(value, list):
        return msg("daftar", "a list")
    if isinstance(value, (int, float)):
        return msg(f"angka {value}", f"the number {value}")
    if value is None:
        return msg("kosong (tanpa nilai)", "nothing (empty value)")
    return msg(f"teks `{value}`", f"the text `{value}`")


def _first_sentence(text: str) -> str:
    return re.split(r"(?<!e\.g)(?<!i\.e)\. ", text)[0].rstrip(".")


def _clean(message: str) -> str:
    return message.replace("is not valid under any of the given schemas", "is not valid")


def describe(path: tuple[str | int, ...], root: Any) -> Text:
    """Name the place a path points at the way an author thinks of it.

    The innermost item comes first, its containers after it in parentheses:
    "in field `nama` (group `saudara`, page `anak`)" /
    "di kolom `nama` (kelompok `saudara`, halaman `anak`)".
    """
    node = root
    items: list[tuple[str, object]] = []
    parent: str | int | None = None
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(step, int) and isinstance(parent, str):
            kind = _KINDS.get(parent, "item")
            if kind == "field" and items and items[-1][0] == "field":
                items[-1] = ("group", items[-1][1])
            item_id = node.get("id") if isinstance(node, dict) else None
            items.append((kind, item_id if isinstance(item_id, str) else step + 1))
        elif parent == "prefill" and isinstance(step, str):
            items.append(("lookup", step))
        parent = step
    if items:
        names = [_item_name(kind, name) for kind, name in items]
        inner, outer = names[-1], names[-2::-1]
        around = msg(" (", " (") + join(outer) + ")" if outer else EMPTY
        return msg("di ", "in ") + inner + around
    return msg("di tingkat teratas", "at the top level") if not path else msg(f"di `{path[0]}`", f"in `{path[0]}`")


def _item_name(kind: str, name: object) -> Text:
    """ "field `nama`" for an item with an id, "requirement 2" for one without."""
    if isinstance(name, str):
        return named(kind, name)
    word = noun(kind)
    return msg(f"{word.id} {name}", f"{word.en} {name}")


_KINDS = {
    "fields": "field",
    "pages": "page",
    "documents": "document",
    "steps": "step",
    "rules": "rule",
    "requirements": "requirement",
    "procedure": "procedure step",
    "legal_basis": "legal basis",
}
