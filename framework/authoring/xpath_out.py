"""The condition language → XLSForm's XPath, for `mpp export xlsform`.

The condition is read as the Python tree it is; each node kind has a
method, and what has no XPath counterpart (``umur()``, ``any()``, a
``lower()``) raises :class:`NotTranslatable`, so the exporter keeps the
condition as written in an `mpp_*` column. What it writes,
``framework.authoring.xpath`` reads back to the same condition.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

from framework.authoring.xpath import quote


class NotTranslatable(ValueError):
    """A condition with no XPath counterpart (the exporter keeps it as written)."""


XPATH_COMPARE = {ast.Eq: "=", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
XPATH_ARITHMETIC = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "div", ast.Mod: "mod"}
XPATH_FUNCTIONS = {"today": "today"}
XPATH_AGGREGATES = {"sum", "min", "max"}


@dataclass(frozen=True)
class Fields:
    """What the exporter knows of the names a condition reads: their types, and which are repeats."""

    types: Mapping[str, str]
    repeats: frozenset[str] = frozenset()


def to_xpath(source: str, fields: Fields) -> str:
    """The XPath of a condition; :class:`NotTranslatable` when it has none."""
    return _XPath(fields).test(ast.parse(source, mode="eval").body)


class _XPath:
    def __init__(self, fields: Fields) -> None:
        self.fields = fields

    def emit(self, node: ast.expr) -> str:
        handler = getattr(self, f"_{type(node).__name__}", None)
        if handler is None:
            raise NotTranslatable(type(node).__name__)
        return handler(node)

    def _BoolOp(self, node: ast.BoolOp) -> str:
        word = " and " if isinstance(node.op, ast.And) else " or "
        return word.join(f"({self.test(v)})" if isinstance(v, ast.BoolOp) else self.test(v) for v in node.values)

    def _UnaryOp(self, node: ast.UnaryOp) -> str:
        if isinstance(node.op, ast.Not):
            return f"not({self.test(node.operand)})"
        if isinstance(node.op, ast.USub):
            return f"-{self.emit(node.operand)}"
        raise NotTranslatable("unary")

    def _Compare(self, node: ast.Compare) -> str:
        parts, left = [], node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            parts.append(self.comparison(left, op, right))
            left = right
        return " and ".join(parts) if len(parts) == 1 else " and ".join(f"({p})" for p in parts)

    def comparison(self, left: ast.expr, op: ast.cmpop, right: ast.expr) -> str:
        if isinstance(op, (ast.In, ast.NotIn)):
            return self.membership(left, right, isinstance(op, ast.NotIn))
        if type(op) not in XPATH_COMPARE:
            raise NotTranslatable("comparison")
        symbol = XPATH_COMPARE[type(op)]
        return f"{self.operand(left, right)} {symbol} {self.operand(right, left)}"

    def membership(self, left: ast.expr, right: ast.expr, negated: bool) -> str:
        """``'a' in syarat`` → ``selected(${syarat}, 'a')``; ``x in ['a', 'b']`` → ``(${x} = 'a' or ${x} = 'b')``."""
        if isinstance(right, ast.Name) and self.fields.types.get(right.id) == "multichoice":
            found = f"selected({self.emit(right)}, {self.emit(left)})"
            return f"not({found})" if negated else found
        if isinstance(right, (ast.List, ast.Tuple)) and right.elts:
            symbol, joiner = ("!=", " and ") if negated else ("=", " or ")
            return "(" + joiner.join(f"{self.emit(left)} {symbol} {self.emit(e)}" for e in right.elts) + ")"
        raise NotTranslatable("in")

    def operand(self, node: ast.expr, other: ast.expr) -> str:
        """``null`` is ``''``; ``true``/``false`` against a boolean field are its choices ``'true'``/``'false'``."""
        if isinstance(node, ast.Name) and node.id in ("null", "None"):
            return "''"
        boolean_field = isinstance(other, ast.Name) and self.fields.types.get(other.id) == "boolean"
        if boolean_field and isinstance(node, ast.Name) and node.id in ("true", "True", "false", "False"):
            return "'true'" if node.id.lower() == "true" else "'false'"
        if isinstance(node, (ast.Compare, ast.BoolOp)):
            return f"({self.emit(node)})"
        return self.emit(node)

    def _Name(self, node: ast.Name) -> str:
        constants = {"true": "true()", "True": "true()", "false": "false()", "False": "false()", "null": "''"}
        return constants.get(node.id) or f"${{{node.id}}}"

    def test(self, node: ast.expr) -> str:
        """A value used as true/false: a yes/no field is a choice in XLSForm, so ``kembar`` → ``${kembar} = 'true'``."""
        if isinstance(node, ast.Name) and self.fields.types.get(node.id) == "boolean":
            return f"${{{node.id}}} = 'true'"
        return self.emit(node)

    def _Constant(self, node: ast.Constant) -> str:
        if isinstance(node.value, bool):
            return "true()" if node.value else "false()"
        if isinstance(node.value, str):
            return quote(node.value)
        if isinstance(node.value, (int, float)):
            return repr(node.value)
        raise NotTranslatable("constant")

    def _BinOp(self, node: ast.BinOp) -> str:
        if type(node.op) not in XPATH_ARITHMETIC:
            raise NotTranslatable("operator")
        left, right = self.emit(node.left), self.emit(node.right)
        wrap = (ast.BinOp, ast.Compare, ast.BoolOp)
        left = f"({left})" if isinstance(node.left, wrap) else left
        right = f"({right})" if isinstance(node.right, wrap) else right
        return f"{left} {XPATH_ARITHMETIC[type(node.op)]} {right}"

    def _IfExp(self, node: ast.IfExp) -> str:
        return f"if({self.test(node.test)}, {self.emit(node.body)}, {self.emit(node.orelse)})"

    def _Call(self, node: ast.Call) -> str:
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if name == "today" and not node.args:
            return "today()"
        if name == "tanggal" and len(node.args) == 1 and isinstance(node.args[0], ast.Constant):
            return f"date({self.emit(node.args[0])})"
        if name == "len" and len(node.args) == 1 and isinstance(node.args[0], ast.Name):
            return self.length(node.args[0])
        if name in XPATH_AGGREGATES and len(node.args) == 1 and isinstance(node.args[0], ast.Attribute):
            return f"{name}(${{{node.args[0].attr}}})"
        if name == "count" and len(node.args) == 1 and isinstance(node.args[0], ast.Name):
            return f"count(${{{node.args[0].id}}})"
        raise NotTranslatable(name)

    def length(self, node: ast.Name) -> str:
        kind = self.fields.types.get(node.id)
        if node.id in self.fields.repeats:
            return f"count(${{{node.id}}})"
        return f"count-selected(${{{node.id}}})" if kind == "multichoice" else f"string-length(${{{node.id}}})"
