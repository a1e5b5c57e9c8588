"""The builder's condition builder: a field, an operator and a value, written as the condition language.

An author who does not want to type `pekerjaan == 'lainnya'` picks the
field `pekerjaan`, the operator "is" and the value `lainnya` from the
field's own options; the builder writes the condition, quoting the value as
the field's type needs (a choice's code in quotes, a number bare, a boolean
as `true`). A condition the builder can take apart again opens in the
builder; anything else (aggregates, `and`, functions) opens in the text box.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

from framework.expressions.hints import quoted

# operator → how it is written; `answered` and `empty` need no value
OPERATORS: dict[str, str] = {
    "==": "==",
    "!=": "!=",
    "<": "<",
    "<=": "<=",
    ">": ">",
    ">=": ">=",
    "in": "in",
    "not in": "not in",
    "answered": "!= null",
    "empty": "== null",
}
_NO_VALUE = frozenset({"answered", "empty"})
_LISTS = frozenset({"in", "not in"})
_AST_OPERATORS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
BOOLEANS = {"true": "true", "false": "false", "ya": "true", "tidak": "false"}
NUMBERS = frozenset({"integer", "decimal"})


@dataclass(frozen=True)
class Parts:
    """A condition as the builder shows it."""

    field: str
    operator: str
    value: str = ""


def literal(value: str, field_type: str) -> str:
    """``value`` as the condition language writes it for a field of ``field_type``."""
    value = value.strip()
    if field_type == "boolean" and value.lower() in BOOLEANS:
        return BOOLEANS[value.lower()]
    if field_type in NUMBERS and _is_number(value):
        return value
    if field_type == "date":
        return f"tanggal({quoted(value)})"
    return quoted(value)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def compose(parts: Parts, field_type: str) -> str:
    """The condition for ``parts`` (an empty string when no field is chosen)."""
    if not parts.field or parts.operator not in OPERATORS:
        return ""
    if parts.operator in _NO_VALUE:
        return f"{parts.field} {OPERATORS[parts.operator]}"
    if parts.operator in _LISTS:
        values = [v for v in (part.strip() for part in parts.value.split(",")) if v]
        return f"{parts.field} {parts.operator} [{', '.join(literal(v, field_type) for v in values)}]"
    return f"{parts.field} {parts.operator} {literal(parts.value, field_type)}"


def decompose(source: str, fields: Mapping[str, str]) -> Parts | None:
    """``source`` as builder parts, when it is one comparison of a known field with a literal; else None."""
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except SyntaxError:
        return None
    if not (isinstance(tree, ast.Compare) and len(tree.ops) == 1 and isinstance(tree.left, ast.Name)):
        return None
    name, operator, right = tree.left.id, _AST_OPERATORS.get(type(tree.ops[0])), tree.comparators[0]
    if name not in fields or operator is None:
        return None
    if isinstance(right, ast.Name) and right.id == "null" and operator in ("==", "!="):
        return Parts(name, "empty" if operator == "==" else "answered")
    if operator in _LISTS and isinstance(right, (ast.List, ast.Tuple)):
        values = [_value(element) for element in right.elts]
        return None if None in values else Parts(name, operator, ", ".join(v for v in values if v is not None))
    value = _value(right)
    return None if value is None or operator in _LISTS else Parts(name, operator, value)


def _value(node: ast.expr) -> str | None:
    """The text of a literal the builder writes: a constant, `true`/`false`, `tanggal('...')`."""
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (str, int, float))
        and not isinstance(node.value, bool)
    ):
        return str(node.value)
    if isinstance(node, ast.Name) and node.id in ("true", "false"):
        return node.id
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "tanggal"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
    ):
        return str(node.args[0].value)
    return None
