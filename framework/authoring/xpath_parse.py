"""Reading XLSForm's XPath: a tokenizer and a recursive-descent parser for the expressions forms use.

The tree has five node kinds (a literal, a reference `${name}` or `.`, a
function call, a binary operator, a unary minus); paths, predicates and
unions are refused with the column where they start, since the condition
language has no counterpart for them (`framework.authoring.xpath` says what
to write instead).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from framework.core.text import Text, msg


class XPathError(ValueError):
    """XPath outside the translatable subset; ``offset`` is the 0-based character in the cell."""

    def __init__(self, text: Text, offset: int = 0) -> None:
        super().__init__(text.en)
        self.text = text
        self.offset = offset


@dataclass(frozen=True)
class Literal:
    value: str | int | float
    offset: int


@dataclass(frozen=True)
class Ref:
    name: str | None  # None: `.`, the question itself
    offset: int


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]
    offset: int


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node
    offset: int


@dataclass(frozen=True)
class Negative:
    operand: Node
    offset: int


Node = Literal | Ref | Call | Binary | Negative

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<ref>\$\{[^}]*\})
    | (?P<number>\d+(?:\.\d+)?|\.\d+)
    | (?P<string>'[^']*'|"[^"]*")
    | (?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,|\[|\]|/|\|)
    | (?P<dotdot>\.\.)
    | (?P<dot>\.)
    | (?P<name>[A-Za-z_][A-Za-z0-9_:-]*)
    )""",
    re.VERBOSE,
)
KEYWORDS = {"and", "or", "div", "mod"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    offset: int


def tokens(source: str) -> list[Token]:
    found, position = [], 0
    while position < len(source):
        if source[position:].strip() == "":
            break
        match = _TOKEN.match(source, position)
        if match is None or match.end() == position:
            offset = position + len(source[position:]) - len(source[position:].lstrip())
            raise XPathError(msg(f"`{source[offset]}` tidak dikenal", f"`{source[offset]}` is not understood"), offset)
        kind = match.lastgroup or ""
        text = match.group(kind)
        found.append(Token("keyword" if kind == "name" and text in KEYWORDS else kind, text, match.start(kind)))
        position = match.end()
    return found


PATHS = msg(
    "jalur XPath (`/data/...`, `..`, `[...]`) tidak diterjemahkan; tulis `${nama}`, atau untuk syarat atas baris "
    "pengulangan tulis kondisinya di kolom `mpp_relevant` dengan any()/all(), mis. `any(anggota.umur >= 17)`",
    "XPath paths (`/data/...`, `..`, `[...]`) are not translated; write `${name}`, or for a condition over the rows "
    "of a repeat write it in the `mpp_relevant` column with any()/all(), e.g. `any(anggota.umur >= 17)`",
)


class _Parser:
    """XPath 1.0 expressions: or < and < = != < relational < + - < * div mod < unary - < primary."""

    LEVELS: tuple[tuple[str, ...], ...] = (("or",), ("and",), ("=", "!="), ("<", "<=", ">", ">="), ("+", "-"))

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokens(source)
        self.position = 0

    def peek(self) -> Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise XPathError(msg("XPath berhenti di tengah", "the XPath ends too early"), len(self.source))
        self.position += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text != text:
            raise XPathError(msg(f"di sini diharapkan `{text}`", f"`{text}` expected here"), token.offset)

    def parse(self) -> Node:
        node = self.level(0)
        extra = self.peek()
        if extra is not None:
            raise XPathError(msg(f"`{extra.text}` tidak diharapkan", f"unexpected `{extra.text}`"), extra.offset)
        return node

    def level(self, depth: int) -> Node:
        if depth == len(self.LEVELS):
            return self.multiplicative()
        node = self.level(depth + 1)
        while (token := self.peek()) is not None and token.text in self.LEVELS[depth]:
            self.take()
            node = Binary(token.text, node, self.level(depth + 1), token.offset)
        return node

    def multiplicative(self) -> Node:
        node = self.unary()
        while (token := self.peek()) is not None and token.text in ("*", "div", "mod"):
            self.take()
            node = Binary(token.text, node, self.unary(), token.offset)
        return node

    def unary(self) -> Node:
        token = self.peek()
        if token is not None and token.text == "-":
            self.take()
            return Negative(self.unary(), token.offset)
        node = self.primary()
        after = self.peek()
        if after is not None and after.text in ("[", "/", "|"):
            raise XPathError(PATHS, after.offset)
        return node

    def primary(self) -> Node:
        token = self.take()
        readers: dict[str, Callable[[Token], Node]] = {
            "ref": lambda t: Ref(t.text[2:-1].strip(), t.offset),
            "number": lambda t: Literal(float(t.text) if "." in t.text else int(t.text), t.offset),
            "string": lambda t: Literal(t.text[1:-1], t.offset),
            "dot": lambda t: Ref(None, t.offset),
            "name": self.call,
        }
        if token.kind in readers:
            return readers[token.kind](token)
        if token.text == "(":
            node = self.level(0)
            self.expect(")")
            return node
        if token.kind == "dotdot" or token.text == "/":
            raise XPathError(PATHS, token.offset)
        raise XPathError(msg(f"`{token.text}` tidak diharapkan", f"unexpected `{token.text}`"), token.offset)

    def call(self, token: Token) -> Node:
        following = self.peek()
        if following is None or following.text != "(":
            raise XPathError(
                msg(
                    f"`{token.text}` bukan rujukan; tulis kolom sebagai `${{{token.text}}}`",
                    f"`{token.text}` is not a reference; write a field as `${{{token.text}}}`",
                ),
                token.offset,
            )
        self.take()
        args: list[Node] = []
        if (closing := self.peek()) is not None and closing.text == ")":
            self.take()
            return Call(token.text, (), token.offset)
        while True:
            args.append(self.level(0))
            separator = self.take()
            if separator.text == ")":
                return Call(token.text, tuple(args), token.offset)
            if separator.text != ",":
                raise XPathError(msg("diharapkan `,` atau `)`", "`,` or `)` expected"), separator.offset)


def parse_xpath(source: str) -> Node:
    """The tree of an XPath expression of the subset; :class:`XPathError` with a column otherwise."""
    return _Parser(source).parse()


def chain(node: Node, op: str) -> list[Node]:
    """``a or b or c`` as ``[a, b, c]``."""
    if isinstance(node, Binary) and node.op == op:
        return chain(node.left, op) + chain(node.right, op)
    return [node]
