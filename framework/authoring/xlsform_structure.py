"""XLSForm rows → the shape of a definition: pages, fields, repeating groups, documents.

Driven by the begin/end rows: a top-level group is a page (the group
`unggah-dokumen` holds documents), a group in a page a `group` field, a
repeat a repeating group, a group deeper than the definition language
nests is flattened into its parent (its condition kept), and file
questions are documents wherever they are. Types are read here, their
meaning later (``xlsform_fields``); problems are collected with their cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from framework.authoring.problems import ImportProblem
from framework.authoring.xlsform_read import SurveyRow, Workbook, problem
from framework.core.text import Text, msg

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


class Structure:
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
    "pengulangan di dalam kelompok atau pengulangan lain tidak "
    "ada padanannya; letakkan `begin_repeat` langsung di halaman",
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
