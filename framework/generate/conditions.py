"""Conditions (`when`) in words, for the published service standard.

A citizen reading "Required when: Reason for the application is Lost" needs
no expression language. Field ids become their labels and option codes their
option labels; anything beyond comparisons joined by and/or/not falls back to
the expression itself, so nothing is ever published wrongly.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from framework.definition.model import FieldSpec, ServiceSpec

# (Bahasa Indonesia, English) per operator
COMPARISONS: dict[type[ast.cmpop], tuple[str, str]] = {
    ast.Eq: ("adalah", "is"),
    ast.NotEq: ("bukan", "is not"),
    ast.In: ("salah satu dari", "one of"),
    ast.NotIn: ("bukan salah satu dari", "not one of"),
    ast.Gt: (">", ">"),
    ast.GtE: ("≥", "≥"),
    ast.Lt: ("<", "<"),
    ast.LtE: ("≤", "≤"),
}
CONTAINS = ("memuat", "includes")
JOINERS: dict[type[ast.boolop], tuple[str, str]] = {ast.And: ("dan", "and"), ast.Or: ("atau", "or")}
NOT = ("tidak benar bahwa", "it is not so that")
FUNCTIONS: dict[str, tuple[str, str]] = {
    "umur": ("umur", "age from"),
    "today": ("hari ini", "today"),
    "len": ("jumlah", "number of"),
}
# aggregates over a repeating group with one field or the group itself (any/all with a condition stay as written)
AGGREGATES: dict[str, tuple[str, str]] = {
    "sum": ("jumlah", "the total of"),
    "min": ("nilai terkecil", "the smallest"),
    "max": ("nilai terbesar", "the largest"),
    "count": ("banyaknya baris", "the number of rows of"),
    "unique": ("", ""),  # worded as a statement by _Words.aggregate
}
BOOLEANS = {True: ("ya", "yes"), False: ("tidak", "no")}
CONSTANT_NAMES = {"true": True, "True": True, "false": False, "False": False}


class _Unsupported(Exception):
    """The expression uses something we do not put in words; publish it as written."""


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[0] if language == "id" else pair[1]


class _Words:
    def __init__(self, spec: ServiceSpec, language: str) -> None:
        self.fields = {f.id: f for f in spec.iter_fields()}
        self.language = language

    def render(self, node: ast.AST) -> str:
        handler: Callable[[Any], str] | None = getattr(self, f"_{type(node).__name__}", None)
        if handler is None:
            raise _Unsupported(type(node).__name__)
        return handler(node)

    def _BoolOp(self, node: ast.BoolOp) -> str:
        return f" {_pick(JOINERS[type(node.op)], self.language)} ".join(self.render(v) for v in node.values)

    def _UnaryOp(self, node: ast.UnaryOp) -> str:
        if not isinstance(node.op, ast.Not):
            raise _Unsupported("unary")
        if isinstance(node.operand, ast.Name):
            return f"{self._Name(node.operand)} {_pick(('kosong', 'is empty'), self.language)}"
        return f"{_pick(NOT, self.language)} {self.render(node.operand)}"

    def _Compare(self, node: ast.Compare) -> str:
        if len(node.ops) != 1:
            raise _Unsupported("chained comparison")
        op, right = node.ops[0], node.comparators[0]
        if isinstance(op, ast.In) and isinstance(right, ast.Name) and isinstance(node.left, ast.Constant):
            return (
                f"{self._Name(right)} {_pick(CONTAINS, self.language)} "
                f"{self._value(node.left, self.fields.get(right.id))}"
            )
        subject = self.fields.get(node.left.id) if isinstance(node.left, ast.Name) else None
        return f"{self.render(node.left)} {_pick(COMPARISONS[type(op)], self.language)} {self._value(right, subject)}"

    def _Name(self, node: ast.Name) -> str:
        if node.id in CONSTANT_NAMES:
            return _pick(BOOLEANS[CONSTANT_NAMES[node.id]], self.language)
        item = self.fields.get(node.id)
        return f"“{item.label.get(self.language)}”" if item else node.id

    def _Call(self, node: ast.Call) -> str:
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if name in AGGREGATES:
            return self.aggregate(name, node)
        if name not in FUNCTIONS:
            raise _Unsupported(name)
        arguments = ", ".join(self.render(a) for a in node.args)
        return f"{_pick(FUNCTIONS[name], self.language)} {arguments}".strip()

    def aggregate(self, name: str, node: ast.Call) -> str:
        """``sum(anggota.penghasilan)`` → "the total of “Income” over “Household members”"; ``count(anggota)`` too."""
        argument = node.args[0] if len(node.args) == 1 else None
        if name == "count" and isinstance(argument, ast.Name):
            return f"{_pick(AGGREGATES['count'], self.language)} {self._Name(argument)}"
        if not (isinstance(argument, ast.Attribute) and isinstance(argument.value, ast.Name) and name != "count"):
            raise _Unsupported(name)
        group = self.fields.get(argument.value.id)
        child = next((c for c in group.fields if c.id == argument.attr), None) if group else None
        if group is None or child is None or name not in AGGREGATES:
            raise _Unsupported(name)
        if name == "unique":  # a statement, not a value: "“NIK saksi” berbeda di setiap baris “Saksi”"
            different = _pick(("berbeda di setiap baris", "differs in every row of"), self.language)
            return f"“{child.label.get(self.language)}” {different} “{group.label.get(self.language)}”"
        over = _pick(("pada", "over"), self.language)
        words = _pick(AGGREGATES[name], self.language)
        return f"{words} “{child.label.get(self.language)}” {over} “{group.label.get(self.language)}”"

    def _Constant(self, node: ast.Constant) -> str:
        return self._value(node, None)

    def _BinOp(self, node: ast.BinOp) -> str:
        symbols = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "/"}
        if type(node.op) not in symbols:
            raise _Unsupported("operator")
        return f"{self.render(node.left)} {symbols[type(node.op)]} {self.render(node.right)}"

    def _value(self, node: ast.AST, subject: FieldSpec | None) -> str:
        if isinstance(node, (ast.List, ast.Tuple)):
            return ", ".join(self._value(e, subject) for e in node.elts)
        if not isinstance(node, ast.Constant):
            return self.render(node)
        if node.value is None:
            return _pick(("kosong", "empty"), self.language)
        if isinstance(node.value, bool):
            return _pick(BOOLEANS[node.value], self.language)
        labels = {o.code: o.label for o in subject.options} if subject else {}
        label = labels.get(str(node.value))
        return f"“{label.get(self.language)}”" if label else str(node.value)


def in_words(source: str, spec: ServiceSpec, language: str) -> str:
    """The condition ``source`` of ``spec`` in ``language``; the source itself when it cannot be put in words."""
    try:
        return _Words(spec, language).render(ast.parse(source, mode="eval").body)
    except (_Unsupported, SyntaxError, KeyError):
        return f"`{source}`"
