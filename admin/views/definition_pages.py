"""What the proposal, review and catalog screens share: the source with its problems beside each line,
changes in words, the words for statuses, and reading an uploaded or pasted definition.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import FileStorage

from framework.core.errors import NUL, FieldError, field_error
from framework.definition.diff import DiffResult
from framework.definition.errors import DefinitionError
from framework.definition.model import ServiceSpec
from framework.generate.changes import ChangeLine, change_lines, value_words
from framework.services.catalog_audit import ACTION_WORDS, KIND_WORDS, STATUS_WORDS
from framework.services.publication import MAX_SOURCE_BYTES
from framework.web.site import language

DEFAULT_NAME = "usulan.yaml"
# a pasted definition's form field: Werkzeug's 500 kB default refused half the page's own 1 MB (413, text lost);
# room for a browser's CRLF line ends and for text past 1 MB, so that one is refused on the page with its text kept
PASTED_FIELD_CAP = 4 * MAX_SOURCE_BYTES


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    problems: tuple[DefinitionError, ...] = ()


@dataclass(frozen=True)
class Typed:
    """A definition as the admin gave it (uploaded or pasted), kept whole to show again after any error."""

    source: str = ""
    filename: str = DEFAULT_NAME
    errors: list[FieldError] = field(default_factory=list)


def source_lines(source: str, problems: Iterable[DefinitionError]) -> list[SourceLine]:
    """Each line of ``source`` with the problems located on it (shown beside the line, not in a separate list)."""
    by_line: dict[int, list[DefinitionError]] = {}
    for problem in problems:
        by_line.setdefault(problem.line, []).append(problem)
    return [
        SourceLine(number, text, tuple(by_line.get(number, ())))
        for number, text in enumerate(source.splitlines() or [""], start=1)
    ]


def in_words(diff: DiffResult | None, old: ServiceSpec | None, new: ServiceSpec | None) -> list[ChangeLine]:
    return change_lines(diff.changes, old, new, language()) if diff else []


def words() -> dict[str, Any]:
    """The words templates use for a definition's status, kind, review actions, SLA and fee, in the page's language."""
    return {
        "status_word": lambda status: _word(STATUS_WORDS, status),
        "kind_word": lambda kind: _word(KIND_WORDS, kind),
        "action_word": lambda action: _word(ACTION_WORDS, action),
        "sla_words": lambda sla: value_words("sla", sla, None, language()),
        "fee_words": lambda fee: value_words("fee", fee, None, language()),
    }


def _word(table: Mapping[str, Any], key: str) -> str:
    return table[key].get(language()) if key in table else key


NOT_UTF8 = (
    "Berkas bukan teks UTF-8; simpan ulang sebagai UTF-8 lalu unggah lagi.",
    "The file is not UTF-8 text; save it as UTF-8 and upload it again.",
)
NUL_IN_FILE = (
    "Berkas berisi karakter NUL (baris %(line)s), yang tidak "
    "boleh ada dalam teks YAML; simpan ulang sebagai teks biasa.",
    "The file holds a NUL character (line %(line)s), which YAML text cannot; save it again as plain text.",
)
NUL_IN_TEXT = (
    "Teks berisi karakter NUL (baris %(line)s, ditandai \ufffd), yang tidak "
    "boleh ada dalam YAML; hapus lalu ketik ulang.",
    "The text holds a NUL character (line %(line)s, marked \ufffd), which YAML cannot; delete it and type it again.",
)
TOO_LARGE_FILE = (
    "Berkas lebih dari 1 MB, batas sebuah definisi; pilih berkas yang lebih kecil.",
    "The file is over 1 MB, the limit of one definition; choose a smaller file.",
)
TOO_LARGE_TEXT = (
    "Teks lebih dari 1 MB, batas sebuah definisi; teks tetap di kotak ini untuk dipersingkat.",
    "The text is over 1 MB, the limit of one definition; it stays in the box to be shortened.",
)
NOTHING_GIVEN = (
    "Unggah berkas YAML atau tempel isinya di kotak teks.",
    "Upload a YAML file or paste its text in the box.",
)


def nul_in_source(source: str, where: str, texts: tuple[str, str] = NUL_IN_FILE) -> FieldError | None:
    """The error, beside input ``where``, for YAML text holding a NUL, naming the line of the first one; None when
    it holds none (a proposal's text or file here, a builder upload in ``builder``)."""
    if NUL not in source:
        return None
    line = source[: source.index(NUL)].count("\n") + 1
    return field_error(where, "nul_character", *(text % {"line": line} for text in texts))


def read_typed(form: Mapping[str, str], upload: FileStorage | None) -> Typed:
    """The uploaded file if one was chosen, else the pasted text; a file that is not UTF-8 is shown, not lost."""
    filename = (form.get("nama_berkas") or "").replace(NUL, "").strip() or DEFAULT_NAME  # a hidden echo, not typed
    if upload is not None and upload.filename:
        data = upload.read(MAX_SOURCE_BYTES + 1)  # a larger file is refused here, not read whole
        filename = upload.filename
        if len(data) > MAX_SOURCE_BYTES:
            return Typed("", filename, [field_error("berkas", "too_large", *TOO_LARGE_FILE)])
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError:
            return Typed(data.decode("utf-8", "replace"), filename, [field_error("berkas", "not_utf8", *NOT_UTF8)])
    else:
        source = (form.get("isi") or "").replace("\r\n", "\n")
    where, texts = ("berkas", NUL_IN_FILE) if upload is not None and upload.filename else ("isi", NUL_IN_TEXT)
    if (nul := nul_in_source(source, where, texts)) is not None:  # a NUL never reaches a page or the database
        return Typed(source.replace(NUL, "\ufffd"), filename, [nul])
    if not source.strip():
        return Typed(source, filename, [field_error("berkas", "required", *NOTHING_GIVEN)])
    if len(source.encode("utf-8")) > MAX_SOURCE_BYTES:  # kept in the box, to shorten or split
        return Typed(source, filename, [field_error("isi", "too_large", *TOO_LARGE_TEXT)])
    return Typed(source, filename)
