"""`mpp export xlsform`: a service definition → an XLSForm pyxform accepts, to edit in a spreadsheet.

The form goes where XLSForm has a place for it: pages are top-level groups,
a repeating group a `begin_repeat`, documents `file` questions in the group
`unggah-dokumen`, conditions XPath in `relevant`, bounds and rules
`constraint`, texts `label::Indonesian (id)` / `label::English (en)`. What
XLSForm cannot say goes in `mpp_*` columns (the definition's own type of a
NIK or region field, prefill, repeat bounds, a condition XPath has no words
for) and the `mpp` sheet (standard, steps, prefill lookups, rules that fit no
question), which pyxform ignores and `mpp import xlsform` reads back.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from framework.authoring.emit import value_yaml
from framework.authoring.xlsform_import import DOCUMENTS_GROUP
from framework.authoring.xpath import quote
from framework.authoring.xpath_out import Fields, NotTranslatable, to_xpath
from framework.definition.model import FieldSpec, ServiceSpec

ID, EN = "Indonesian (id)", "English (en)"
SURVEY_COLUMNS = (
    "type",
    "name",
    f"label::{ID}",
    f"label::{EN}",
    f"hint::{ID}",
    f"hint::{EN}",
    "required",
    "relevant",
    "constraint",
    f"constraint_message::{ID}",
    f"constraint_message::{EN}",
    "appearance",
    "body::accept",
    "mpp_type",
    "mpp_prefill",
    "mpp_locked",
    "mpp_level",
    "mpp_options_from",
    "mpp_repeat_min",
    "mpp_repeat_max",
    "mpp_max_mb",
    "mpp_relevant",
    "mpp_rule",
)
CHOICE_COLUMNS = ("list_name", "name", f"label::{ID}", f"label::{EN}")
# definition type → (XLSForm type, appearance); types XLSForm lacks also get `mpp_type`
XLSFORM_TYPES: dict[str, tuple[str, str]] = {
    "text": ("text", ""),
    "textarea": ("text", "multiline"),
    "integer": ("integer", ""),
    "decimal": ("decimal", ""),
    "date": ("date", ""),
    "choice": ("select_one", ""),
    "multichoice": ("select_multiple", ""),
    "boolean": ("select_one", ""),
    "declaration": ("acknowledge", ""),
    "email": ("text", ""),
    "phone": ("text", "numbers"),
    "nik": ("text", "numbers"),
    "kk": ("text", "numbers"),
    "region": ("text", ""),
}
NATIVE = frozenset({"text", "textarea", "integer", "decimal", "date", "choice", "multichoice", "declaration"})
BOOLEAN_LIST = "ya_tidak"
BOOLEAN_CHOICES = (("true", "Ya", "Yes"), ("false", "Tidak", "No"))
MPP_SHEET_KEYS = ("title", "summary", "sector", "provider", "issuer", "standard", "prefill", "steps", "notify")


@dataclass
class _Sheets:
    survey: list[dict[str, Any]] = field(default_factory=list)
    choices: list[tuple[str, str, str, str]] = field(default_factory=list)
    constrained: set[str] = field(default_factory=set)  # rows that already hold a constraint


def _texts(column: str, text: Mapping[str, str] | str | None) -> dict[str, str]:
    if not text:
        return {}
    value = {"id": text} if isinstance(text, str) else text
    return {f"{column}::{ID}": value.get("id", ""), f"{column}::{EN}": value.get("en", "")}


class _Exporter:
    def __init__(self, spec: ServiceSpec) -> None:
        self.spec = spec
        self.data = spec.data
        self.sheets = _Sheets()
        self.top_types = {item.id: item.type for item in spec.iter_fields()}
        self.repeats = frozenset(item.id for item in spec.iter_fields() if item.repeat)
        self.leftover_rules: list[dict[str, Any]] = []

    def fields_in(self, group: FieldSpec | None) -> Fields:
        types = dict(self.top_types)
        if group is not None:
            types.update({child.id: child.type for child in group.fields})
        return Fields(types, self.repeats)

    def condition(self, row: dict[str, Any], source: str | None, group: FieldSpec | None) -> None:
        """`relevant` in XPath, or `mpp_relevant` as written when XPath has no words for it."""
        if not source:
            return
        try:
            row["relevant"] = to_xpath(source, self.fields_in(group))
        except NotTranslatable:
            row["mpp_relevant"] = source

    # --- rows

    def pages(self) -> None:
        for page in self.data.get("pages", []):
            row: dict[str, Any] = {"type": "begin_group", "name": page["id"], **_texts("label", page["title"])}
            self.condition(row, page.get("when"), None)
            self.sheets.survey.append(row)
            if page.get("intro"):
                self.sheets.survey.append(
                    {"type": "note", "name": f"{page['id']}_intro", **_texts("label", page["intro"])}
                )
            for item in page.get("fields", []):
                self.field(item, self.spec.field(item["id"]), None)
            self.sheets.survey.append({"type": "end_group"})

    def field(self, item: Mapping[str, Any], spec: FieldSpec, group: FieldSpec | None) -> None:
        if spec.is_group:
            self.group(item, spec)
            return
        kind, appearance = XLSFORM_TYPES[spec.type]
        row: dict[str, Any] = {"type": self.select(kind, spec, group), "name": spec.id}
        row.update(self.common(item, spec, group))
        row.update({"appearance": appearance, "mpp_type": "" if spec.type in NATIVE else spec.type})
        row.update(self.bounds(spec))
        if row.get("constraint"):
            self.sheets.constrained.add(spec.id if group is None else f"{group.id}.{spec.id}")
        self.sheets.survey.append(row)

    def common(self, item: Mapping[str, Any], spec: FieldSpec, group: FieldSpec | None) -> dict[str, Any]:
        row: dict[str, Any] = {**_texts("label", item.get("label")), **_texts("hint", item.get("hint"))}
        row["required"] = "yes" if item.get("required") or spec.type == "declaration" else ""
        self.condition(row, item.get("when"), group)
        row["mpp_prefill"] = item.get("prefill", "")
        row["mpp_locked"] = "yes" if item.get("locked") else ""
        row["mpp_level"] = item.get("level", "")
        row["mpp_options_from"] = item.get("options_from", "")
        return row

    def select(self, kind: str, spec: FieldSpec, group: FieldSpec | None) -> str:
        if kind != "select_one" and kind != "select_multiple":
            return kind
        if spec.type == "boolean":
            self.choice_list(BOOLEAN_LIST, BOOLEAN_CHOICES)
            return f"{kind} {BOOLEAN_LIST}"
        name = spec.id if group is None else f"{group.id}_{spec.id}"
        self.choice_list(name, [(o.code, o.label.id, o.label.en or o.label.id) for o in spec.options])
        return f"{kind} {name}"

    def choice_list(self, name: str, options: Any) -> None:
        if any(row[0] == name for row in self.sheets.choices):
            return
        self.sheets.choices.extend((name, code, indonesian, english) for code, indonesian, english in options)

    def group(self, item: Mapping[str, Any], spec: FieldSpec) -> None:
        kind = "repeat" if spec.repeat else "group"
        row: dict[str, Any] = {"type": f"begin_{kind}", "name": spec.id, **self.common(item, spec, None)}
        if spec.repeat:
            row.update({"mpp_repeat_min": spec.repeat.min, "mpp_repeat_max": spec.repeat.max})
        self.sheets.survey.append(row)
        for child in item.get("fields", []):
            self.field(child, next(c for c in spec.fields if c.id == child["id"]), spec)
        self.sheets.survey.append({"type": f"end_{kind}"})

    def bounds(self, spec: FieldSpec) -> dict[str, Any]:
        """min/max/lengths/pattern as an XLSForm constraint (read back as the same keys)."""
        measure = {"multichoice": "count-selected(.)", "text": "string-length(.)", "textarea": "string-length(.)"}
        subject = measure.get(spec.type, ".")
        low, high = (spec.min_length, spec.max_length) if subject == "string-length(.)" else (spec.min, spec.max)
        terms = [
            f"{subject} >= {_number(low)}" if low is not None else "",
            f"{subject} <= {_number(high)}" if high is not None else "",
        ]
        terms.append(f"regex(., {quote(spec.pattern)})" if spec.pattern else "")
        row: dict[str, Any] = {"constraint": " and ".join(t for t in terms if t)}
        if spec.pattern_message:
            row.update(
                _texts("constraint_message", {"id": spec.pattern_message.id, "en": spec.pattern_message.en or ""})
            )
        return row

    def documents(self) -> None:
        if not self.data.get("documents"):
            return
        title = {"id": "Dokumen Pendukung", "en": "Supporting documents"}
        self.sheets.survey.append({"type": "begin_group", "name": DOCUMENTS_GROUP, **_texts("label", title)})
        for document in self.data["documents"]:
            row: dict[str, Any] = {"type": "file", "name": document["id"], **_texts("label", document["label"])}
            row.update(_texts("hint", document.get("hint")))
            row["required"] = "yes" if document.get("required") else ""
            row["body::accept"] = ",".join(f".{kind}" for kind in document["accept"])
            row["mpp_max_mb"] = document["max_mb"]
            self.condition(row, document.get("when"), None)
            self.sheets.survey.append(row)
        self.sheets.survey.append({"type": "end_group"})

    # --- rules

    def rules(self) -> None:
        """Each rule on its field's row as a constraint (``not(mistake)``); the rest in the `mpp` sheet."""
        for rule, spec in zip(self.data.get("rules", []), self.spec.rules, strict=True):
            if not self.place(rule, spec.field):
                self.leftover_rules.append(rule)

    def place(self, rule: Mapping[str, Any], target: str | None) -> bool:
        row = self.row_of(target)
        if rule.get("id") or row is None or target in self.sheets.constrained:
            return False
        try:
            xpath = to_xpath(rule["when"], self.fields_in(None))
        except NotTranslatable:
            return False
        row["constraint"] = f"not({xpath})"
        row.update(_texts("constraint_message", rule["message"]))
        self.sheets.constrained.add(str(target))
        return True

    def row_of(self, name: str | None) -> dict[str, Any] | None:
        """The top-level question or repeat row of ``name`` (a plain group cannot hold a constraint)."""
        return next(
            (r for r in self.top_rows() if r.get("name") == name and r["type"] not in ("begin_group", "note")), None
        )

    def top_rows(self) -> Iterator[dict[str, Any]]:
        depth = 0
        for row in self.sheets.survey:
            if depth == 1:
                yield row
            if row["type"] in ("begin_group", "begin_repeat"):
                depth += 1
            elif row["type"] in ("end_group", "end_repeat"):
                depth -= 1

    # --- the workbook

    def workbook(self) -> Workbook:
        self.pages()
        self.documents()
        self.rules()
        book = Workbook()
        survey = book.active
        survey.title = "survey"
        survey.append(SURVEY_COLUMNS)
        for row in self.sheets.survey:
            survey.append([_cell(row.get(column)) for column in SURVEY_COLUMNS])
        choices = book.create_sheet("choices")
        choices.append(CHOICE_COLUMNS)
        for choice in self.sheets.choices:
            choices.append(choice)
        settings = book.create_sheet("settings")
        settings.append(("form_title", "form_id", "version", "default_language"))
        settings.append((self.spec.title.id, self.spec.id, str(self.spec.version), ID))
        self.mpp_sheet(book.create_sheet("mpp"))
        return book

    def mpp_sheet(self, sheet: Any) -> None:
        sheet.append(("key", "value"))
        for key in MPP_SHEET_KEYS:
            if self.data.get(key) not in (None, {}, []):
                sheet.append((key, value_yaml(self.data[key], key)))
        if self.leftover_rules:
            sheet.append(("rules", value_yaml(self.leftover_rules, "rules")))


def _cell(value: Any) -> Any:
    return None if value in (None, "") else value


def _number(value: float | None) -> str:
    return "" if value is None else str(int(value)) if float(value).is_integer() else str(value)


def export_xlsform(spec: ServiceSpec) -> Workbook:
    """The XLSForm of ``spec`` (an openpyxl workbook)."""
    return _Exporter(spec).workbook()


def write_xlsform(spec: ServiceSpec, path: Path) -> None:
    export_xlsform(spec).save(path)
