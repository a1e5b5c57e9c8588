"""A condition that compares a field with a value of another kind never holds.

`kembar == 'true'` compares a yes/no field with a text, `urutan > '2'` a
number with a text, `hubungan == 1` a choice with a number: the condition is
valid Python, evaluates to false (or to "undecidable") for every answer, and
the field it guards stays hidden for good. The author meant `true`, `2` and
`'1'`; the checker says so instead of letting the form lose a field quietly.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from framework.definition.messages import Text, msg
from framework.expressions import CONSTANTS, Expression

_COMPARISONS = (ast.Eq, ast.NotEq, ast.Lt, ast.Gt, ast.LtE, ast.GtE, ast.In, ast.NotIn)
_TEXT_TYPES = ("choice", "multichoice", "text", "textarea", "email", "phone", "nik", "kk", "region")
# field type -> the kind of its answers: "yes/no", "number", "text", or "date" (a date, not its ISO text)
ANSWER_KIND: dict[str, str] = {
    "boolean": "yes/no",
    "declaration": "yes/no",
    "integer": "number",
    "decimal": "number",
    "date": "date",
    **dict.fromkeys(_TEXT_TYPES, "text"),
}
# Python's True equals 1, so a yes/no and a number can match; a date answer is a date, never its ISO text
COMPATIBLE_KINDS = frozenset({("yes/no", "number"), ("number", "yes/no")})
_KIND_WORDS = {
    "yes/no": Text("ya/tidak", "yes/no"),
    "number": Text("angka", "number"),
    "text": Text("teks", "text"),
    "date": Text("tanggal", "date"),
}


def mismatched_literals(expression: Expression, type_of: Callable[[str], str | None]) -> Iterator[tuple[int, Text]]:
    """(column, message) for each literal a field is compared with that no answer of that field can equal."""
    for name, literal, value in _compared(expression.tree):
        expected, found = ANSWER_KIND.get(type_of(name) or ""), written_kind(value)
        if expected and found and found != expected and (expected, found) not in COMPATIBLE_KINDS:
            yield literal.col_offset, _message(name, value, expected, found)


def _compared(tree: ast.AST) -> Iterator[tuple[str, ast.expr, Any]]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for operator, left, right in zip(node.ops, operands, operands[1:], strict=False):
            if isinstance(operator, _COMPARISONS):
                yield from _field_against(left, right)
                yield from _field_against(right, left)


def _field_against(name: ast.expr, other: ast.expr) -> Iterator[tuple[str, ast.expr, Any]]:
    if not isinstance(name, ast.Name) or name.id in CONSTANTS:
        return
    for literal in other.elts if isinstance(other, (ast.List, ast.Tuple)) else [other]:
        if isinstance(literal, ast.Constant):
            yield name.id, literal, literal.value
        elif isinstance(literal, ast.Name) and literal.id in CONSTANTS:
            yield name.id, literal, CONSTANTS[literal.id]


def kind_words(kind: str) -> Text:
    """A kind in words: "tanggal" / "date"."""
    return _KIND_WORDS.get(kind, Text(kind, kind))


def written_kind(value: Any) -> str | None:
    """The kind of a literal as written: `true` yes/no, `2` a number, `'2'` a text."""
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    return None  # `null`: an empty answer, comparable with any field


def _is_date(text: str) -> bool:
    """A calendar date written YYYY-MM-DD (Python also reads `20240131`, which `tanggal` does not)."""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _written(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"'{value}'" if isinstance(value, str) else str(value)


def _remedy(value: Any, expected: str) -> Text:
    """What to write instead, when the literal says it plainly (`'true'` → `true`, `'2'` → `2`, `1` → `'1'`)."""
    text = str(value).strip().lower() if isinstance(value, str) else None
    if expected == "date":
        day = value if isinstance(value, str) and _is_date(value) else "2024-01-31"
        return msg(
            f"; bandingkan tanggal dengan `tanggal('{day}')` atau `today()`",
            f"; compare a date with `tanggal('{day}')` or `today()`",
        )
    if expected == "yes/no" and text in ("true", "false", "ya", "tidak", "benar", "salah"):
        right = "true" if text in ("true", "ya", "benar") else "false"
    elif expected == "number" and text is not None and is_number_text(text):
        right = text
    elif expected == "text" and written_kind(value) == "number":
        right = f"'{value}'"
    else:
        return msg("", "")
    return msg(f"; tulis `{right}`", f"; write `{right}`")


def is_number_text(value: object) -> bool:
    """Whether ``value`` is a number written as text (`'17'`, `'2.5'`): what to write without the quotes."""
    return isinstance(value, str) and value.strip().replace(".", "", 1).isdigit()


def _message(name: str, value: Any, expected: str, found: str) -> Text:
    want, got = _KIND_WORDS[expected], _KIND_WORDS[found]
    return msg(
        f"kolom `{name}` berisi {want.id}, tetapi dibandingkan dengan {got.id} `{_written(value)}`, "
        f"sehingga kondisi ini tidak pernah cocok",
        f"field `{name}` holds a {want.en}, but is compared with the {got.en} `{_written(value)}`, "
        f"so the condition can never match",
    ) + _remedy(value, expected)


def bad_dates(expression: Expression) -> Iterator[tuple[int, Text]]:
    """(column, message) for each ``tanggal('…')`` whose text is no calendar date written YYYY-MM-DD.

    Why at validation: at run time ``tanggal`` answers "no date" for it, every
    comparison with it is undecidable, and what it guards never shows.
    """
    for node in ast.walk(expression.tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tanggal"):
            continue
        argument = node.args[0] if len(node.args) == 1 else None
        if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
            continue  # a field or an expression: its value is known only when the form is filled
        if not _is_date(argument.value):
            yield (
                argument.col_offset,
                msg(
                    f"`tanggal('{argument.value}')` bukan tanggal yang sah; "
                    "tulis TTTT-BB-HH, mis. `tanggal('2024-08-17')`",
                    f"`tanggal('{argument.value}')` is not a real date; write YYYY-MM-DD, e.g. `tanggal('2024-08-17')`",
                ),
            )
