"""The kind of each part of a condition: a date, a number, a text, yes/no, the choices of a multichoice.

`tanggal_rekam > today() + 30` adds a number to a date, `umur(tanggal_rekam)
> '17'` compares a number with a text, `len(tanggal_rekam)` counts the
letters of a date: each is valid Python, raises at run time, the evaluator
answers "undecidable", and the rule guarded by it never fires. Knowing the
kind of every part of the tree (a field's from its type, a function's from
what it returns) lets the checker say so, at the operator or the argument.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

from framework.definition.literals import ANSWER_KIND, COMPATIBLE_KINDS, is_number_text, kind_words, written_kind
from framework.definition.messages import Text, msg
from framework.expressions import CONSTANTS, Expression
from framework.expressions.hints import operator_column

# what each function of the language returns
RETURNS: dict[str, str] = {
    "today": "date",
    "tanggal": "date",
    "umur": "number",
    "selisih_hari": "number",
    "len": "number",
    "lower": "text",
    "upper": "text",
}
# what each aggregate returns (min/max return the kind of their field: not guessed)
AGGREGATE_RETURNS: dict[str, str] = {
    "sum": "number",
    "count": "number",
    **dict.fromkeys(("any", "all", "unique"), "yes/no"),
}
CHOICES = "choices"  # a multichoice answer: a list of codes
_ARITHMETIC = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Mod: "%"}
_FLIPPED = {ast.Lt: ">", ast.LtE: ">=", ast.Gt: "<", ast.GtE: "<=", ast.Eq: "==", ast.NotEq: "!="}
_SYMBOLS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
EXAMPLE_DAYS = "selisih_hari(tanggal_rekam, today()) > 30"


class Kinds:
    """The kind of any node of one condition's tree, from its fields' types and its aggregates."""

    def __init__(self, expression: Expression, type_of: Callable[[str], str | None]) -> None:
        self.type_of = type_of
        self.slots = {a.slot: AGGREGATE_RETURNS.get(a.function) for a in expression.aggregates}

    def of(self, node: ast.AST) -> str | None:
        """``date``, ``number``, ``text``, ``yes/no``, ``choices``, or None when it cannot be told."""
        if isinstance(node, ast.Constant):
            return written_kind(node.value)
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return RETURNS.get(node.func.id)
        if isinstance(node, ast.BoolOp):  # `and`/`or` give one of their operands, not true/false
            kinds = {self.of(value) for value in node.values}
            return kinds.pop() if len(kinds) == 1 else None
        if isinstance(node, ast.Compare) or (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
            return "yes/no"
        if isinstance(node, ast.UnaryOp):
            return "number" if self.of(node.operand) == "number" else None
        if isinstance(node, ast.BinOp):
            both = {self.of(node.left), self.of(node.right)}
            return both.pop() if len(both) == 1 and both <= {"number", "text"} else None
        return None

    def _name(self, name: str) -> str | None:
        if name in CONSTANTS:
            return written_kind(CONSTANTS[name])
        if name in self.slots:
            return self.slots[name]
        kind = self.type_of(name)
        return CHOICES if kind == "multichoice" else ANSWER_KIND.get(kind or "")


def kind_problems(expression: Expression, type_of: Callable[[str], str | None]) -> Iterator[tuple[int, Text]]:
    """(column, message) for each computation whose kinds do not go together, so the condition never holds."""
    kinds = Kinds(expression, type_of)
    compared: dict[int, ast.Compare] = {}  # a side of a one-operator comparison -> that comparison
    for node in ast.walk(expression.tree):  # breadth first: a comparison comes before its sides
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            compared.update(dict.fromkeys((id(node.left), id(node.comparators[0])), node))
        if isinstance(node, ast.BinOp):
            yield from _date_arithmetic(expression, kinds, node, compared.get(id(node)))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len":
            yield from _length_of(expression, kinds, node)
        elif isinstance(node, ast.Compare):
            yield from _compared_kinds(expression, kinds, node)


def _date_arithmetic(
    expression: Expression, kinds: Kinds, node: ast.BinOp, compare: ast.Compare | None
) -> Iterator[tuple[int, Text]]:
    if "date" not in (kinds.of(node.left), kinds.of(node.right)):
        return
    symbol = _ARITHMETIC.get(type(node.op), "?")
    hint = _days_hint(kinds, node, compare)
    yield (
        operator_column(expression.source, node.left, node.right),
        msg(
            f"tanggal tidak dapat dihitung dengan `{symbol}`, sehingga kondisi ini tidak pernah berlaku; untuk "
            f"selisih hari pakai `selisih_hari(yang_kemudian, yang_lebih_dulu)`: tulis `{hint}`",
            f"a date cannot be computed with `{symbol}`, so the condition never applies; for a difference in "
            f"days use `selisih_hari(later, earlier)`: write `{hint}`",
        ),
    )


def _days_hint(kinds: Kinds, node: ast.BinOp, compare: ast.Compare | None) -> str:
    """The same comparison with ``selisih_hari`` (days from the second date to the first), when it can be told.

    ``compare`` is the one-operator comparison ``node`` is a side of, if any.
    """
    if compare is None or type(compare.ops[0]) not in _SYMBOLS:
        return EXAMPLE_DAYS
    op, other = compare.ops[0], compare.comparators[0] if compare.left is node else compare.left
    symbol = _SYMBOLS[type(op)] if compare.left is node else _FLIPPED[type(op)]
    left, right = ast.unparse(node.left), ast.unparse(node.right)
    if kinds.of(node.left) == kinds.of(node.right) == "date" and isinstance(node.op, ast.Sub):
        return f"selisih_hari({left}, {right}) {symbol} {ast.unparse(other)}"  # (A - B) > N
    if kinds.of(node.left) == "date" and kinds.of(node.right) == "number" and kinds.of(other) == "date":
        # X > D + N  ⇔  N < selisih_hari(X, D): the date side moves to the left of the comparison
        days = node.right if isinstance(node.op, ast.Add) else ast.UnaryOp(ast.USub(), node.right)
        turned = _FLIPPED[type(op)] if compare.left is node else _SYMBOLS[type(op)]
        return f"selisih_hari({ast.unparse(other)}, {left}) {turned} {ast.unparse(days)}"  # -(a + 1), bracketed
    return EXAMPLE_DAYS


def _length_of(expression: Expression, kinds: Kinds, node: ast.Call) -> Iterator[tuple[int, Text]]:
    argument = node.args[0] if len(node.args) == 1 else None
    kind = kinds.of(argument) if argument is not None else None
    if argument is None or kind not in ("date", "number", "yes/no"):
        return
    written, words = ast.unparse(argument), kind_words(kind)
    text = msg(
        f"`len()` menghitung huruf sebuah teks atau pilihan sebuah kolom pilihan ganda, tetapi `{written}` "
        f"berisi {words.id}, sehingga kondisi ini tidak pernah berlaku",
        f"`len()` counts the letters of a text or the choices of a multichoice field, but `{written}` holds a "
        f"{words.en}, so the condition never applies",
    )
    if kind == "date":
        text += msg(
            f"; untuk tanggal tulis `{EXAMPLE_DAYS}` atau `umur({written}) >= 17`",
            f"; for a date write `{EXAMPLE_DAYS}` or `umur({written}) >= 17`",
        )
    yield argument.col_offset, text


def _compared_kinds(expression: Expression, kinds: Kinds, node: ast.Compare) -> Iterator[tuple[int, Text]]:
    operands = [node.left, *node.comparators]
    for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
        if isinstance(op, (ast.Eq, ast.NotEq)) and isinstance(right, (ast.List, ast.Tuple)):
            yield from _equal_to_a_list(kinds, left, right, op)
        elif isinstance(op, tuple(_SYMBOLS)) and not _field_and_literal(kinds, left, right):
            yield from _two_kinds(kinds, left, right)


def _field_and_literal(kinds: Kinds, left: ast.expr, right: ast.expr) -> bool:
    """A field compared with a literal: `mismatched_literals` says it, with the remedy for the field's type."""
    sides = (left, right)
    return any(isinstance(a, ast.Name) and a.id not in CONSTANTS and a.id not in kinds.slots for a in sides) and any(
        isinstance(b, ast.Constant) or (isinstance(b, ast.Name) and b.id in CONSTANTS) for b in sides
    )


