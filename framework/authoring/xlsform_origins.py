"""Where an imported definition came from in its spreadsheet: the cell of each page, field, option and document.

Why: the imported definition is checked as `mpp validate` checks a file, and
a problem found there (two fields with one id) is one the author fixes in the
spreadsheet, so it is shown at the cell, not at a line of YAML the author
never wrote. The import records these origins while it builds the definition
(``xlsform_import``); the CLI reads them to place each problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from framework.authoring.xlsform_read import Columns, SurveyRow, Workbook
from framework.authoring.xlsform_structure import Structure

# the survey column each key of an imported page, field or document is read from (other keys: its `name`)
KEY_COLUMNS: dict[str, str] = {
    "type": "type",
    "label": "label",
    "title": "label",
    "hint": "hint",
    "required": "required",
    "when": "relevant",
    "prefill": "mpp_prefill",
    "locked": "mpp_locked",
    "level": "mpp_level",
    "options": "type",
    "options_from": "mpp_options_from",
    "repeat": "mpp_repeat_max",
    "min": "constraint",
    "max": "constraint",
    "min_length": "constraint",
    "max_length": "constraint",
    "pattern": "constraint",
    "pattern_message": "constraint_message",
    "accept": "body::accept",
    "max_mb": "mpp_max_mb",
}
DataPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Origins:
    """The survey row each page, field and document of an imported definition was read from, by its data path."""

    workbook: Workbook
    rows: dict[DataPath, SurveyRow]

    @classmethod
    def of(cls, workbook: Workbook, structure: Structure) -> Origins:
        """The rows by path, in the order ``xlsform_fields.Builder`` writes pages, fields and documents."""
        rows: dict[DataPath, SurveyRow] = {}
        pages = [page for page in structure.pages if page.fields]  # the Builder leaves out a page without fields
        for number, page in enumerate(pages):
            if page.row is not None:
                rows[("pages", number)] = page.row
            for index, node in enumerate(page.fields):
                rows[("pages", number, "fields", index)] = node.row
                for inner, child in enumerate(node.children):
                    rows[("pages", number, "fields", index, "fields", inner)] = child.row
        for index, row in enumerate(structure.documents):
            rows[("documents", index)] = row
        return cls(workbook, rows)

    def cell(self, path: Sequence[str | int]) -> tuple[str, int, str, str] | None:
        """The cell the value at ``path`` was read from (an option: its `choices` row), None when not a row's."""
        size = next((n for n in range(len(path), 0, -1) if tuple(path[:n]) in self.rows), 0)
        if not size:
            return None
        row, rest = self.rows[tuple(path[:size])], tuple(path[size:])
        if rest[:1] == ("options",) and len(rest) > 1:
            choice = next((c for c in self.workbook.choices.get(row.list_name, []) if c.name == rest[1]), None)
            if choice is not None:
                return self._at("choices", choice.number, "label")
        return self._at("survey", row.number, KEY_COLUMNS.get(str(rest[0]), "name") if rest else "name")

    def _at(self, sheet: str, number: int, column: str) -> tuple[str, int, str, str]:
        columns = self.workbook.columns.get(sheet, Columns(sheet))
        header = columns.header(column) or columns.header("name") or column
        return columns.at(number, header)
