"""XLSForms written by the tests with openpyxl: one list of rows per sheet, the first row the headers."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook

ID, EN = "label::Indonesian (id)", "label::English (en)"
SURVEY = ["type", "name", ID, EN, "hint::Indonesian (id)", "hint::English (en)", "required", "relevant"]
SURVEY += ["constraint", "constraint_message::Indonesian (id)", "constraint_message::English (en)", "appearance"]
CHOICES = ["list_name", "name", ID, EN]


def row(kind: str, name: str = "", label: tuple[str, str] | None = None, **cells: str) -> dict[str, str]:
    """One survey row: ``row("integer", "umur", ("Umur", "Age"), required="yes", constraint=". >= 0")``."""
    found = {"type": kind, "name": name, **cells}
    if label:
        found[ID], found[EN] = label
    return found


def write_xlsform(
    path: Path,
    survey: list[dict[str, str]],
    choices: list[tuple[str, str, str, str]] = (),
    settings: dict[str, str] | None = None,
    mpp: list[tuple[str, str]] = (),
) -> Path:
    """An .xlsx with the sheets pyxform reads (and an `mpp` sheet when given)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    headers = SURVEY + sorted({k for r in survey for k in r} - set(SURVEY))
    sheet.append(headers)
    for found in survey:
        sheet.append([found.get(h) for h in headers])
    choices_sheet = book.create_sheet("choices")
    choices_sheet.append(CHOICES)
    for choice in choices:
        choices_sheet.append(list(choice))
    settings = (
        settings if settings is not None else {"form_title": "Contoh", "form_id": "sosial.contoh", "version": "1"}
    )
    settings_sheet = book.create_sheet("settings")
    settings_sheet.append(list(settings))
    settings_sheet.append(list(settings.values()))
    if mpp:
        extra = book.create_sheet("mpp")
        extra.append(["key", "value"])
        for key, value in mpp:
            extra.append([key, value])
    book.save(path)
    return path


def column_of(path: Path, header: str, sheet: str = "survey") -> str:
    """The letter of a header, as a spreadsheet shows it."""
    book = load_workbook(path, read_only=True)
    try:
        first = next(book[sheet].iter_rows(max_row=1))
        return next(cell.column_letter for cell in first if cell.value == header)
    finally:
        book.close()


def cells(path: Path, sheet: str = "survey") -> list[list[object]]:
    book = load_workbook(path, read_only=True)
    try:
        return [list(r) for r in book[sheet].iter_rows(values_only=True)]
    finally:
        book.close()
