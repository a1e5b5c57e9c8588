"""Reading an XLSForm: pyxform's own reader, then rows we can locate and understand.

pyxform's ``get_xlsform`` reads the workbook (xlsx, xls, csv or markdown)
into one dict per row, keeping empty rows so row numbers stay right; its
own patterns (``RE_BEGIN_CONTROL``, ``RE_SELECT``) and alias tables say
what a type is. This module only normalises that: one :class:`SurveyRow`
per question with its spreadsheet row, the column letter of each header
(read from the header row, so a problem points at the cell), the labels by
language, and the `mpp_*` columns XLSForm has no place for. The `mpp`
sheet (ignored by pyxform) carries the rest of a definition as YAML.

``unreadable`` says what a file pyxform cannot read is instead (empty,
text, not an Excel zip); ``xlsform_origins`` finds the cell an imported
page, field or option was read from.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pyxform import aliases
from pyxform.errors import PyXFormError
from pyxform.xls2json import RE_BEGIN_CONTROL, RE_END_CONTROL, RE_SELECT
from pyxform.xls2json_backends import get_xlsform

from framework.authoring.problems import ImportProblem
from framework.core.text import Text, msg

MPP_SHEET = "mpp"
MPP_PREFIX = "mpp_"
SHEETS = ("survey", "choices", "settings", MPP_SHEET)
_SPACES = re.compile(r"( )+")

# words of a translated column's language part → our language codes
LANGUAGE_WORDS: dict[str, str] = {
    "id": "id",
    "in": "id",
    "ind": "id",
    "indonesian": "id",
    "indonesia": "id",
    "bahasa indonesia": "id",
    "en": "en",
    "eng": "en",
    "english": "en",
    "inggris": "en",
}
# column aliases pyxform accepts, for the columns we read
COLUMN_ALIASES = {"relevance": "relevant", "constraining_message": "constraint_message", "caption": "label"}
SELECTS = {"select one": "select_one", "select all that apply": "select_multiple"}


def language_of(part: str) -> str | None:
    """``Indonesian (id)`` → ``id``; ``English`` → ``en``; anything else → None (ignored)."""
    part = part.strip()
    code = re.search(r"\(([A-Za-z-]+)\)\s*$", part)
    if code and code.group(1).lower() in LANGUAGE_WORDS:
        return LANGUAGE_WORDS[code.group(1).lower()]
    return LANGUAGE_WORDS.get(part.lower())


@dataclass
class Columns:
    """The header → column letter of one sheet, as the spreadsheet shows them."""

    sheet: str
    letters: dict[str, str] = field(default_factory=dict)

    def at(self, row: int, header: str) -> tuple[str, int, str, str]:
        return (self.sheet, row, self.letters.get(header, ""), header)

    def header(self, column: str) -> str | None:
        """The header ``column`` is written under (``label`` → ``label::Indonesian (id)``), None when not there."""
        if column in self.letters:
            return column
        return next((h for h in self.letters if h.partition("::")[0] == column), None)


@dataclass
class SurveyRow:
    """One row of the survey sheet, normalised; ``number`` is the spreadsheet row."""

    number: int
    type: str  # text, integer, select_one, begin_group, end_repeat, ...
    list_name: str  # of a select_one / select_multiple
    name: str
    texts: dict[str, dict[str, str]]  # label / hint / constraint_message → language → text
    cells: dict[str, str]  # every other column by header (relevant, constraint, required, appearance, ...)
    raw_type: str

    def text(self, column: str) -> dict[str, str]:
        return self.texts.get(column, {})

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def mpp(self, name: str) -> str:
        return self.get(MPP_PREFIX + name)


@dataclass
class Choice:
    number: int
    name: str
    labels: dict[str, str]


@dataclass
class Workbook:
    """Everything read from an XLSForm, still in its own words."""

    path: Path
    survey: list[SurveyRow]
    choices: dict[str, list[Choice]]
    settings: dict[str, str]
    extra: list[tuple[int, str, str]]  # the mpp sheet: (row, key, YAML value)
    columns: dict[str, Columns]
    default_language: str = "id"

    def at(self, sheet: str, row: int, header: str) -> tuple[str, int, str, str]:
        return self.columns.get(sheet, Columns(sheet)).at(row, header)


def problem(where: tuple[str, int, str, str], code: str, text: Any) -> ImportProblem:
    sheet, row, letter, header = where
    return ImportProblem(sheet, row, letter, header, code, text)


def read_workbook(path: Path) -> tuple[Workbook | None, list[ImportProblem]]:
    """The XLSForm at ``path``, or the problem that stops reading it."""
    try:
        data = get_xlsform(str(path))
    except (PyXFormError, OSError, ValueError) as exc:
        return None, [problem(("", 0, "", ""), "XLSFORM_UNREADABLE", unreadable(path, exc))]
    if not data.survey:
        text = msg("tidak ada lembar `survey` berisi pertanyaan", "there is no `survey` sheet with questions")
        return None, [problem(("survey", 0, "", ""), "XLSFORM_UNREADABLE", text)]
    columns, extra = _sheet_columns(path)
    settings = {_header(k): str(v).strip() for k, v in (data.settings or [{}])[0].items() if v is not None}
    default = language_of(settings.get("default_language", "")) or "id"
    survey = [_survey_row(number, row, default) for number, row in enumerate(data.survey, start=2) if row]
    choices: dict[str, list[Choice]] = {}
    for number, row in enumerate(data.choices or [], start=2):
        cells = {_header(k): str(v).strip() for k, v in row.items() if v is not None}
        list_name = cells.get("list_name") or cells.get("list name", "")
        if list_name:
            labels = _translated(cells, "label", default)
            choices.setdefault(list_name, []).append(Choice(number, cells.get("name", cells.get("value", "")), labels))
    return Workbook(path, survey, choices, settings, extra, columns, default), []


NOT_OPENED = msg(
    "berkas tidak dapat dibuka sebagai buku kerja XLSForm (.xlsx): ",
    "the file cannot be opened as an XLSForm workbook (.xlsx): ",
)
# what a file pyxform cannot read turns out to be (``file_kind``) → what to tell its author
NOT_A_WORKBOOK: dict[str, Text] = {
    "empty": msg(
        "berkas kosong (0 bita); simpan ulang formulir dari aplikasi lembar kerja",
        "the file is empty (0 bytes); save the form again from the spreadsheet program",
    ),
    "text": msg(
        "berkas ini sama sekali bukan buku kerja Excel, melainkan teks biasa (berkas CSV yang diganti namanya?); "
        "buka di aplikasi lembar kerja lalu simpan sebagai buku kerja Excel (.xlsx)",
        "it is not an Excel workbook at all but plain text (a CSV file renamed?); open it in a spreadsheet "
        "program and save it as an Excel workbook (.xlsx)",
    ),
    "binary": msg(
        "berkas ini sama sekali bukan buku kerja Excel (buku kerja .xlsx adalah arsip zip, berkas ini bukan: "
        "rusak, atau jenis berkas lain); simpan ulang formulir sebagai buku kerja Excel (.xlsx)",
        "it is not an Excel workbook at all (an .xlsx workbook is a zip archive and this file is not one: it is "
        "damaged, or another kind of file); save the form again as an Excel workbook (.xlsx)",
    ),
    "zip": msg(
        "berkas ini arsip zip, tetapi bukan buku kerja Excel (tidak ada bagian xl/ di dalamnya); simpan formulir "
        "sebagai buku kerja Excel (.xlsx)",
        "it is a zip archive but not an Excel workbook (there is no xl/ part in it); save the form as an Excel "
        "workbook (.xlsx)",
    ),
    "old": msg(
        "berkas ini buku kerja Excel lama (.xls) atau yang dilindungi kata sandi; simpan sebagai .xlsx tanpa kata "
        "sandi",
        "it is an old Excel workbook (.xls) or one protected by a password; save it as .xlsx without a password",
    ),
}
OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")  # an old .xls, or an .xlsx encrypted with a password
TEXT_FORMS = (".csv", ".md")  # XLSForms pyxform reads as text
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def unreadable(path: Path, exc: Exception) -> Text:
    """Why pyxform could not read ``path``, in words that tell its author what to do.

    pyxform picks a reader by the file's suffix and, when that reader fails,
    only says the file "was not recognized as a supported type": as true of
    an empty file as of a CSV renamed .xlsx or a damaged download. What the
    bytes are says what is wrong; pyxform's own words (in English) are kept
    where it did open a workbook or a text form and found an XLSForm problem.
    """
    try:
        kind = file_kind(path)
    except OSError as error:
        reason = error.strerror or str(error)
        return NOT_OPENED + msg(f"berkas tidak dapat dibaca ({reason})", f"the file cannot be read ({reason})")
    if kind in NOT_A_WORKBOOK:
        return NOT_OPENED + NOT_A_WORKBOOK[kind]
    if kind == "misnamed":
        name = path.with_suffix(".xlsx").name
        return NOT_OPENED + msg(
            f"berkas ini buku kerja .xlsx dengan nama lain: beri nama {name}",
            f"it is an .xlsx workbook under another name: name it {name}",
        )
    if kind == "workbook":
        return NOT_OPENED + msg(
            f"berkas ini buku kerja Excel, tetapi pyxform tidak dapat membacanya sebagai XLSForm: {exc}",
            f"it is an Excel workbook, but pyxform cannot read it as an XLSForm: {exc}",
        )
    return msg(
        f"berkas tidak dapat dibaca sebagai XLSForm — pyxform: {exc}",
        f"the file cannot be read as an XLSForm — pyxform: {exc}",
    )


def file_kind(path: Path) -> str:
    """What the file at ``path`` is, by its bytes: empty, text, binary, zip, old, misnamed, workbook or form.

    Only a ``workbook`` (an Excel zip under an .xlsx/.xlsm name, or an old
    .xls under its own) and a ``form`` (a CSV or Markdown XLSForm) are files
    pyxform's reader was right to try.
    """
    if path.stat().st_size == 0:
        return "empty"
    suffix = path.suffix.lower()
    if suffix in TEXT_FORMS:
        return "form"
    with path.open("rb") as stream:
        head = stream.read(4096)
    if head.startswith(OLE2):
        return "workbook" if suffix == ".xls" else "old"
    if not zipfile.is_zipfile(path):
        return "text" if all(byte >= 32 or byte in b"\t\n\r" for byte in head) else "binary"
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return "binary"
    if not any(name.startswith("xl/") for name in names):
        return "zip"
    return "workbook" if suffix in WORKBOOK_SUFFIXES else "misnamed"


def _header(name: Any) -> str:
    """A header as pyxform cleans it (spaces collapsed), with our aliases applied."""
    text = _SPACES.sub(" ", str(name).strip())
    base, sep, rest = text.partition("::")
    return COLUMN_ALIASES.get(base.lower(), base.lower()) + sep + rest


def _translated(cells: dict[str, str], column: str, default: str) -> dict[str, str]:
    """``label`` / ``label::English (en)`` cells → ``{language: text}`` (``label`` alone is the default language)."""
    found: dict[str, str] = {}
    for header, value in cells.items():
        base, _, part = header.partition("::")
        if base != column or not value:
            continue
        language = language_of(part) if part else default
        if language is not None:
            found.setdefault(language, value)
    return found


TEXT_COLUMNS = ("label", "hint", "constraint_message")


def _survey_row(number: int, row: dict[str, Any], default: str) -> SurveyRow:
    cells = {_header(k): str(v).strip() for k, v in row.items() if v is not None}
    kind, list_name = _type(cells.get("type", ""))
    texts = {column: _translated(cells, column, default) for column in TEXT_COLUMNS}
    plain = {k: v for k, v in cells.items() if k.partition("::")[0] not in TEXT_COLUMNS or k.startswith("body::")}
    return SurveyRow(number, kind, list_name, cells.get("name", ""), texts, plain, cells.get("type", ""))


def _type(raw: str) -> tuple[str, str]:
    """pyxform's own patterns: ``begin group`` → begin_group; ``select one x`` → (select_one, x); aliases resolved."""
    text = " ".join(raw.split())
    if begin := RE_BEGIN_CONTROL.search(text):
        return f"begin_{aliases.control[begin.group('type')]}", ""
    if end := RE_END_CONTROL.search(text):
        return f"end_{aliases.control[end.group('type')]}", ""
    if select := RE_SELECT.search(text):
        kind = aliases.select[select.group("select_command")]
        return SELECTS.get(kind, kind.replace(" ", "_")), select.group("list_name")
    lowered = text.lower()
    return aliases._type_alias_map.get(lowered, lowered), ""


