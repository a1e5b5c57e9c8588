"""`mpp import xlsform`: an XLSForm → a service definition, or located problems.

The pipeline, each stage small (as pyxform's read → normalise → build → emit):

1. read: ``xlsform_read.read_workbook`` (pyxform's reader; rows and cells located);
2. structure: rows → pages, fields, repeating groups, documents (:class:`_Structure`);
3. meaning: relevant/constraint XPath → ``when`` and ``rules`` over the form's names
   (``xlsform_conditions``); types, choices, bounds → field keys;
4. the rest of a definition: the `mpp` sheet, then ``--template``, then defaults;
5. emit: ``emit.to_yaml``.

Every problem is collected (sheet, row, column), never raised; the result
carries no definition when any problem is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyxform import aliases

from framework.authoring.problems import ImportProblem, has_errors
from framework.authoring.xlsform_conditions import Conditions
from framework.authoring.xlsform_read import SurveyRow, Workbook, problem, read_workbook
from framework.authoring.xpath import Symbol
from framework.core.text import Text, did_you_mean, msg
from framework.definition.metaschema import DOCUMENT_TYPES, FIELD_TYPES, ID_MAX_LENGTH, ID_PATTERN, SERVICE_ID_PATTERN

DOCUMENTS_GROUP = "unggah-dokumen"  # the portal's documents page; `mpp export xlsform` puts documents in this group
# XLSForm question type → definition field type
QUESTION_TYPES: dict[str, str] = {
    "text": "text",
    "string": "text",
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "select_one": "choice",
    "select_multiple": "multichoice",
    "acknowledge": "declaration",
}
# file questions → documents, with the file types accepted when `body::accept` does not say
DOCUMENT_QUESTIONS: dict[str, tuple[str, ...]] = {
    "file": ("pdf", "jpg", "png"),
    "image": ("jpg", "png"),
    "photo": ("jpg", "png"),
}
# rows that ask the citizen nothing: left out with a warning
SKIPPED = frozenset(
    {"calculate", "hidden", "start", "end", "today", "deviceid", "username", "phonenumber", "email", "simserial"}
    | {"subscriberid", "audit", "start-geopoint", "background-audio", "background-geopoint", "xml-external"}
)
# types with no counterpart, and what to use instead
UNSUPPORTED: dict[str, Text] = {
    "time": msg("pakai `text` dengan `pattern`, atau `date`", "use `text` with a `pattern`, or `date`"),
    "datetime": msg("pakai `date`", "use `date`"),
    "range": msg(
        "pakai `integer` dengan `constraint` `. >= a and . <= b`", "use `integer` with a `. >= a and . <= b` constraint"
    ),
    "rank": msg("pakai `select_multiple`", "use `select_multiple`"),
    "barcode": msg("pakai `text`", "use `text`"),
}
TYPE_ADVICE = msg(
    "bahasa definisi tidak mempunyai jenis ini; pakai text, integer, decimal, date, select_one, select_multiple, "
    "acknowledge, file/image, atau `mpp_type`",
    "the definition language has no such type; use text, integer, decimal, date, select_one, select_multiple, "
    "acknowledge, file/image, or `mpp_type`",
)
MPP_KEYS = ("title", "summary", "sector", "provider", "standard", "prefill", "rules", "steps", "notify")
TEMPLATE_KEYS = ("sector", "provider", "standard", "prefill", "steps", "notify")  # taken from --template
# what an XLSForm has no place for, when neither the `mpp` sheet nor --template says it
DEFAULTS: dict[str, Any] = {
    "sector": "umum",
    "provider": "dpmptsp",
    "standard": {"sla": "5d", "fee": 0, "complaints": "lapor"},
    "steps": [
        {
            "id": "verifikasi",
            "title": {"id": "Verifikasi berkas", "en": "Document check"},
            "role": "operator_dpmptsp",
            "sla": "3d",
            "actions": ["approve", "return", "reject"],
        }
    ],
}
DEFAULT_LOOKUP = {"source": "ikd", "by": "applicant"}
DEFAULT_REPEAT_MAX = 10
TOP_ORDER = (
    "service",
    "version",
    "title",
    "summary",
    "sector",
    "provider",
    "extends",
    "region",
    "template",
    "standard",
    "prefill",
    "pages",
    "documents",
    "rules",
    "steps",
    "notify",
)


@dataclass
class Imported:
    """The definition read from an XLSForm (None when a problem is an error), and every problem."""

    data: dict[str, Any] | None
    problems: list[ImportProblem]
    service: str = ""


# --- structure ------------------------------------------------------------------------------


@dataclass
class FieldNode:
    row: SurveyRow
    kind: str
    container: str | None = None  # the group or repeat it is in
    container_repeats: bool = False
    children: list[FieldNode] = field(default_factory=list)
    inherited: list[SurveyRow] = field(default_factory=list)  # flattened groups whose `relevant` also applies

    @property
    def repeats(self) -> bool:
        return self.row.type == "begin_repeat"


@dataclass
class PageNode:
    id: str
    row: SurveyRow | None  # None: questions outside any group
    fields: list[FieldNode] = field(default_factory=list)
    notes: list[SurveyRow] = field(default_factory=list)


@dataclass
class _Frame:
    kind: str  # root, page, group, repeat, documents, flat
    row: SurveyRow | None = None
    node: FieldNode | None = None


class _Structure:
    """Rows → pages, fields and documents, by the begin/end rows."""

    def __init__(self, workbook: Workbook, problems: list[ImportProblem]) -> None:
        self.workbook = workbook
        self.problems = problems
        self.pages: list[PageNode] = []
        self.documents: list[SurveyRow] = []
        self.stack: list[_Frame] = [_Frame("root")]

    def run(self) -> None:
        for row in self.workbook.survey:
            self.row(row)
        for frame in reversed(self.stack[1:]):
            self.report(frame.row, "type", "XLSFORM_STRUCTURE", _unclosed(frame))

    def report(self, row: SurveyRow | None, column: str, code: str, text: Text) -> None:
        number = row.number if row else 0
        self.problems.append(problem(self.workbook.at("survey", number, column), code, text))

    def row(self, row: SurveyRow) -> None:
        handler = {
            "begin_group": self.begin_group,
            "begin_repeat": self.begin_repeat,
            "end_group": self.end,
            "end_repeat": self.end,
            "note": self.note,
        }.get(row.type)
        if handler is not None:
            handler(row)
        elif row.type in DOCUMENT_QUESTIONS:
            self.document(row)
        elif row.type in QUESTION_TYPES:
            self.question(row)
        elif row.type in SKIPPED or not row.type:
            self.skip(row)
        else:
            advice = UNSUPPORTED.get(row.type, TYPE_ADVICE)
            self.report(
                row,
                "type",
                "XLSFORM_UNSUPPORTED_TYPE",
                msg(f"jenis `{row.raw_type}`: ", f"type `{row.raw_type}`: ") + advice,
            )

    @property
    def top(self) -> _Frame:
        return self.stack[-1]

    def page(self) -> PageNode:
        """The page questions go on: the open page group, or a page for questions outside any group."""
        for frame in reversed(self.stack):
            if frame.kind == "page" and frame.row is not None:
                return next(p for p in self.pages if p.row is frame.row)
        if not self.pages or self.pages[-1].row is not None:
            self.pages.append(PageNode(f"halaman_{len(self.pages) + 1}", None))
        return self.pages[-1]

    def begin_group(self, row: SurveyRow) -> None:
        kind = self.top.kind
        if kind == "root" and row.name == DOCUMENTS_GROUP:
            self.stack.append(_Frame("documents", row))
        elif kind == "root":
            self.pages.append(PageNode(row.name, row))
            self.stack.append(_Frame("page", row))
        elif kind == "page":
            node = FieldNode(row, "group")
            self.page().fields.append(node)
            self.stack.append(_Frame("group", row, node))
        else:  # a group in a group or repeat: its questions join the outer one, with its condition
            self.stack.append(_Frame("flat", row, self.container()))

    def begin_repeat(self, row: SurveyRow) -> None:
        if self.top.kind not in ("root", "page"):
            self.report(row, "type", "XLSFORM_STRUCTURE", NESTED_REPEAT)
            self.stack.append(_Frame("flat", row, self.container()))
            return
        node = FieldNode(row, "group")
        self.page().fields.append(node)
        self.stack.append(_Frame("repeat", row, node))

    def end(self, row: SurveyRow) -> None:
        wanted = row.type.removeprefix("end_")
        begun = self.top.row.type.removeprefix("begin_") if self.top.row else None
        if begun != wanted:
            self.report(row, "type", "XLSFORM_STRUCTURE", _unbalanced(row.raw_type, begun))
            return
        self.stack.pop()

    def container(self) -> FieldNode | None:
        return next((f.node for f in reversed(self.stack) if f.kind in ("group", "repeat")), None)

    def question(self, row: SurveyRow) -> None:
        if self.top.kind == "documents":
            self.report(row, "type", "XLSFORM_STRUCTURE", ONLY_FILES)
            return
        node = FieldNode(row, QUESTION_TYPES[row.type])
        node.inherited = [f.row for f in self.stack if f.kind == "flat" and f.row is not None]
        owner = self.container()
        if owner is None:
            self.page().fields.append(node)
            return
        node.container, node.container_repeats = owner.row.name, owner.repeats
        owner.children.append(node)

    def document(self, row: SurveyRow) -> None:
        if self.container() is not None:
            self.report(row, "type", "XLSFORM_STRUCTURE", FILE_IN_GROUP)
            return
        self.documents.append(row)

    def note(self, row: SurveyRow) -> None:
        if self.container() is None and self.top.kind != "documents":
            self.page().notes.append(row)

    def skip(self, row: SurveyRow) -> None:
        if row.type:
            self.report(
                row,
                "type",
                "XLSFORM_SKIPPED",
                msg(
                    f"baris `{row.raw_type}` `{row.name}` dilewati",
                    f"the `{row.raw_type}` row `{row.name}` is left out",
                ),
            )


NESTED_REPEAT = msg(
    "pengulangan di dalam kelompok atau pengulangan lain tidak ada padanannya; letakkan `begin_repeat` langsung di halaman",
    "a repeat inside a group or another repeat has no counterpart; put the `begin_repeat` directly on a page",
)
ONLY_FILES = msg(
    f"kelompok `{DOCUMENTS_GROUP}` hanya memuat `file`/`image` (dokumen yang diunggah)",
    f"the `{DOCUMENTS_GROUP}` group holds only `file`/`image` rows (uploaded documents)",
)
FILE_IN_GROUP = msg(
    "dokumen (file/image) di dalam kelompok atau pengulangan tidak ada padanannya; letakkan di halaman",
    "a document (file/image) inside a group or repeat has no counterpart; put it on a page",
)


def _unclosed(frame: _Frame) -> Text:
    begun = frame.row.raw_type if frame.row else ""
    return msg(f"`{begun}` tidak pernah ditutup dengan `end`", f"`{begun}` is never closed with an `end` row")


def _unbalanced(ending: str, begun: str | None) -> Text:
    if begun is None:
        return msg(f"`{ending}` tanpa `begin` yang cocok", f"`{ending}` without a matching `begin`")
    return msg(f"`{ending}` menutup `begin_{begun}`", f"`{ending}` closes a `begin_{begun}`")


# --- meaning --------------------------------------------------------------------------------


_ID = re.compile(ID_PATTERN)


def suggested_id(name: str) -> str:
    slug = re.sub(r"[^a-z0-9_]+", "_", name.strip().lower()).strip("_")
    return slug if slug and slug[0].isalpha() else f"k_{slug}"


class _Builder:
    """Structure → the definition's plain data, collecting problems."""

    def __init__(self, workbook: Workbook, structure: _Structure, problems: list[ImportProblem]) -> None:
        self.workbook = workbook
        self.structure = structure
        self.problems = problems
        self.symbols = self.symbol_table()
        self.conditions = Conditions(workbook, self.symbols, problems)
        self.used_lookups: set[str] = set()

    def report(self, row: SurveyRow, column: str, code: str, text: Text) -> None:
        self.problems.append(problem(self.workbook.at("survey", row.number, self.header(row, column)), code, text))

    def header(self, row: SurveyRow, column: str) -> str:
        """The real header of ``column`` (``label`` → ``label::Indonesian (id)``), to point at its letter."""
        letters = self.workbook.columns.get("survey")
        if letters is None or column in letters.letters:
            return column
        return next((h for h in letters.letters if h.partition("::")[0] == column), column)

    def symbol_table(self) -> dict[str, Symbol]:
        table: dict[str, Symbol] = {}
        for page in self.structure.pages:
            if page.row is not None:
                table[page.id] = Symbol(page.id, "page")
            for node in page.fields:
                table[node.row.name] = Symbol(node.row.name, self.kind(node), repeats=node.repeats)
                for child in node.children:
                    table[child.row.name] = Symbol(
                        child.row.name, self.kind(child), node.row.name, node.repeats, repeats=False
                    )
        for row in self.structure.documents:
            table[row.name] = Symbol(row.name, "document")
        return table

    def kind(self, node: FieldNode) -> str:
        """The definition type: `mpp_type`, else the XLSForm type (a multi-line text is a textarea)."""
        wanted = node.row.mpp("type")
        if wanted:
            return wanted
        if node.kind == "text" and "multiline" in node.row.get("appearance"):
            return "textarea"
        return node.kind

    # --- ids, texts, flags

    def checked_id(self, row: SurveyRow) -> str:
        if not row.name:
            self.report(row, "name", "XLSFORM_MISSING", msg("`name` kosong", "`name` is empty"))
        elif not _ID.match(row.name) or len(row.name) > ID_MAX_LENGTH:
            suggestion = suggested_id(row.name)[:ID_MAX_LENGTH]
            self.report(
                row,
                "name",
                "XLSFORM_BAD_NAME",
                msg(
                    f"`{row.name}` tidak dapat menjadi id (huruf kecil, angka dan `_`, diawali huruf, paling banyak "
                    f"{ID_MAX_LENGTH}); mis. `{suggestion}`",
                    f"`{row.name}` cannot be an id (lower case, digits and `_`, starting with a letter, at most "
                    f"{ID_MAX_LENGTH}); e.g. `{suggestion}`",
                ),
            )
        return row.name

    def text(self, row: SurveyRow, column: str, needed: bool = True) -> dict[str, str] | None:
        found = row.text(column)
        if not found:
            if needed:
                self.report(row, column, "XLSFORM_MISSING", msg(f"`{column}` kosong", f"`{column}` is empty"))
            return None
        if "id" not in found:
            self.report(
                row,
                column,
                "XLSFORM_ASSUMED",
                msg(
                    f"`{column}` tanpa bahasa Indonesia: teks bahasa Inggris dipakai untuk keduanya; terjemahkan",
                    f"`{column}` has no Indonesian: the English text is used for both; translate it",
                ),
            )
            return {"id": found["en"], "en": found["en"]}
        return {language: found[language] for language in ("id", "en") if language in found}

    def flag(self, row: SurveyRow, column: str) -> bool:
        value = row.get(column) if not column.startswith("mpp_") else row.mpp(column[4:])
        if not value:
            return False
        if value in aliases.yes_no:
            return aliases.yes_no[value]
        self.report(
            row,
            column,
            "XLSFORM_BAD_VALUE",
            msg(
                f"`{column}: {value}`: tulis `yes` atau `no`; syarat bersyarat tidak ada padanannya, wajibkan "
                "pertanyaan dan tampilkan dengan `relevant` hanya bila perlu",
                f"`{column}: {value}`: write `yes` or `no`; a conditional requirement has no counterpart, make the "
                "question required and show it with `relevant` only when it is needed",
            ),
        )
        return False

    # --- fields

    def field(self, node: FieldNode) -> dict[str, Any]:
        row = node.row
        item: dict[str, Any] = {"id": self.checked_id(row), "type": self.field_type(node)}
        item["label"] = self.text(row, "label")
        hint = self.text(row, "hint", needed=False)
        if hint:
            item["hint"] = hint
        if self.flag(row, "required") and item["type"] != "declaration":  # a declaration is always required
            item["required"] = True
        when = self.conditions.when(row, node.container, node.inherited)
        if when:
            item["when"] = when
        item.update(self.prefill(row))
        item.update(self.options(node, item["type"]))
        item.update(self.conditions.bounds(row, item["type"], node.container))
        if node.row.type == "begin_group" or node.repeats:
            item.update(self.repeat(node))
            item["fields"] = [self.field(child) for child in node.children]
        return {k: v for k, v in item.items() if v is not None}

    def field_type(self, node: FieldNode) -> str:
        kind = self.kind(node)
        if kind not in FIELD_TYPES or (kind == "group") != (node.kind == "group"):
            close = [t for t in FIELD_TYPES if t != "group"]
            self.report(
                node.row,
                "mpp_type",
                "XLSFORM_BAD_VALUE",
                msg(f"`mpp_type: {kind}` bukan jenis kolom", f"`mpp_type: {kind}` is not a field type")
                + did_you_mean(_close(kind, close)),
            )
        return kind

    def prefill(self, row: SurveyRow) -> dict[str, Any]:
        found: dict[str, Any] = {}
        reference = row.mpp("prefill")
        if reference:
            found["prefill"] = reference
            self.used_lookups.add(reference.partition(".")[0])
        if self.flag(row, "mpp_locked"):
            found["locked"] = True
        if row.mpp("level"):
            found["level"] = row.mpp("level")
        return found

    def options(self, node: FieldNode, kind: str) -> dict[str, Any]:
        row = node.row
        if kind not in ("choice", "multichoice"):
            return {}
        if row.mpp("options_from"):
            return {"options_from": row.mpp("options_from")}
        choices = self.workbook.choices.get(row.list_name)
        if choices is None:
            self.report(
                row,
                "type",
                "XLSFORM_UNKNOWN_LIST",
                msg(
                    f"daftar `{row.list_name}` tidak ada di lembar `choices`",
                    f"the list `{row.list_name}` is not on the `choices` sheet",
                )
                + did_you_mean(_close(row.list_name, list(self.workbook.choices))),
            )
            return {}
        return {"options": {choice.name: self.choice_text(choice) for choice in choices}}

    def choice_text(self, choice: Any) -> dict[str, str]:
        labels = choice.labels or {"id": choice.name}
        return {
            "id": labels.get("id", labels.get("en", choice.name)),
            **({"en": labels["en"]} if "en" in labels else {}),
        }

    def repeat(self, node: FieldNode) -> dict[str, Any]:
        if not node.repeats:
            return {}
        row = node.row
        count = row.get("repeat_count")
        low = row.mpp("repeat_min") or count or ("1" if self.flag(row, "required") else "0")
        high = row.mpp("repeat_max") or count
        if not high:
            high = str(DEFAULT_REPEAT_MAX)
            self.report(
                row,
                "name",
                "XLSFORM_ASSUMED",
                msg(
                    f"pengulangan `{row.name}` paling banyak {DEFAULT_REPEAT_MAX} baris; ubah dengan kolom `mpp_repeat_max`",
                    f"repeat `{row.name}` allows at most {DEFAULT_REPEAT_MAX} rows; change it in the `mpp_repeat_max` column",
                ),
            )
        return {
            "repeat": {"min": self.number(row, "mpp_repeat_min", low), "max": self.number(row, "mpp_repeat_max", high)}
        }

    def number(self, row: SurveyRow, column: str, value: str) -> int:
        if value.isdigit():
            return int(value)
        self.report(
            row, column, "XLSFORM_BAD_VALUE", msg(f"`{value}` bukan bilangan bulat", f"`{value}` is not a whole number")
        )
        return 0

    # --- pages and documents

    def page(self, page: PageNode) -> dict[str, Any]:
        if page.row is None:
            number = page.id.rpartition("_")[2]
            title = {"id": f"Halaman {number}", "en": f"Page {number}"}
            item: dict[str, Any] = {"id": page.id, "title": title}
        else:
            item = {"id": self.checked_id(page.row), "title": self.text(page.row, "label")}
        intro = [t for note in page.notes if (t := self.text(note, "label", needed=False))]
        if intro:
            item["intro"] = {
                lang: " ".join(t[lang] for t in intro if lang in t)
                for lang in ("id", "en")
                if any(lang in t for t in intro)
            }
        if page.row is not None:
            when = self.conditions.when(page.row, None, [])
            if when:
                item["when"] = when
        item["fields"] = [self.field(node) for node in page.fields]
        return item

    def document(self, row: SurveyRow) -> dict[str, Any]:
        item: dict[str, Any] = {"id": self.checked_id(row), "label": self.text(row, "label")}
        hint = self.text(row, "hint", needed=False)
        if hint:
            item["hint"] = hint
        item["accept"] = self.accepted(row)
        item["max_mb"] = _number_or(row.mpp("max_mb"), 2)
        if self.flag(row, "required"):
            item["required"] = True
        when = self.conditions.when(row, None, [])
        if when:
            item["when"] = when
        return item

    def accepted(self, row: SurveyRow) -> list[str]:
        """`body::accept` (``.pdf,.jpg``, ``image/*``) → the definition's file types."""
        written = row.get("body::accept").lower()
        if not written:
            return list(DOCUMENT_QUESTIONS[row.type])
        kinds = [part.strip().lstrip(".") for part in written.split(",")]
        found = [k for k in kinds if k in DOCUMENT_TYPES] + (["jpg", "png"] if "image/*" in kinds else [])
        found += ["pdf"] if "application/pdf" in kinds else []
        return list(dict.fromkeys(found)) or list(DOCUMENT_QUESTIONS[row.type])

    def rules(self) -> list[dict[str, Any]]:
        return self.conditions.rules(self.structure.pages)

    def pages(self) -> list[dict[str, Any]]:
        return [self.page(page) for page in self.structure.pages if page.fields]


