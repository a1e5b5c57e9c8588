"""Problems found reading an XLSForm: where (sheet, row, column), what, and how to fix it.

Like pyxform's ``ErrorCode`` catalogue, each problem has a stable code with
a one-line explanation, and its message says what to write instead. Rows
and columns are those a spreadsheet shows (row 1 is the header row, columns
are letters), so an author can go straight to the cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from framework.core.text import Text, current_language

# code → (error or warning, what it means)
CODES: dict[str, tuple[str, Text]] = {
    "XLSFORM_UNREADABLE": (
        "error",
        Text("Berkas bukan XLSForm yang dapat dibaca.", "The file is not an XLSForm that can be read."),
    ),
    "XLSFORM_STRUCTURE": (
        "error",
        Text(
            "Kelompok atau pengulangan tidak seimbang atau bersarang terlalu dalam.",
            "Groups or repeats are unbalanced or nested too deeply.",
        ),
    ),
    "XLSFORM_UNSUPPORTED_TYPE": (
        "error",
        Text("Jenis pertanyaan yang tidak ada padanannya.", "A question type that has no counterpart."),
    ),
    "XLSFORM_UNKNOWN_LIST": (
        "error",
        Text("`select_one`/`select_multiple` menyebut daftar yang tidak ada.", "A select names a missing list."),
    ),
    "XLSFORM_BAD_NAME": (
        "error",
        Text(
            "Nama yang tidak dapat menjadi id (huruf kecil, angka, `_`).",
            "A name that cannot be an id (lower case, digits, `_`).",
        ),
    ),
    "XLSFORM_MISSING": (
        "error",
        Text("Kolom wajib (nama, label) kosong.", "A required column (name, label) is empty."),
    ),
    "XLSFORM_BAD_VALUE": (
        "error",
        Text("Nilai sel yang tidak dapat dibaca.", "A cell value that cannot be read."),
    ),
    "XLSFORM_XPATH": (
        "error",
        Text(
            "XPath yang tidak dapat diterjemahkan ke bahasa kondisi.",
            "XPath that cannot be translated into the condition language.",
        ),
    ),
    "XLSFORM_SKIPPED": (
        "warning",
        Text(
            "Baris yang dilewati (metadata, perhitungan): tidak ditanyakan kepada warga.",
            "A row left out (metadata, calculation): it asks the citizen nothing.",
        ),
    ),
    "XLSFORM_ASSUMED": (
        "warning",
        Text(
            "Sesuatu yang tidak dinyatakan XLSForm diisi dengan nilai bawaan; periksa.",
            "Something the XLSForm does not say was filled with a default; check it.",
        ),
    ),
}


@dataclass(frozen=True)
class ImportProblem:
    """One problem of an XLSForm, at a cell (``row`` 0 and ``column`` "" when it concerns the whole sheet)."""

    sheet: str
    row: int
    column: str  # the column letter, e.g. "F"
    header: str  # the column's header, e.g. "relevant"
    code: str
    text: Text

    @property
    def severity(self) -> str:
        return CODES[self.code][0]

    @property
    def cell(self) -> str:
        """``survey!F12`` as a spreadsheet writes a reference ("" for the whole file)."""
        if not self.row:
            return self.sheet
        return f"{self.sheet}!{self.column}{self.row}"

    def format(self, file: str, language: str | None = None) -> str:
        """``form.xlsx:survey!F12 (relevant): XLSFORM_XPATH message``."""
        language = language or current_language()
        where = f" ({self.header})" if self.header else ""
        warning = {"id": "peringatan: ", "en": "warning: "}[language] if self.severity == "warning" else ""
        place = f"{file}:{self.cell}" if self.cell else file
        return f"{place}{where}: {self.code} {warning}{self.text.get(language)}"


def has_errors(problems: list[ImportProblem]) -> bool:
    return any(problem.severity == "error" for problem in problems)