def _equal_to_a_list(kinds: Kinds, left: ast.expr, right: ast.expr, op: ast.cmpop) -> Iterator[tuple[int, Text]]:
    kind = kinds.of(left)
    if kind is None or kind == CHOICES:
        return
    written, words = ast.unparse(left), kind_words(kind)
    instead = f"{written} {'in' if isinstance(op, ast.Eq) else 'not in'} {ast.unparse(right)}"
    yield (
        right.col_offset,
        msg(
            f"`{written}` berisi satu {words.id}, tidak pernah sama dengan sebuah daftar, sehingga kondisi ini "
            f"tidak pernah cocok; untuk salah satu dari beberapa nilai tulis `{instead}`",
            f"`{written}` holds one {words.en}, never equal to a list, so the condition can never match; for one "
            f"of several values write `{instead}`",
        ),
    )


def _two_kinds(kinds: Kinds, left: ast.expr, right: ast.expr) -> Iterator[tuple[int, Text]]:
    one, other = kinds.of(left), kinds.of(right)
    if one is None or other is None or one == other or CHOICES in (one, other) or (one, other) in COMPATIBLE_KINDS:
        return
    # the message points at the literal when there is one (`umur(x) > '17'`), else at the right side
    subject, value = (right, left) if isinstance(left, ast.Constant) else (left, right)
    have, got = kind_words(kinds.of(subject) or ""), kind_words(kinds.of(value) or "")
    written, compared = ast.unparse(subject), ast.unparse(value)
    text = msg(
        f"`{written}` berisi {have.id}, tetapi dibandingkan dengan {got.id} `{compared}`, "
        "sehingga kondisi ini tidak pernah cocok",
        f"`{written}` holds a {have.en}, but is compared with the {got.en} `{compared}`, "
        "so the condition can never match",
    )
    if kinds.of(subject) == "number" and isinstance(value, ast.Constant) and is_number_text(value.value):
        number = str(value.value).strip()
        text += msg(f"; tulis `{number}`", f"; write `{number}`")
    yield value.col_offset, text
