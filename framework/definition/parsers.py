"""The two YAML parsers, assembled once, with a resolver that skips per-scalar work.

ruamel.yaml's ``YAML(typ="safe")`` object defines a new loader class on every
``load`` with libyaml, and its versioned resolver looks up the YAML version
for every scalar (a third of the time of a C load). Definitions are always
YAML 1.2, so the resolver's table is built once. Both loaders construct plain
dicts, lists, strings and numbers; dates stay text (see ``_PlainConstructor``).

- :func:`fast_load`: libyaml (``ruamel.yaml.clib``), for valid files;
- :func:`pure_compose` + :func:`construct`: ruamel's pure-Python parser, for the
  YAML 1.2 that libyaml (a 1.1 parser) rejects, such as ``{id: Kembar?, en: Twins?}``;
  the composed node tree keeps every position, so it also serves to locate errors;
- :func:`fast_compose`: libyaml's node tree, the cheap way to locate errors in a
  file libyaml can read.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ruamel.yaml.composer import Composer, ReusedAnchorWarning
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.parser import Parser
from ruamel.yaml.reader import Reader
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scanner import Scanner
from ruamel.yaml.tag import Tag

try:
    from _ruamel_yaml import CParser
except ImportError:  # pragma: no cover - ruamel.yaml.clib is a dependency; keep working without it
    CParser = None


class _PlainConstructor(SafeConstructor):
    """Safe constructor that keeps dates as text.

    Definitions compare dates inside expressions, never as YAML values; a bare
    ``2024-01-01`` stays the string the author wrote so the meta-schema sees
    one type.
    """


_PlainConstructor.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


def _yaml12_table() -> dict[str, tuple[tuple[str, Any], ...]]:
    """Implicit resolvers of YAML 1.2 by first character ("" for the empty scalar)."""
    table = VersionedResolver().versioned_resolver  # without a loader: the default version, 1.2
    anywhere = tuple(_compiled(table.get(None, ())))
    return {
        first: tuple(_compiled(resolvers)) + anywhere for first, resolvers in table.items() if first is not None
    } | {"*": anywhere}


def _compiled(resolvers: Any) -> Iterator[tuple[str, Any]]:
    """The resolvers with ruamel's lazily compiled patterns compiled now: each use of a lazy
    pattern goes through a Python-level attribute lookup, a fifth of the time of a load."""
    for tag, regexp in resolvers:
        yield tag, (regexp.lazy_self() if hasattr(regexp, "lazy_self") else regexp)


@lru_cache(maxsize=4096)
def resolved(kind: Any, value: Any, implicit: Any) -> Any:
    """The tag of a node under YAML 1.2 (what a resolver's ``resolve`` answers), kept for repeated values.

    libyaml asks for every scalar's tag, and a file repeats most values
    (``true``, ``text``, ``1``): a repeated one is answered inside
    ``lru_cache``'s C code without a Python call. It reads only module
    tables, so one cache serves every loader and thread and holds no loader.
    """
    if kind is ScalarNode:
        if implicit[0]:
            for tag, regexp in _TABLE.get(value[:1], _TABLE["*"]):
                if regexp.match(value):
                    return _yaml_tag(tag)
        return VersionedResolver.DEFAULT_SCALAR_TAG
    if kind is SequenceNode:
        return VersionedResolver.DEFAULT_SEQUENCE_TAG
    return VersionedResolver.DEFAULT_MAPPING_TAG


_TABLE = _yaml12_table()
_TAGS: dict[str, Tag] = {}


class _Resolver12(VersionedResolver):
    """The YAML 1.2 resolver with its table looked up once, not per scalar, and its answers cached."""

    resolve = staticmethod(resolved)


def _yaml_tag(suffix: str) -> Tag:
    tag = _TAGS.get(suffix)
    if tag is None:
        tag = _TAGS[suffix] = Tag(suffix=suffix)
    return tag


class _PureLoader(Reader, Scanner, Parser, Composer, _PlainConstructor, _Resolver12):
    max_depth = 0  # nesting is limited before parsing (load.py), with a located error

    def __init__(self, stream: str) -> None:
        self.comment_handling = None
        Reader.__init__(self, stream, loader=self)
        Scanner.__init__(self, loader=self)
        Parser.__init__(self, loader=self)
        Composer.__init__(self, loader=self)
        _PlainConstructor.__init__(self, loader=self)
        _Resolver12.__init__(self, loadumper=self)
        self.allow_duplicate_keys = False


if CParser is not None:

    class _FastLoader(CParser, _PlainConstructor, _Resolver12):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            self._parser = self._composer = self
            _PlainConstructor.__init__(self, loader=self)
            _Resolver12.__init__(self, loadumper=self)
            self.allow_duplicate_keys = False

else:  # pragma: no cover
    _FastLoader = _PureLoader  # type: ignore[misc, assignment]


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SCALARS = frozenset(
    {
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:timestamp",
    }
)
_MAP = "tag:yaml.org,2002:map"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_SEQ = "tag:yaml.org,2002:seq"


class _NotPlain(Exception):
    """The tree needs ruamel's full constructor: a duplicate key, a tag, a merge key."""


class ComplexKeyError(MarkedYAMLError):
    """A list or mapping used as a key (`? [a, b]: x`): YAML allows it, definitions never need it."""


def fast_load(text: str) -> Any:
    """Plain data of ``text`` with libyaml; raises ruamel's errors."""
    return fast_load_nodes(text)[0]


def fast_load_nodes(text: str) -> tuple[Any, Node | None]:
    """Plain data of ``text`` with libyaml, and the node tree it was built from.

    libyaml composes the node tree in C; building dicts, lists and strings
    from it here is three times faster than ruamel's general constructor,
    which still handles numbers, booleans, and everything unusual (duplicate
    keys, tags, merge keys), where its errors are the ones reported. The tree
    locates problems found right after loading without parsing again.
    """
    with _opened(_FastLoader, text) as loader:
        node = loader.get_single_node()
        if node is None:
            return None, None
        try:
            return _plain(node, loader), node
        except _NotPlain:
            return loader.construct_document(node), node


_DECIMAL = re.compile(r"[-+]?[0-9]+")
_BOOLEANS = {"true": True, "false": False}


def _tag(node: Node) -> str:
    """The node's tag as text; the resolver's own tags without ruamel's per-node formatting."""
    ctag = node.ctag
    return ctag.suffix if ctag.handle is None and isinstance(ctag.suffix, str) else str(node.tag)


def _scalar(node: ScalarNode, tag: str, loader: Any) -> Any:
    """Plain value of a scalar: texts, whole numbers, booleans and nulls directly (most of a
    file, and all of a hostile one), anything else through ruamel's constructor."""
    value = node.value
    if tag == _STR:
        return value
    if tag == _INT and _DECIMAL.fullmatch(value):
        return int(value)
    if tag == _BOOL and value.lower() in _BOOLEANS:
        return _BOOLEANS[value.lower()]
    if tag == _NULL:
        return None
    if tag in _SCALARS:
        return loader.construct_object(node)
    raise _NotPlain


# the tag the resolver gives every text scalar (one object): a node holding it is its text, without more checks
_TEXT = VersionedResolver.DEFAULT_SCALAR_TAG


def _plain(node: Node, loader: Any) -> Any:
    if isinstance(node, ScalarNode):
        return node.value if node.ctag is _TEXT else _scalar(node, _tag(node), loader)
    tag = _tag(node)
    if isinstance(node, MappingNode) and tag == _MAP:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise ComplexKeyError(
                    problem="a key must be a word or a text, not a list or a mapping", problem_mark=key_node.start_mark
                )
            key = key_node.value if key_node.ctag is _TEXT else _plain(key_node, loader)
            if key == "<<" or key in mapping:
                raise _NotPlain
            mapping[key] = value_node.value if value_node.ctag is _TEXT else _plain(value_node, loader)
        return mapping
    if isinstance(node, SequenceNode) and tag == _SEQ:
        return [_plain(item, loader) for item in node.value]
    raise _NotPlain


@contextmanager
def _opened(kind: type, text: str) -> Iterator[Any]:
    loader = kind(text)
    try:
        yield loader
    finally:
        loader.dispose()
        # a loader refers to itself (its reader, scanner, parser and composer are all it): without those
        # references reference counting frees it at once, also while the cycle collector is paused
        vars(loader).clear()


def fast_compose(text: str) -> Node | None:
    """libyaml's node tree of ``text`` (every node knows its position)."""
    with _opened(_FastLoader, text) as loader:
        return loader.get_single_node()


def pure_compose(text: str) -> Node | None:
    """The pure-Python parser's node tree of ``text``."""
    with _opened(_PureLoader, text) as loader, warnings.catch_warnings():
        # an anchor used twice only matters to an alias, and aliases are refused before parsing
        warnings.simplefilter("ignore", ReusedAnchorWarning)
        return loader.get_single_node()


def events(text: str, pure: bool) -> Iterator[Any]:
    """Parser events one at a time; the pure parser is iterative, so safe on deep input."""
    with _opened(_PureLoader if pure else _FastLoader, text) as loader:
        while loader.check_event():
            yield loader.get_event()


def construct(node: Node) -> Any:
    """Plain data of a composed node tree (duplicate keys and tags are refused here)."""
    with _opened(_PureLoader, "") as loader:
        try:
            return _plain(node, loader)
        except _NotPlain:
            return loader.construct_document(node)


class Children:
    """The children of a node tree by key, each mapping read once.

    Locating a problem walks its path from the root; a mapping searched
    key by key would make locating n problems in one mapping cost n² steps
    (a hostile file of 90,000 unknown keys took minutes). Each mapping is
    turned into a dict the first time a path passes through it, so locating
    every problem of a file costs time in proportion to the file.
    """

    def __init__(self) -> None:
        self._mappings: dict[int, dict[str, tuple[Node, Node]]] = {}

    def child(self, node: Node | None, step: str | int | None, key: bool = False) -> Node | None:
        """The node at ``step`` under ``node`` (the key's node when ``key``), or None."""
        if isinstance(node, SequenceNode) and isinstance(step, int):
            return node.value[step] if 0 <= step < len(node.value) else None
        if not isinstance(node, MappingNode):
            return None
        keys = self._keys(node)
        names = _NULLS if step is None else (str(step),)
        pair = next((keys[name] for name in names if name in keys), None)
        if pair is None:
            return None
        return pair[0] if key else pair[1]

    def _keys(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        keys = self._mappings.get(id(node))
        if keys is None:
            keys = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode):
                    keys.setdefault(key_node.value, (key_node, value_node))
            self._mappings[id(node)] = keys
        return keys


# --- keeping libyaml for `{id: Kembar?, en: Twins?}` ---------------------------------------

MAX_QUOTINGS = 50
_ENDS_SCALAR = ",}]"


def fast_load_quoting(text: str) -> tuple[Any, Node | None, str, tuple[tuple[int, int], ...]]:
    """Plain data of ``text`` with libyaml, quoting the flow texts it cannot read.

    libyaml, a YAML 1.1 parser, ends a plain scalar at `?` inside `{...}` or
    `[...]`, where YAML 1.2 reads on. Each time it stops at such a `?`, the
    text around it is put in single quotes (the same string, to YAML) and
    libyaml tries again. Returns the data, the text libyaml read and where the
    added quotes are, as (line, column) in that text, so positions can be
    mapped back. Raises the first error when the problem is anything else.
    """
    current = text
    added: list[tuple[int, int]] = []
    first: MarkedYAMLError | None = None
    for _ in range(MAX_QUOTINGS):
        try:
            return (*fast_load_nodes(current), current, tuple(added))
        except (DuplicateKeyError, ConstructorError, ComplexKeyError):
            raise
        except MarkedYAMLError as exc:
            first = first or exc
            quoted = _quote_flow_scalar(current, exc.problem_mark, added)
            if quoted is None:
                raise first from None
            current = _quote_rest_of_line(quoted, exc.problem_mark.line, added)
    raise first  # type: ignore[misc]


def _quote_flow_scalar(text: str, mark: Any, added: list[tuple[int, int]]) -> str | None:
    """``text`` with the plain flow scalar holding the `?` at ``mark`` quoted, or None."""
    if mark is None:
        return None
    lines = text.split("\n")
    if mark.line >= len(lines):
        return None
    line = lines[mark.line]
    at = mark.column
    if at >= len(line) or line[at] != "?":
        return None
    start = at
    while start > 0 and line[start - 1] not in "{[," and line[start - 2 : start] != ": ":
        start -= 1
    while start < at and line[start] == " ":
        start += 1
    end = at + 1
    while (
        end < len(line)
        and line[end] not in _ENDS_SCALAR
        and not (line[end] == ":" and line[end + 1 : end + 2] in (" ", ",", "}", "]", ""))
    ):
        end += 1
    while end > at + 1 and line[end - 1] == " ":
        end -= 1
    scalar = line[start:end]
    if not scalar or scalar[0] in "'\"&*!|>%@`#" or start == 0 or "#" in scalar:
        return None
    inner = scalar.count("'")
    added[:] = [
        (row, col + (col >= start) + (inner + 1) * (col >= end)) if row == mark.line else (row, col)
        for row, col in added
    ]
    new = [start]  # the opening quote
    position = start + 1
    for char in scalar:
        position += 1
        if char == "'":
            new.append(position)  # the doubling quote, right after the author's
            position += 1
    new.append(position)  # the closing quote
    added.extend((mark.line, col) for col in new)
    lines[mark.line] = line[:start] + "'" + scalar.replace("'", "''") + "'" + line[end:]
    return "\n".join(lines)


def _quote_rest_of_line(text: str, row: int, added: list[tuple[int, int]]) -> str:
    """Also quote the other `?` texts of the same flow line (`{id: Kembar?, en: Twins?}`):
    one retry of libyaml instead of one per question mark."""
    for _ in range(MAX_QUOTINGS):
        line = text.split("\n")[row]
        depth, quote, found = 0, "", None
        for column, char in enumerate(line):
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char in "{[":
                depth += 1
            elif char in "}]":
                depth -= 1
            elif char == "#" and column and line[column - 1] == " ":
                break
            elif char == "?" and depth > 0:
                found = column
                break
        if found is None:
            return text
        quoted = _quote_flow_scalar(text, _At(row, found), added)
        if quoted is None:
            return text
        text = quoted
    return text


@dataclass(frozen=True)
class _At:
    line: int
    column: int


def original_column(line: int, column: int, added: tuple[tuple[int, int], ...]) -> int:
    """The column in the author's text of ``column`` in the quoted text."""
    return column - sum(1 for row, col in added if row == line and col < column)
