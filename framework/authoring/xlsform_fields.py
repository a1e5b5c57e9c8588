"""The meaning of an XLSForm's rows: ids, texts in two languages, types, choices, repeats, documents.

``Builder`` walks the structure ``xlsform_structure`` found and writes each
page, field and document as the definition's plain data; conditions and
constraints go through ``xlsform_conditions``. Problems are collected with
their cell, each saying what to write instead.
"""

from __future__ import annotations

import re
from typing import Any

from pyxform import aliases

from framework.authoring.problems import ImportProblem
from framework.authoring.xlsform_conditions import Conditions
from framework.authoring.xlsform_read import SurveyRow, Workbook, problem
from framework.authoring.xlsform_structure import DOCUMENT_QUESTIONS, FieldNode, PageNode, Structure
from framework.authoring.xpath import Symbol
from framework.core.numbers import whole_number
from framework.core.patterns import whole_text
from framework.core.text import LANGUAGES, Text, did_you_mean, msg
from framework.definition.metaschema import DOCUMENT_TYPES, FIELD_TYPES, ID_MAX_LENGTH, ID_PATTERN

DEFAULT_REPEAT_MAX = 10

_ID = whole_text(ID_PATTERN)


def suggested_id(name: str) -> str:
    slug = re.sub(r"[^a-z0-9_]+", "_", name.strip().lower()).strip("_")
    return slug if slug and slug[0].isalpha() else f"k_{slug}"


class Builder:
    """Structure → the definition's plain data, collecting problems."""

    def __init__(self, workbook: Workbook, structure: Structure, problems: list[ImportProblem]) -> None:
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
        return (letters.header(column) if letters is not None else None) or column

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
        return {language: found[language] for language in LANGUAGES if language in found}

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
                    f"pengulangan `{row.name}` paling banyak {DEFAULT_REPEAT_MAX} "
                    f"baris; ubah dengan kolom `mpp_repeat_max`",
                    f"repeat `{row.name}` allows at most {DEFAULT_REPEAT_MAX} "
                    f"rows; change it in the `mpp_repeat_max` column",
                ),
            )
        return {
            "repeat": {"min": self.number(row, "mpp_repeat_min", low), "max": self.number(row, "mpp_repeat_max", high)}
        }

    def number(self, row: SurveyRow, column: str, value: str) -> int:
        number = whole_number(value)
        if number is not None:
            return number
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
                for lang in LANGUAGES
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
