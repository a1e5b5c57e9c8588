"""Does one condition imply another? The proof behind "a rewritten condition tightens".

A regional variant may rewrite a national rule or `when` only if the new
condition provably holds whenever the old one did; what cannot be proven
counts as not implied (and the change as loosening).
"""

from __future__ import annotations

import ast
from typing import Any

from framework.expressions import MAX_LENGTH


def condition(source: Any) -> ast.expr | None:
    """The parsed condition (None: none, i.e. always true); unparsable text parses to itself."""
    if source is None:
        return None
    text = ("true" if source else "false") if isinstance(source, bool) else str(source).strip()
    if len(text) > MAX_LENGTH:  # refused by the checker anyway; never worth proving anything about
        return ast.Constant(value=text)
    try:
        return ast.parse(text, mode="eval").body
    except (SyntaxError, RecursionError, MemoryError):
        return ast.Constant(value=text)


def _constant(node: ast.expr | None, value: bool) -> bool:
    names = {True: ("true", "True"), False: ("false", "False")}[value]
    return (isinstance(node, ast.Name) and node.id in names) or (isinstance(node, ast.Constant) and node.value is value)


def _boolean(node: ast.expr) -> bool:
    """The node is true or false (or fails), never another truthy value."""
    if isinstance(node, ast.BoolOp):
        return all(_boolean(value) for value in node.values)
    return isinstance(node, (ast.Compare, ast.UnaryOp)) or _constant(node, True) or _constant(node, False)


def _prefix(a: ast.expr, b: ast.BoolOp) -> bool:
    """``b`` is ``a or ...`` where ``a`` is itself an `or` (Python reads `p or q or x` as one list)."""
    if not (isinstance(a, ast.BoolOp) and isinstance(a.op, ast.Or) and len(a.values) < len(b.values)):
        return False
    return all(ast.dump(x) == ast.dump(y) for x, y in zip(a.values, b.values, strict=False))


def implies(a: ast.expr | None, b: ast.expr | None) -> bool:
    """Whenever ``a`` holds, ``b`` holds too; None is a condition that always holds.

    Sound, not complete: what it cannot prove counts as not implied. A condition
    "holds" when it evaluates to exactly true (``Expression.holds``); an error or
    an undecidable comparison anywhere makes a whole condition fail, which is
    why only the first alternative of an `or` is used.
    """
    if b is None or _constant(b, True) or _constant(a, False):
        return True
    if a is None:
        return False
    if ast.dump(a) == ast.dump(b):
        return True
    if isinstance(b, ast.BoolOp) and isinstance(b.op, ast.And):
        return all(implies(a, value) for value in b.values)
    if isinstance(b, ast.BoolOp) and isinstance(b.op, ast.Or) and (implies(a, b.values[0]) or _prefix(a, b)):
        return True
    if isinstance(a, ast.BoolOp) and isinstance(a.op, ast.Or):
        return all(implies(value, b) for value in a.values)
    if isinstance(a, ast.BoolOp) and isinstance(a.op, ast.And):
        sure = [value for value in a.values[:-1] if _boolean(value)] + [a.values[-1]]
        return any(implies(value, b) for value in sure)
    return False