def _number_or(value: str, default: float) -> float | int:
    try:
        number = float(value)
    except ValueError:
        return default
    return int(number) if number.is_integer() else number


def _close(word: str, candidates: list[str]) -> str | None:
    from difflib import get_close_matches

    close = get_close_matches(word, sorted(candidates), n=1)
    return close[0] if close else None


# --- the rest of the definition -------------------------------------------------------------


def _mpp_sheet(workbook: Workbook, problems: list[ImportProblem]) -> dict[str, Any]:
    """The `mpp` sheet: one top-level key per row, its value as YAML."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    found: dict[str, Any] = {}
    for number, key, value in workbook.extra:
        if key == "key":
            continue
        where = workbook.at("mpp", number, "value" if key in MPP_KEYS else "key")
        if key not in MPP_KEYS:
            text = msg(f"kunci `{key}` tidak dikenal; yang dikenal: ", f"unknown key `{key}`; known: ")
            problems.append(problem(where, "XLSFORM_BAD_VALUE", text + msg(", ".join(MPP_KEYS), ", ".join(MPP_KEYS))))
            continue
        try:
            found[key] = YAML(typ="safe").load(value)
        except YAMLError as exc:
            detail = str(getattr(exc, "problem", "") or exc)
            problems.append(
                problem(where, "XLSFORM_BAD_VALUE", msg(f"YAML tidak sah: {detail}", f"invalid YAML: {detail}"))
            )
    return found


def _identity(workbook: Workbook, sector: str | None, problems: list[ImportProblem]) -> dict[str, Any]:
    """service, version and title from the settings sheet (form_id, version, form_title)."""
    settings = workbook.settings
    form_id = settings.get("form_id") or workbook.path.stem
    version = settings.get("version", "1")
    if not version.isdigit() or int(version) < 1:
        where = workbook.at("settings", 2, "version")
        text = msg(
            f"versi `{version}` bukan bilangan bulat; dipakai 1",
            f"version `{version}` is not a whole number; 1 is used",
        )
        problems.append(problem(where, "XLSFORM_ASSUMED", text))
        version = "1"
    if not re.match(SERVICE_ID_PATTERN, form_id):
        slug = re.sub(r"[^a-z0-9-]+", "-", form_id.lower()).strip("-") or "layanan"
        form_id = f"{sector or DEFAULTS['sector']}.{slug}"
    title = settings.get("form_title") or form_id
    return {"service": form_id, "version": int(version), "title": {"id": title}}


def _rest(workbook: Workbook, template: Mapping[str, Any] | None, problems: list[ImportProblem]) -> dict[str, Any]:
    """The keys an XLSForm has no place for: the `mpp` sheet, then the template, then defaults (with a warning)."""
    sheet = _mpp_sheet(workbook, problems)
    chosen = {**sheet, **{k: v for k, v in (template or {}).items() if k in TEMPLATE_KEYS}}
    identity = _identity(workbook, chosen.get("sector"), problems)
    chosen["sector"] = identity["service"].split(".", 1)[0]  # the service id starts with its sector
    assumed = [key for key in DEFAULTS if key not in chosen]
    for key in assumed:
        chosen[key] = DEFAULTS[key]
    if assumed:
        text = msg(
            f"XLSForm tidak menyatakan {', '.join(assumed)}; dipakai nilai bawaan (lembar `mpp` atau --template)",
            f"the XLSForm does not say {', '.join(assumed)}; defaults are used (the `mpp` sheet or --template)",
        )
        problems.append(problem(workbook.at("settings", 0, ""), "XLSFORM_ASSUMED", text))
    return {**identity, **chosen}


def import_xlsform(path: Path, template: Mapping[str, Any] | None = None) -> Imported:
    """Read the XLSForm at ``path`` into a definition; ``template``: a definition whose non-form keys to take."""
    workbook, problems = read_workbook(path)
    if workbook is None:
        return Imported(None, problems)
    structure = _Structure(workbook, problems)
    structure.run()
    builder = _Builder(workbook, structure, problems)
    data = _rest(workbook, template, problems)
    data["summary"] = data.get("summary") or data["title"]
    data["pages"] = builder.pages()
    documents = [builder.document(row) for row in structure.documents]
    rules = builder.rules() + list(data.get("rules") or [])
    data.update({"documents": documents, "rules": rules})
    data["prefill"] = _lookups(data.get("prefill"), builder.used_lookups, workbook, problems)
    ordered = {key: data[key] for key in TOP_ORDER if data.get(key) not in (None, [], {})}
    return Imported(None if has_errors(problems) else ordered, problems, ordered["service"])


def _lookups(
    declared: Mapping[str, Any] | None, used: set[str], workbook: Workbook, problems: list[ImportProblem]
) -> dict[str, Any]:
    """Lookups `mpp_prefill` names but nothing declares: the applicant's IKD record, with a warning."""
    lookups = {name: lookup for name, lookup in (declared or {}).items() if name in used}
    for name in sorted(used - set(lookups)):
        lookups[name] = dict(DEFAULT_LOOKUP)
        text = msg(
            f"lookup `{name}` dianggap data IKD pemohon (`{{source: ikd, by: applicant}}`); nyatakan di lembar `mpp` (`prefill`)",
            f"lookup `{name}` is taken as the applicant's IKD record (`{{source: ikd, by: applicant}}`); declare it on the `mpp` sheet (`prefill`)",
        )
        problems.append(problem(workbook.at("survey", 0, "mpp_prefill"), "XLSFORM_ASSUMED", text))
    return lookups


def problem_lines(problems: list[ImportProblem], file: str, language: str | None = None) -> Iterator[str]:
    for found in problems:
        yield found.format(file, language)
