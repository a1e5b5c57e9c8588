"""Conditions whose truth does not depend on the answers.

`alasan_ktp == 'BARU' or 'HILANG'` reads like English but is Python: the
text `'HILANG'` is an operand of `or` on its own, and it is always true, so
the condition holds for BARU and for nothing else (for HILANG its value is
the text `'HILANG'`, not true). `when: true` or
`when: 1 == 1` reads no field at all: a rule with it refuses every
application, a field with `when: false` never shows. Both are refused here,
with what the author most likely meant.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from framework.definition.messages import Text, msg
from framework.expressions import Expression


def bare_values(expression: Expression) -> Iterator[tuple[int, Text]]:
    """(column, message) for each text or number standing alone where a condition's truth is decided.

    Only in truth position: the whole condition, and the operands of
    and/or/not found there. Inside a comparison or a call, `or` gives a
    default (`(penghasilan or 0) > 1000`), which is right and stays allowed.
    """
    tree = expression.tree
    if _is_bare(tree):
        yield tree.col_offset, _bare_message(tree, None)
    yield from _bare_operands(tree)


def _bare_operands(node: ast.AST) -> Iterator[tuple[int, Text]]:
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            if _is_bare(value):
                yield value.col_offset, _bare_message(value, node)
            else:
                yield from _bare_operands(value)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        if _is_bare(node.operand):
            yield node.operand.col_offset, _bare_message(node.operand, None)
        else:
            yield from _bare_operands(node.operand)


def _is_bare(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (str, int, float))
        and not isinstance(node.value, bool)
    )


def _bare_message(literal: ast.expr, joined: ast.BoolOp | None) -> Text:
    written = ast.unparse(literal)
    text = msg(
        f"nilai `{written}` berdiri sendiri sebagai syarat; nilai yang tidak kosong selalu dianggap benar, jadi "
        f"tidak dibandingkan dengan kolom mana pun",
        f"the value `{written}` stands alone as a condition; a value that is not empty always counts as true, so "
        f"it is not compared with any field",
    )
    instead = _meant(literal, joined) if joined is not None else None
    if instead is None:
        return text + msg(
            f"; bandingkan dengan sebuah kolom, mis. `status == {written}`",
            f"; compare it with a field, e.g. `status == {written}`",
        )
    return text + msg(f"; tulis `{instead}`", f"; write `{instead}`")


def _meant(literal: ast.expr, joined: ast.BoolOp) -> str | None:
    """`f == 'A' or 'B'` → `f in ['A', 'B']`; `f != 'A' and 'B'` → `f not in ['A', 'B']`."""
    wanted = ast.Eq if isinstance(joined.op, ast.Or) else ast.NotEq
    for value in joined.values:
        if (
            isinstance(value, ast.Compare)
            and len(value.ops) == 1
            and isinstance(value.ops[0], wanted)
            and isinstance(value.left, ast.Name)
            and isinstance(value.comparators[0], ast.Constant)
        ):
            word = "in" if wanted is ast.Eq else "not in"
            values = [value.comparators[0], *(v for v in joined.values if _is_bare(v))]
            return f"{value.left.id} {word} [{', '.join(ast.unparse(v) for v in values)}]"
    return None


SWITCHES = frozenset({"true", "false", "True", "False"})


def reads_no_field(expression: Expression, switch: bool, rule: bool) -> Text | None:
    """The message for a condition that reads no field: its answer is the same for every application.

    The words `true`/`false` are how a template leaves a condition for its
    variants to fill in, and how a variant switches one on or off (there is
    no other way to override it), so there (``switch``) they pass, except a
    rule that is always true: it would refuse every application.
    """
    if expression.names:
        return None
    answer = expression.evaluate({})
    if answer is not True and answer is not False and answer is not None:
        return None  # a bare value: `bare_values` says what to write
    if switch and expression.source in SWITCHES and not (rule and answer is True):
        return None
    if answer is True:
        always = msg("selalu benar", "always true") + (
            msg(" (aturan ini menolak setiap permohonan)", " (this rule refuses every application)")
            if rule
            else msg("", "")
        )
    else:
        always = msg("tidak pernah benar", "never true")
    return msg(
        f"kondisi `{expression.source}` tidak membaca kolom apa pun, sehingga hasilnya sama untuk setiap "
        f"permohonan: {always.id}; bandingkan sebuah kolom, mis. `status == 'KAWIN'`, atau hapus `when`",
        f"the condition `{expression.source}` reads no field, so its answer is the same for every application: "
        f"{always.en}; compare a field, e.g. `status == 'KAWIN'`, or remove `when`",
    )
