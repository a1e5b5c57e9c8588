"""Conditions the browser can evaluate while the citizen types (progressive enhancement).

The server decides what is shown (``visibility``); this only lets a page with
JavaScript reveal a field at once instead of after the next post. Only
simple conditions over fields of the same page are translated — comparisons
of a field with a constant, joined by ``and``/``or`` — into a small JSON
tree for ``static/portal/when.js``. Anything else stays server-only.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

from framework.definition.model import FieldSpec, PageSpec
from framework.expressions import CONSTANTS, Expression

COMPARISONS: dict[type[ast.cmpop], str] = {ast.Eq: "==", ast.NotEq: "!="}
BOOLEAN_TYPES = frozenset({"boolean", "declaration"})


def _constant(node: ast.expr) -> tuple[bool, Any]:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool)):
        return True, node.value
    if isinstance(node, ast.Name) and node.id in CONSTANTS:
        return True, CONSTANTS[node.id]
    return False, None


def _term(node: ast.expr, fields: Mapping[str, FieldSpec]) -> dict[str, Any] | None:
    if isinstance(node, ast.BoolOp):
        parts = [_term(value, fields) for value in node.values]
        return None if None in parts else {("all" if isinstance(node.op, ast.And) else "any"): parts}
    if isinstance(node, ast.Name) and node.id in fields:
        return {"field": node.id, "op": "==", "value": True, "boolean": fields[node.id].type in BOOLEAN_TYPES}
    if (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and type(node.ops[0]) in COMPARISONS
        and isinstance(node.left, ast.Name)
        and node.left.id in fields
    ):
        simple, value = _constant(node.comparators[0])
        if simple:
            return {
                "field": node.left.id,
                "op": COMPARISONS[type(node.ops[0])],
                "value": value,
                "boolean": fields[node.left.id].type in BOOLEAN_TYPES,
            }
    return None


def client_condition(expression: Expression | None, page: PageSpec) -> dict[str, Any] | None:
    """The JSON tree of a condition the browser can evaluate on ``page``, or None."""
    if expression is None:
        return None
    fields = {item.id: item for item in page.fields if not item.is_group and item.type not in ("multichoice", "region")}
    return _term(expression.tree, fields)


def live_fields(page: PageSpec) -> dict[str, dict[str, Any]]:
    """Field id → browser condition, for the conditional fields of a page that can be revealed live."""
    return {item.id: tree for item in page.fields if (tree := client_condition(item.when, page)) is not None}
