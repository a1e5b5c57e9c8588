"""Reading a definition file into plain data, refusing hostile input quickly.

Two loaders, one meaning:
- the fast path parses with ruamel's safe loader on libyaml (``ruamel.yaml.clib``),
  about 3 ms for the reference example, falling back to ruamel's pure-Python
  safe loader for the few YAML 1.2 constructs libyaml rejects;
- positions are only needed when something is wrong, so the round-trip loader
  (about 20 ms, keeps line and column of every key and value) runs lazily, in
  :class:`Locator`, only for files that have problems.

Everything that could hang or crash a parser (huge files, alias bombs, deep
flow nesting, arbitrary tags) is refused before or during parsing with a
located error, never a traceback.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.nodes import Node, ScalarNode
from ruamel.yaml.reader import ReaderError

from framework.core.allocation import collection_paused
from framework.definition.errors import DefinitionError, Severity
from framework.definition.messages import Text, msg
from framework.definition.parsers import (
    Children,
    ComplexKeyError,
    construct,
    events,
    fast_compose,
    fast_load_quoting,
    original_column,
    pure_compose,
)
from framework.definition.remedies import yaml_problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 40  # nested mappings and lists; the reference example needs 7
_BRACKETS = re.compile(r"[\[\]{}]")
# Block nesting costs at least one column per level, so only a line whose
# content starts this far right (indentation, `- ` and `? ` markers) can nest
# deeper than MAX_DEPTH; only then is the nesting counted exactly.
_DEEP_LINE = re.compile(rf"^[ ?-]{{{MAX_DEPTH - 1},}}\S", re.MULTILINE)


@dataclass(frozen=True)
class Loaded:
    """A file read into plain data (or the errors that stopped it)."""

    file: str
    text: str
    data: dict[str, Any] | None
    digest: str
    errors: tuple[DefinitionError, ...] = ()
    # how it was parsed, so problems can be located without parsing again:
    # the node tree (dropped with `without_nodes` once the first checks ran),
    # and the text libyaml read after quoting `{id: Kembar?}` texts, with
    # where the quotes went
    nodes: Node | None = field(default=None, repr=False, compare=False)
    parser: str = "libyaml"  # or "pure" for the pure-Python last resort
    quoted: tuple[str, tuple[tuple[int, int], ...]] | None = field(default=None, repr=False, compare=False)
    _locator: list = field(default_factory=list, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.data is not None

    @property
    def tree(self) -> dict[str, Any]:
        """The parsed mapping of a file that loaded; callers check ``ok`` first."""
        if self.data is None:
            raise ValueError(f"{self.file} did not load: {[e.code for e in self.errors]}")
        return self.data

    def without_nodes(self) -> Loaded:
        """The same file, without the node tree (it is large; later problems parse again)."""
        return replace(self, nodes=None, _locator=[])

    def locator(self) -> Locator:
        if not self._locator:
            self._locator.append(Locator(self.text, self.nodes, self.quoted))
        return self._locator[0]


YAML_SUFFIXES = (".yaml", ".yml")


def yaml_files(folder: Path, *, recursive: bool = False) -> list[Path]:
    """The YAML files in ``folder`` (and below it, if ``recursive``), sorted; `KK.YAML` counts as YAML.

    Why not ``glob("*.y*ml")``: a glob is case-sensitive, and a file saved on
    Windows as `kk-gowa.YAML` was silently left out of the catalog while
    `mpp validate` said every definition was valid.
    """
    found = folder.rglob("*") if recursive else folder.glob("*")
    return sorted(path for path in found if path.suffix.lower() in YAML_SUFFIXES)  # a folder so named: unreadable


def _error(file: str, code: str, message: Text, line: int = 1, col: int = 1) -> DefinitionError:
    return DefinitionError(file, line, col, code, message, Severity.ERROR)


def load_file(path: str | Path, display: str | None = None) -> Loaded:
    display = display or str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return _failed(
            display,
            "",
            b"",
            _error(
                display,
                "FILE_UNREADABLE",
                msg(f"berkas tidak dapat dibaca: {exc.strerror}", f"cannot read the file: {exc.strerror}"),
            ),
        )
    return load_bytes(raw, display)


def load_bytes(raw: bytes, file: str) -> Loaded:
    digest = hashlib.sha256(raw).hexdigest()
    if len(raw) > MAX_BYTES:
        return _failed(
            file,
            "",
            raw,
            _error(
                file,
                "FILE_TOO_LARGE",
                msg(
                    f"berkas lebih besar dari {MAX_BYTES // 1_000_000} MB; definisi layanan hanya beberapa kilobita",
                    f"the file is larger than {MAX_BYTES // 1_000_000} MB; a service definition is a few kilobytes",
                ),
            ),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_offset(raw, exc.start)
        return _failed(
            file,
            "",
            raw,
            _error(
                file,
                "NOT_UTF8",
                msg(
                    f"bita 0x{raw[exc.start]:02x} bukan UTF-8; simpan berkas sebagai UTF-8",
                    f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8",
                ),
                line,
                col,
            ),
        )
    return load_text(text, file, digest)


def load_text(text: str, file: str = "<text>", digest: str | None = None) -> Loaded:
    digest = digest or hashlib.sha256(text.encode("utf-8")).hexdigest()
    text = text.removeprefix("\ufeff")
    problem = _precheck(text, file)
    if problem:
        return _failed(file, text, None, problem, digest)
    try:
        data, nodes, quoted, parser = _parse(text)
    except DuplicateKeyError as exc:
        return _failed(
            file, text, None, _from_marked(file, "DUPLICATE_KEY", _duplicate_message(exc, text), exc), digest
        )
    except ConstructorError as exc:
        return _failed(
            file,
            text,
            None,
            _from_marked(
                file,
                "BAD_TAG",
                msg(
                    "tag seperti `!!python/...` atau `!x` tidak diizinkan dalam definisi",
                    "tags such as `!!python/...` or `!x` are not allowed in definitions",
                ),
                exc,
            ),
            digest,
        )
    except MarkedYAMLError as exc:
        error = (
            _odd_space(text, file, exc)
            or _tabs(text, file, exc)
            or _misaligned(text, file, exc)
            or _from_marked(file, "YAML_SYNTAX", _syntax_message(exc), exc)
        )
        return _failed(file, text, None, error, digest)
    except ReaderError as exc:
        return _failed(file, text, None, _control_character(text, file, exc), digest)
    except RecursionError:
        return _failed(
            file,
            text,
            None,
            _error(
                file,
                "TOO_DEEP",
                msg(
                    "berkas bersarang terlalu dalam untuk sebuah definisi",
                    "the file nests too deeply to be a definition",
                ),
            ),
            digest,
        )
    except YAMLError as exc:
        return _failed(
            file,
            text,
            None,
            _error(file, "YAML_SYNTAX", msg(f"YAML tidak sah: {yaml_problem('')}", str(exc).splitlines()[-1])),
            digest,
        )
    if data is None:
        return _failed(
            file,
            text,
            None,
            _error(
                file,
                "EMPTY_FILE",
                msg(
                    "berkas kosong; definisi diawali dengan `service: <sektor>.<nama>`",
                    "the file is empty; a definition starts with `service: <sector>.<name>`",
                ),
            ),
            digest,
        )
    if not isinstance(data, dict):
        kind = msg("daftar", "a list") if isinstance(data, list) else msg("satu nilai tunggal", "a single value")
        return _failed(
            file,
            text,
            None,
            _error(
                file,
                "NOT_A_MAPPING",
                msg(
                    f"tingkat teratas berupa {kind.id}; definisi adalah "
                    f"pemetaan kunci seperti `service:`, `title:`, `pages:`",
                    f"the top level is {kind.en}; a definition is a "
                    f"mapping of keys such as `service:`, `title:`, `pages:`",
                ),
            ),
            digest,
        )
    return Loaded(file, text, data, digest, nodes=nodes, parser=parser, quoted=quoted)


def _failed(file: str, text: str, raw: bytes | None, error: DefinitionError, digest: str | None = None) -> Loaded:
    digest = digest or hashlib.sha256(raw or b"").hexdigest()
    return Loaded(file, text, None, digest, (error,))


def _precheck(text: str, file: str) -> DefinitionError | None:
    """Refuse what would make a parser hang, explode or crash."""
    if ("[" in text or "{" in text) and (problem := _flow_depth_problem(text, file)):
        return problem
    if _DEEP_LINE.search(text) and (problem := _block_depth_problem(text, file)):
        return problem
    if "*" in text and "&" in text:
        return _alias_problem(text, file)
    return None


def _flow_depth_problem(text: str, file: str) -> DefinitionError | None:
    # libyaml recurses in C on nested flow collections and crashes the process
    # on very deep input; a definition never nests flow collections deeply.
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            line, col = _line_col_of_offset(text, match.start())
            return _error(
                file,
                "TOO_DEEP",
                msg(
                    f"kurung bersarang lebih dari {MAX_DEPTH} tingkat",
                    f"brackets nest more than {MAX_DEPTH} levels deep",
                ),
                line,
                col,
            )
    return None


def _block_depth_problem(text: str, file: str) -> DefinitionError | None:
    # libyaml also recurses on deep block nesting (`- - - - x`, ever deeper
    # indentation) and the Python stages after it recurse too. The pure
    # parser is an iterative state machine: count its nesting, stop early.
    depth = 0
    try:
        for event in events(text, pure=True):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return _error(
                        file,
                        "TOO_DEEP",
                        msg(
                            f"daftar dan pemetaan bersarang lebih dari {MAX_DEPTH} tingkat",
                            f"lists and mappings nest more than {MAX_DEPTH} levels deep",
                        ),
                        mark.line + 1,
                        mark.column + 1,
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        return None  # the real parse reports the syntax error with its position
    return None


def _alias_problem(text: str, file: str) -> DefinitionError | None:
    # An alias can make a tiny file expand into billions of nodes downstream
    # ("billion laughs"); definitions reuse through `extends`, not aliases.
    # libyaml first; where it stops (e.g. at `{id: Kembar?}`), the pure
    # parser, so an alias further down is still found.
    for pure in (False, True):
        try:
            for event in events(text, pure=pure):
                if isinstance(event, AliasEvent):
                    mark = event.start_mark
                    return _error(
                        file,
                        "ALIAS_NOT_ALLOWED",
                        msg(
                            "alias YAML (`*nama`) tidak diizinkan dalam definisi; "
                            "tulis nilainya, atau pakai ulang templat dengan `extends`",
                            "YAML aliases (`*name`) are not allowed in definitions; "
                            "write the value out, or reuse a template with `extends`",
                        ),
                        mark.line + 1,
                        mark.column + 1,
                    )
            return None
        except YAMLError:
            continue
    return None  # the real parse reports the syntax error with its position


def _parse(text: str) -> tuple[Any, Node | None, tuple[str, tuple[tuple[int, int], ...]] | None, str]:
    """Plain data, its node tree, the quoted text when libyaml needed quotes, and the parser.

    The cyclic collector waits meanwhile: a node per key and value, no cycles (core/allocation.py).
    """
    with collection_paused():
        try:
            data, nodes, read, added = fast_load_quoting(text)
            return data, nodes, ((read, added) if added else None), "libyaml"
        except (DuplicateKeyError, ConstructorError, ComplexKeyError):
            raise
        except MarkedYAMLError:
            # what libyaml (YAML 1.1) rejects for another reason than a `?` in a
            # flow text: the pure YAML 1.2 parser decides
            nodes = pure_compose(text)
            return (construct(nodes) if nodes is not None else None), nodes, None, "pure"


def _from_marked(file: str, code: str, message: Text, exc: MarkedYAMLError) -> DefinitionError:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return _error(file, code, message)
    return _error(file, code, message, mark.line + 1, mark.column + 1)


# Spaces a word processor or a web page leaves behind: YAML reads them as text, not as indentation.
_ODD_SPACES = "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u200b\u3000"
# where one breaks the structure: in the indentation, after a `- ` or right after a key's `:`
_ODD_INDENT = re.compile(rf"^[ ]*(?:-[ ]*)?(?:[\w.-]+:)?([{_ODD_SPACES}])", re.MULTILINE)


def _odd_space(text: str, file: str, exc: MarkedYAMLError) -> DefinitionError | None:
    """A syntax error caused by a non-breaking (or other unusual) space where YAML needs a space, located there.

    Pasted from a document, it looks like a space; the parser's own error
    ("mapping values are not allowed") points elsewhere and misleads.
    """
    mark = exc.problem_mark or exc.context_mark
    index = getattr(mark, "index", None)
    last = text.find("\n", index) if isinstance(index, int) else -1
    found = _ODD_INDENT.search(text, 0, last if last >= 0 else len(text))
    if found is None:
        return None
    line, col = _line_col_of_offset(text, found.start(1))
    return _error(
        file,
        "YAML_SYNTAX",
        msg(
            f"YAML tidak sah: di sini ada spasi khusus U+{ord(found.group(1)):04X} (biasanya terbawa saat "
            f"menyalin dari dokumen atau situs web); ganti dengan spasi biasa",
            f"here is the special space U+{ord(found.group(1)):04X} (often pasted from a document "
            f"or a web page); replace it with an ordinary space",
        ),
        line,
        col,
    )


def _tabs(text: str, file: str, exc: MarkedYAMLError) -> DefinitionError | None:
    """Every line indented with a tab, named at once (the parser stops at the first: one round per line)."""
    if "found character '\\t'" not in (exc.problem or ""):
        return None
    tabbed = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if "\t" in _indent_of(line)]
    if not tabbed:
        return None
    where = _ranges([number for number, _line in tabbed])
    return _error(
        file,
        "YAML_SYNTAX",
        msg(
            f"YAML tidak sah: indentasi dengan tab di baris {where}; gunakan spasi (pengaturan editor: "
            f"'sisipkan spasi' / 'insert spaces')",
            f"indented with tabs on line(s) {where}; indent with spaces (the editor's 'insert spaces' setting)",
        ),
        tabbed[0][0],
        tabbed[0][1].index("\t") + 1,
    )


def _misaligned(text: str, file: str, exc: MarkedYAMLError) -> DefinitionError | None:
    """A line indented less or more than the keys around it, said as such (the parser's words mislead).

    Less: "expected <block end>, but found '?'" ("a key without `:`", though
    it has one). More, after a `key: value` line: the line is read as the
    rest of that value, and "mapping values are not allowed here" advised
    quoting a text that needed none.
    """
    mark, problem = exc.problem_mark, exc.problem or ""
    if mark is None or not ("expected <block end>" in problem or "mapping values are not allowed" in problem):
        return None
    lines = text.splitlines()
    if mark.line >= len(lines):
        return None
    here = lines[mark.line]
    previous = next(
        (n for n in range(mark.line - 1, -1, -1) if lines[n].strip() and not lines[n].lstrip().startswith("#")), None
    )
    if previous is None or not here.strip():
        return None
    column, key_column = len(_indent_of(here)), _key_column(lines[previous])
    if "mapping values" in problem:
        value_above = re.match(r"\s*(?:-\s+)?[\w.-]+:\s+\S", lines[previous])
        if column <= key_column or value_above is None or mark.column < column:
            return None  # a `:` in a text on its own line: the quoting advice is right
        said = (
            f"baris {mark.line + 1} lebih menjorok (kolom {column + 1}) daripada kunci di baris {previous + 1} "
            f"(kolom {key_column + 1}), sehingga dibaca sebagai lanjutan nilai kunci itu",
            f"line {mark.line + 1} is indented further (column {column + 1}) than the key on line {previous + 1} "
            f"(column {key_column + 1}), so it is read as the rest of that key's value",
        )
    else:
        if column == key_column:
            return None
        said = (
            f"baris {mark.line + 1} dimulai di kolom {column + 1}, tidak sejajar dengan kunci di baris "
            f"{previous + 1} (kolom {key_column + 1})",
            f"line {mark.line + 1} starts at column {column + 1}, out of line with the key on line "
            f"{previous + 1} (column {key_column + 1})",
        )
    return _error(
        file,
        "YAML_SYNTAX",
        msg(
            f"YAML tidak sah: indentasi tidak cocok: {said[0]}; samakan indentasinya dengan kunci yang setingkat "
            f"(bila ini butir daftar baru, awali dengan `- `)",
            f"indentation does not match: {said[1]}; indent it like the keys of its level "
            f"(start it with `- ` if it is a new list item)",
        ),
        mark.line + 1,
        column + 1,
    )


def _indent_of(line: str) -> str:
    """The line's leading spaces and tabs."""
    return line[: len(line) - len(line.lstrip(" \t"))]


def _key_column(line: str) -> int:
    """Where the key of ``line`` starts: after its indentation and a list item's `- `."""
    found = re.match(r"( *)(-\s+)?", line)
    return len(found.group(0)) if found else 0


def _ranges(numbers: list[int]) -> str:
    """``[9, 10, 11, 14]`` → ``9–11, 14``."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def _control_character(text: str, file: str, exc: ReaderError) -> DefinitionError:
    """A control character (a NUL, a form feed) is refused where it is, with its code, not at 1:1."""
    character = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    offset = text.find(character)
    line, col = _line_col_of_offset(text, offset) if offset >= 0 else (1, 1)
    code = f"U+{ord(character):04X}" if len(character) == 1 else repr(character)
    return _error(
        file,
        "YAML_SYNTAX",
        msg(
            f"YAML tidak sah: karakter kendali {code} tidak boleh ada dalam definisi; hapus karakter itu "
            f"(tak terlihat, biasanya terbawa saat menyalin)",
            f"control character {code} is not allowed in a definition; delete it (it is invisible, usually pasted in)",
        ),
        line,
        col,
    )


_SYNTAX_HINTS = {
    "mapping values are not allowed": msg(
        "; teks yang memuat ': ' harus diberi tanda kutip", "; a text containing ': ' must be quoted"
    ),
    "found character '\\t'": msg("; gunakan spasi untuk indentasi, bukan tab", "; indent with spaces, not tabs"),
}


def _syntax_message(exc: MarkedYAMLError) -> Text:
    # the parser's own words are English: the Indonesian text says what they mean (remedies.yaml_problem)
    problem = exc.problem or "invalid YAML"
    context = f" ({exc.context})" if exc.context else ""
    hint = next((h for words, h in _SYNTAX_HINTS.items() if words in problem), msg("", ""))
    return msg(f"YAML tidak sah: {yaml_problem(problem)}", f"{problem}{context}") + hint


def _duplicate_message(exc: DuplicateKeyError, text: str) -> Text:
    found = re.search(r'found duplicate key "([^"]*)"', str(exc))
    key = found.group(1) if found else "?"
    first = _first_occurrence(text, key, exc)
    if first:
        return msg(
            f"kunci `{key}` muncul dua kali dalam pemetaan yang sama (pertama di baris {first}); hapus salah satunya",
            f"key `{key}` appears twice in the same mapping (first at line {first}); remove one",
        )
    return msg(
        f"kunci `{key}` muncul dua kali dalam pemetaan yang sama; hapus salah satunya",
        f"key `{key}` appears twice in the same mapping; remove one",
    )


def _first_occurrence(text: str, key: str, exc: DuplicateKeyError) -> int | None:
    """Line of the first ``key`` of the mapping, for block mappings (same column as the duplicate)."""
    start, duplicate = exc.context_mark, exc.problem_mark
    if start is None or duplicate is None:
        return None
    lines = text.splitlines()
    col = duplicate.column
    for number in range(start.line, duplicate.line):
        line = lines[number]
        if (
            line[col:].startswith(key)
            and line[col + len(key) :].lstrip(" ").startswith(":")
            and not line[:col].strip(" -?")
        ):
            return number + 1
    return None


def _line_col_of_offset(text: str | bytes, offset: int) -> tuple[int, int]:
    if isinstance(text, bytes):
        line, start = text.count(b"\n", 0, offset) + 1, text.rfind(b"\n", 0, offset) + 1
    else:
        line, start = text.count("\n", 0, offset) + 1, text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


class Locator:
    """Line and column of any key or value, from the file's node tree.

    Built only for files that have problems: valid files never need
    positions. libyaml composes the tree in C (from the quoted text when
    quotes were added, its columns mapped back); files only the pure parser
    reads arrive with the tree it already built.
    """

    def __init__(
        self, text: str, nodes: Node | None = None, quoted: tuple[str, tuple[tuple[int, int], ...]] | None = None
    ) -> None:
        self._root = nodes
        self._children = Children()
        read, self._added = quoted or (text, ())
        if nodes is None:
            try:
                self._root = fast_compose(read)
            except YAMLError:
                self._added = ()
                try:
                    self._root = pure_compose(text)
                except (YAMLError, RecursionError):
                    self._root = None

    def locate(self, path: tuple[str | int, ...], at: str = "value", offset: int = 0) -> tuple[int, int]:
        """Position of ``path``; if it does not exist, of its nearest existing parent.

        ``offset`` moves into a one-line text written plain or in quotes
        without escapes, where the author's characters are the string's.
        """
        node = self._root
        position = (1, 1)
        found = None
        for index, step in enumerate(path):
            last = index == len(path) - 1
            found = self._children.child(node, step, key=last and at == "key")
            if found is None:
                break
            mark = found.start_mark
            position = (mark.line + 1, original_column(mark.line, mark.column, self._added) + 1)
            node = found
        if offset and found is not None and _verbatim_on_one_line(found):
            mark = found.start_mark
            authors_quote = getattr(found, "style", None) in ("'", '"') and (mark.line, mark.column) not in self._added
            position = (position[0], position[1] + offset + authors_quote)
        return position

    def written(self, path: tuple[str | int, ...]) -> str | None:
        """The scalar at ``path`` exactly as the author wrote it (`73.10`, which YAML reads as the number 73.1)."""
        node = self._root
        for step in path:
            node = self._children.child(node, step, key=False)
            if node is None:
                return None
        return node.value if isinstance(node, ScalarNode) else None


def _verbatim_on_one_line(node: Node) -> bool:
    if (
        not isinstance(node, ScalarNode)
        or node.start_mark.line != node.end_mark.line
        or node.style not in (None, "", "'", '"')
    ):
        return False  # libyaml says "" for plain, ruamel's pure parser None
    length = node.end_mark.column - node.start_mark.column - (2 if node.style else 0)
    return length == len(node.value)  # no escapes, no doubled quotes
