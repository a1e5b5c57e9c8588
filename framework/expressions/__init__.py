"""The condition language of `when` and `rules`.

Syntax is a small subset of Python expressions (``status == 'KAWIN' and
umur(tanggal_lahir) >= 17``): regional admins write it, and it reads like a
spreadsheet formula. It is parsed once with :mod:`ast`, checked against an
allow-list of node types, names and functions, and then evaluated by
`simpleeval` from the pre-parsed tree.

Why simpleeval: it is a maintained, widely used evaluator that refuses
attribute access to dunders, imports and unknown calls on its own, and it
takes a pre-parsed tree, so nothing is re-parsed per request. CEL would have
meant ``&&``/``||`` and a syntax our authors do not know; JsonLogic is JSON,
not something a person writes inline. The allow-list below is a second wall:
a tree that contains anything but the listed nodes never reaches the
evaluator, so an expression can never execute arbitrary code.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import hashlib
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from simpleeval import DEFAULT_OPERATORS, EvalWithCompoundTypes

from framework.core.text import Hints, Text, msg
from framework.expressions.aggregates import AGGREGATES, Aggregate, cut_aggregates
from framework.expressions.hints import (
    VALUE_WORDS,
    WORDS,
    operator_column,
    stray_tuple,
    symbol_message,
    syntax_hint,
    thousands_in,
    tuple_message,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
MAX_LENGTH = 1000
MAX_DEPTH = 40  # nesting of the parsed tree; the evaluator recurses on it

CONSTANTS: dict[str, Any] = {"true": True, "false": False, "null": None, "True": True, "False": False, "None": None}


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def today() -> dt.date:
    """Today's date in Indonesia (WIB), not the server's time zone."""
    return dt.datetime.now(JAKARTA).date()


def umur(born: Any) -> int | None:
    """Age in whole years today (``umur`` = age)."""
    born = _as_date(born)
    if born is None:
        return None
    now = today()
    return now.year - born.year - ((now.month, now.day) < (born.month, born.day))


def selisih_hari(later: Any, earlier: Any) -> int | None:
    """Days from ``earlier`` to ``later`` (``selisih hari`` = difference in days)."""
    a, b = _as_date(later), _as_date(earlier)
    return None if a is None or b is None else (a - b).days


def tanggal(text: str) -> dt.date | None:
    """A date literal: ``tanggal('2024-01-01')``."""
    return _as_date(text)


def _length(value: Any) -> int:
    return 0 if value is None else len(value)


# name -> (function, number of arguments)
FUNCTIONS: dict[str, tuple[Callable[..., Any], int]] = {
    "today": (today, 0),
    "umur": (umur, 1),
    "selisih_hari": (selisih_hari, 2),
    "tanggal": (tanggal, 1),
    "len": (_length, 1),
    "lower": (lambda s: None if s is None else str(s).lower(), 1),
    "upper": (lambda s: None if s is None else str(s).upper(), 1),
}

_ALLOWED_NODES: tuple[type[ast.AST], ...] = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.UAdd,
    ast.Compare,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.BinOp,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.Mod,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.List,
    ast.Tuple,
    ast.Call,
    ast.IfExp,
)

_OPERATORS = {op: fn for op, fn in DEFAULT_OPERATORS.items() if op is not ast.Pow}
_FUNCTIONS = {name: fn for name, (fn, _arity) in FUNCTIONS.items()}


class Scope(Collection[str]):
    """The names a condition may use: the service's fields and, inside a group, the group's own.

    A group's scope refers to the service's names instead of copying them
    (``within``): a file of thousands of groups would otherwise copy thousands
    of names thousands of times. Compiled conditions are cached by scope, so
    two scopes compare by a fingerprint of their names, computed once: the
    checker and ``ServiceSpec`` build equal scopes and share compiled
    conditions without comparing thousands of names per condition.
    """

    __slots__ = ("_key", "inner", "outer")

    def __init__(self, outer: frozenset[str], inner: frozenset[str] = frozenset(), outer_key: str = "") -> None:
        self.outer = outer
        self.inner = inner
        self._key = (outer_key or _fingerprint(outer), _fingerprint(inner) if inner else "")

    def within(self, names: Iterable[str]) -> Scope:
        """The scope inside a group whose own fields are ``names``."""
        return Scope(self.outer, frozenset(names), self._key[0])

    def plus(self, names: Iterable[str]) -> Scope:
        """This scope with ``names`` added (e.g. the slots aggregates were cut into)."""
        extra = frozenset(names)
        return Scope(self.outer, self.inner | extra, self._key[0]) if extra else self

    def __contains__(self, name: object) -> bool:
        return name in self.inner or name in self.outer

    def __iter__(self) -> Iterator[str]:
        yield from self.outer
        yield from (name for name in self.inner if name not in self.outer)

    def __len__(self) -> int:
        return len(self.outer) + sum(name not in self.outer for name in self.inner)

    def __hash__(self) -> int:
        return hash(self._key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scope) and self._key == other._key


def _fingerprint(names: frozenset[str]) -> str:
    return hashlib.blake2b("\0".join(sorted(names)).encode(), digest_size=16).hexdigest()


class ExpressionError(ValueError):
    """A condition that cannot be compiled; ``offset`` is the 0-based column in the source.

    For an unknown name, the "did you mean" hint is found only when the
    message is read (``text``, or ``hinted`` with a file's budget of hints):
    a hostile file with thousands of such conditions must not pay for
    thousands of searches among thousands of names.
    """

    def __init__(
        self, code: str, text: Text, offset: int = 0, unknown: tuple[str, Collection[str]] | None = None
    ) -> None:
        super().__init__(text.en)
        self.code = code
        self.bare = text
        self.offset = offset
        self._unknown = unknown
        self.name = unknown[0] if unknown else None  # the unknown name, for hints that know the definition

    @property
    def text(self) -> Text:
        """The message, with its hint."""
        return self.hinted(Hints())

    def hinted(self, hints: Hints) -> Text:
        """The message, with a hint if ``hints`` still offers one."""
        if self._unknown is None:
            return self.bare
        word, names = self._unknown
        return self.bare + hints.hint(word, names)

    @property
    def message(self) -> str:
        """The message in the chosen language (``MPP_LANG``)."""
        return self.text.get()


@dataclass(frozen=True)
class Expression:
    """A compiled condition: checked once, evaluated many times."""

    source: str
    names: frozenset[str]
    tree: ast.expr = field(repr=False, compare=False)
    aggregates: tuple[Aggregate, ...] = field(default=(), repr=False, compare=False)  # cut out of `tree`

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """The value of the expression; ``None`` when it cannot be decided.

        An answer that is still empty makes comparisons undecidable; that is
        a normal state of a half-filled form, not an error.
        """
        names = dict(CONSTANTS)
        for name in self.names:
            names[name] = values.get(name)
        for aggregate in self.aggregates:
            names[aggregate.slot] = aggregate.value(values)
        evaluator = EvalWithCompoundTypes(operators=_OPERATORS, functions=_FUNCTIONS, names=names)
        try:
            return evaluator.eval(self.source, previously_parsed=self.tree)
        except Exception:
            return None

    def holds(self, values: Mapping[str, Any]) -> bool:
        return self.evaluate(values) is True


def expression_names(expression: Expression) -> list[tuple[str, int]]:
    """(name, column) of every name a condition reads, in the order written (functions' names too)."""
    found = [(node.id, node.col_offset) for node in ast.walk(expression.tree) if isinstance(node, ast.Name)]
    return sorted(found, key=lambda item: item[1])


def compared_values(expression: Expression) -> Iterator[tuple[str, str, int]]:
    """(field, text, column) for each text a condition compares a field with.

    `status == 'KAWIN'`, `status in ['A', 'B']`, `'A' in pilihan`: what a
    choice field is compared with must be one of its options, or the
    condition can never match (a typo such as `'KAWN'` hides a field for good).
    """
    for node in ast.walk(expression.tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for operator, left, right in zip(node.ops, operands, operands[1:], strict=False):
                if isinstance(operator, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)):
                    yield from _field_against_texts(left, right)
                    yield from _field_against_texts(right, left)


def _field_against_texts(name: ast.expr, other: ast.expr) -> Iterator[tuple[str, str, int]]:
    if not isinstance(name, ast.Name) or name.id in CONSTANTS:
        return
    literals = other.elts if isinstance(other, (ast.List, ast.Tuple)) else [other]
    for literal in literals:
        if isinstance(literal, ast.Constant) and isinstance(literal.value, str):
            yield name.id, literal.value, literal.col_offset


def compile_expression(source: Any, known_names: Iterable[str] | Scope) -> Expression:
    """Parse and check ``source``; raises :class:`ExpressionError` with a column."""
    if isinstance(source, bool):
        source = "true" if source else "false"
    if not isinstance(source, str):
        raise ExpressionError(
            "EXPR_SYNTAX",
            msg(
                "kondisi harus ditulis sebagai teks, mis. `kembar == true`",
                "a condition must be written as text, e.g. `kembar == true`",
            ),
        )
    known = known_names if isinstance(known_names, Scope) else Scope(frozenset(known_names))
    return _compile(source.strip(), known)


@functools.lru_cache(maxsize=4096)
def _compile(text: str, known: Scope) -> Expression:
    # the checker and ServiceSpec compile the same conditions: the second time is free
    if not text:
        raise ExpressionError("EXPR_SYNTAX", msg("kondisi kosong", "the condition is empty"))
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            "EXPR_SYNTAX",
            msg(
                f"kondisi lebih panjang dari {MAX_LENGTH} karakter",
                f"the condition is longer than {MAX_LENGTH} characters",
            ),
        )
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        hint, column = syntax_hint(text, exc)
        offset = column if column is not None else max((exc.offset or 1) - 1, 0)
        raise ExpressionError("EXPR_SYNTAX", msg("kondisi tidak sah: ", "invalid condition: ") + hint, offset) from None
    aggregates = cut_aggregates(tree, text, known)
    slots = frozenset(aggregate.slot for aggregate in aggregates)
    names = _check_tree(tree, known.plus(slots), text) - slots
    if (stray := stray_tuple(tree)) is not None:  # `x >= 3,000,000` is a comparison with 3, then 0 and 0
        found = thousands_in(text)
        raise ExpressionError(
            "EXPR_SYNTAX",
            msg("kondisi tidak sah: ", "invalid condition: ") + tuple_message(text),
            found.start() if found else stray.col_offset,
        )
    names |= {name for aggregate in aggregates for name in (aggregate.group, *aggregate.reads)}
    return Expression(text, frozenset(names), tree.body, aggregates)


def _check_tree(tree: ast.Expression, known: Scope, text: str) -> set[str]:
    """Names the condition reads; every node checked against the allow-list, breadth first."""
    names: set[str] = set()
    called: set[int] = set()
    queue: deque[tuple[ast.AST, int]] = deque([(tree, 1)])
    while queue:
        node, depth = queue.popleft()
        if depth > MAX_DEPTH:
            raise ExpressionError(
                "EXPR_SYNTAX",
                msg(
                    f"kondisi bersarang lebih dari {MAX_DEPTH} tingkat; pecah atau sederhanakan",
                    f"the condition nests more than {MAX_DEPTH} levels deep; split it or simplify it",
                ),
            )
        offset = getattr(node, "col_offset", 0)
        _check_operators(node, text)
        if not isinstance(node, _ALLOWED_NODES):
            raise ExpressionError("EXPR_FORBIDDEN", _forbidden_message(node), offset)
        if isinstance(node, ast.Call):
            _check_call(node)
            called.add(id(node.func))
        elif isinstance(node, ast.Name) and id(node) not in called:
            if node.id in CONSTANTS:
                continue
            if node.id not in known:
                raise _unknown_name(node.id, offset, known)
            names.add(node.id)
        elif isinstance(node, ast.Constant) and not isinstance(node.value, (str, int, float, bool, type(None))):
            raise ExpressionError(
                "EXPR_FORBIDDEN",
                msg(
                    "nilai tetap hanya boleh berupa teks, angka, true/false, dan null",
                    "only text, numbers, true/false and null are allowed as literals",
                ),
                offset,
            )
        queue.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return names


def _check_operators(node: ast.AST, text: str) -> None:
    """`a is 'B'`, `a & b`: refused at the operator, naming the symbol typed (an operator node has no column)."""
    pairs: list[tuple[ast.AST, ast.expr | None, ast.expr]]
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        pairs = list(zip(node.ops, operands, operands[1:], strict=False))
    elif isinstance(node, ast.BinOp):
        pairs = [(node.op, node.left, node.right)]
    elif isinstance(node, ast.UnaryOp):
        pairs = [(node.op, None, node.operand)]
    else:
        return
    for operator, left, right in pairs:
        if (message := symbol_message(operator)) is not None:
            column = operator_column(text, left, right) if left is not None else node.col_offset
            raise ExpressionError("EXPR_FORBIDDEN", message, column)


def _unknown_name(name: str, offset: int, known: Scope) -> ExpressionError:
    text = msg(f"`{name}` bukan kolom pada layanan ini", f"`{name}` is not a field of this service")
    if name.lower() in VALUE_WORDS:  # `kembar == ya`: the Indonesian word for a constant
        constant = WORDS[name.lower()]
        return ExpressionError(
            "EXPR_UNKNOWN_NAME",
            text + msg(f"; tulis `{constant}`, bukan `{name}`", f"; write `{constant}` instead of `{name}`"),
            offset,
        )
    return ExpressionError("EXPR_UNKNOWN_NAME", text, offset, unknown=(name, known))


def _check_call(node: ast.Call) -> None:
    if isinstance(node.func, ast.Attribute):
        raise ExpressionError("EXPR_FORBIDDEN", _forbidden_message(node.func), node.func.col_offset)
    if not isinstance(node.func, ast.Name):
        raise ExpressionError(
            "EXPR_FORBIDDEN",
            msg(
                "hanya fungsi yang diizinkan yang boleh dipanggil, dengan namanya",
                "only the allowed functions may be called, by name",
            ),
            node.col_offset,
        )
    name = node.func.id
    if name not in FUNCTIONS:
        allowed = ", ".join(f"{n}()" for n in [*FUNCTIONS, *AGGREGATES])
        raise ExpressionError(
            "EXPR_UNKNOWN_FUNCTION",
            msg(
                f"`{name}()` bukan fungsi yang diizinkan; yang diizinkan: {allowed}",
                f"`{name}()` is not an allowed function; allowed: {allowed}",
            ),
            node.col_offset,
        )
    if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
        raise ExpressionError(
            "EXPR_FORBIDDEN",
            msg(f"`{name}()` hanya menerima argumen biasa", f"`{name}()` takes plain arguments only"),
            node.col_offset,
        )
    arity = FUNCTIONS[name][1]
    if len(node.args) != arity:
        raise ExpressionError(
            "EXPR_SYNTAX",
            msg(
                f"`{name}()` menerima {arity} argumen, bukan {len(node.args)}",
                f"`{name}()` takes {arity} argument(s), not {len(node.args)}",
            ),
            node.col_offset,
        )


_FORBIDDEN = {
    "Attribute": msg(
        "akses atribut (`a.b`) tidak diizinkan; sebut nama kolomnya langsung",
        "attribute access (`a.b`) is not allowed; name the field directly",
    ),
    "Subscript": msg("pengindeksan (`a[0]`) tidak diizinkan", "indexing (`a[0]`) is not allowed"),
    "Lambda": msg("lambda tidak diizinkan", "lambdas are not allowed"),
    "Pow": msg("`**` tidak diizinkan", "`**` is not allowed"),
    "Dict": msg(
        "`{...}` tidak diizinkan; tulis daftar: `['A', 'B']`", "`{...}` is not allowed; write a list: `['A', 'B']`"
    ),
    "Set": msg(
        "`{...}` tidak diizinkan; tulis daftar: `['A', 'B']`", "`{...}` is not allowed; write a list: `['A', 'B']`"
    ),
    "Starred": msg("`*` di depan nilai tidak diizinkan", "`*` before a value is not allowed"),
    "Slice": msg("potongan (`a[1:2]`) tidak diizinkan", "slices (`a[1:2]`) are not allowed"),
    "NamedExpr": msg("`:=` tidak diizinkan", "`:=` is not allowed"),
    "JoinedStr": msg("f-string tidak diizinkan", "f-strings are not allowed"),
    **dict.fromkeys(
        ("ListComp", "SetComp", "DictComp", "GeneratorExp"),
        msg("comprehension tidak diizinkan", "comprehensions are not allowed"),
    ),
}


def _forbidden_message(node: ast.AST) -> Text:
    kind = type(node).__name__
    return _FORBIDDEN.get(kind) or msg(
        f"`{kind}` tidak diizinkan dalam kondisi", f"`{kind}` is not allowed in a condition"
    )