def _sheet_columns(path: Path) -> tuple[dict[str, Columns], list[tuple[int, str, str]]]:
    """Each sheet's header letters (for locating problems) and the rows of the `mpp` sheet."""
    columns: dict[str, Columns] = {}
    extra: list[tuple[int, str, str]] = []
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # csv or markdown forms: no letters to show, no mpp sheet
        return columns, extra
    try:
        names = {name.lower(): name for name in book.sheetnames}
        if len(book.sheetnames) == 1:
            names = {"survey": book.sheetnames[0]}
        for sheet in SHEETS:
            if sheet in names:
                rows = book[names[sheet]].iter_rows(values_only=True)
                first = next(rows, ()) or ()
                letters = {_header(h): get_column_letter(i + 1) for i, h in enumerate(first) if h not in (None, "")}
                columns[sheet] = Columns(sheet, letters)
                if sheet == MPP_SHEET:
                    extra = _mpp_rows(rows)
    finally:
        book.close()
    return columns, extra


def _mpp_rows(rows: Any) -> list[tuple[int, str, str]]:
    found = []
    for number, row in enumerate(rows, start=2):
        key, value = (list(row) + [None, None])[:2]
        if key not in (None, ""):
            found.append((number, str(key).strip(), "" if value is None else str(value)))
    return found
