"""Aggregates over the rows of a repeating group.

``sum(anggota.penghasilan) < 3000000``, ``count(anggota) >= 2``,
``any(anggota.umur >= 17)``, ``all(anggota.nik != null)``,
``count(anggota.umur < 17)``, ``min(anggota.tanggal_lahir)``,
``unique(saksi.nik_saksi)``.

Why this syntax: an author thinks "the income of each member, added up";
``group.field`` says exactly that, stays a Python expression (so the one
parser and allow-list keep working) and needs no comprehension, lambda or
loop variable. ``group.field`` is the only attribute access the language
allows, and only inside an aggregate's parentheses: at compile time each
aggregate call is cut out of the tree and replaced by a name (its own source
text), and ``group.field`` inside it by the name ``"group.field"``. At
evaluation the aggregate's value is computed here, row by row, and bound to
that name, so the evaluator never sees an attribute.

What the expression layer cannot know (is ``anggota`` a repeating group,
does it have a field ``penghasilan``, is it a number) is checked against the
definition by ``framework.definition.aggregates``, with located errors.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from framework.core.text import Text, msg

if TYPE_CHECKING:
    from framework.expressions import Expression, Scope


def _numbers(values: list[Any]) -> list[Any] | None:
    """The answered values, or None when one is not a number (the sum cannot be decided)."""
    answered = [v for v in values if v is not None]
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in answered):
        return None
    return answered


def _sum(values: list[Any]) -> Any:
    numbers = _numbers(values)
    return None if numbers is None else sum(numbers)


def _extreme(pick: Callable[[list[Any]], Any]) -> Callable[[list[Any]], Any]:
    def reduce(values: list[Any]) -> Any:
        answered = [v for v in values if v is not None]
        try:
            return pick(answered) if answered else None
        except TypeError:  # mixed types: undecidable, like any other comparison of unlike values
            return None

    return reduce


def _any(values: list[Any]) -> bool | None:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def _all(values: list[Any]) -> bool | None:
    if any(v is not True and v is not None for v in values):
        return False
    return None if any(v is None for v in values) else True


def _unique(values: list[Any]) -> bool:
    """Whether no two answered values are the same (two witnesses who are one person); no answers: true.

    Why a function of its own: a rule cannot index rows (`saksi[0]`), so
    "the witnesses are two different people" had no way to be written.
    """
    answered = [repr(v) if isinstance(v, (list, dict)) else v for v in values if v is not None]
    return len(set(answered)) == len(answered)


def _count(values: list[Any]) -> int:
    return sum(1 for v in values if v is True)


@dataclass(frozen=True)
class AggregateKind:
    """One aggregate function: what its argument must be and how the rows' values reduce to one."""

    argument: str  # "field": `group.field`; "condition": a condition over `group.field`s; count takes either or a group
    reduce: Callable[[list[Any]], Any]


AGGREGATES: dict[str, AggregateKind] = {
    "sum": AggregateKind("field", _sum),
    "min": AggregateKind("field", _extreme(min)),
    "max": AggregateKind("field", _extreme(max)),
    "count": AggregateKind("condition", _count),
    "any": AggregateKind("condition", _any),
    "all": AggregateKind("condition", _all),
    "unique": AggregateKind("field", _unique),
}

# field types each value aggregate accepts (the definition checker reads this table)
VALUE_TYPES: dict[str, frozenset[str]] = {
    "sum": frozenset({"integer", "decimal"}),
    "min": frozenset({"integer", "decimal", "date"}),
    "max": frozenset({"integer", "decimal", "date"}),
    "unique": frozenset(
        {"text", "textarea", "integer", "decimal", "date", "choice", "email", "phone", "nik", "kk", "region"}
    ),
}


@dataclass(frozen=True)
class ChildRef:
    """A field of the group named inside an aggregate (``anggota.penghasilan``), with its column."""

    name: str
    offset: int


@dataclass(frozen=True)
class Aggregate:
    """One aggregate call of a condition, cut out of its tree at compile time."""

    function: str
    group: str
    group_offset: int
    slot: str  # the name the value is bound to: the call's own source text
    children: tuple[ChildRef, ...]
    row: Expression | None  # evaluated per row; None for `count(group)`
    reads: frozenset[str]  # fields outside the group the row expression reads

    def value(self, values: Mapping[str, Any]) -> Any:
        """The aggregate over the group's rows in ``values`` (no rows: 0 for sum/count, false for any)."""
        rows = values.get(self.group)
        if rows is None:
            rows = []
        if not isinstance(rows, list):
            return None
        if self.row is None:
            return len(rows)
        row = self.row
        outside = {name: values.get(name) for name in self.reads}
        results = [row.evaluate(row_scope(self.group, item, outside)) for item in rows if isinstance(item, Mapping)]
        return AGGREGATES[self.function].reduce(results)


def row_scope(group: str, row: Mapping[str, Any], outside: Mapping[str, Any]) -> dict[str, Any]:
    """What a row expression sees: ``group.field`` for the row's answers, the other fields it reads as usual."""
    return {**outside, **{f"{group}.{name}": value for name, value in row.items()}}


# --- compile time ---------------------------------------------------------------------


def cut_aggregates(tree: ast.Expression, text: str, known: Scope) -> tuple[Aggregate, ...]:
    """Replace every aggregate call in ``tree`` by a name; the aggregates found, checked for shape.

    Iterative (no recursion), so a hostile, deeply nested condition reaches
    the depth check of the caller instead of Python's recursion limit.
    """
    found: list[Aggregate] = []
    for parent in list(ast.walk(tree)):
        for name, value in ast.iter_fields(parent):
            children = value if isinstance(value, list) else [value]
            for index, child in enumerate(children):
                if not _is_aggregate(child):
                    continue
                if any(_is_aggregate(inner) for inner in ast.walk(child) if inner is not child):
                    raise _refused(NESTED, child.col_offset)
                aggregate = _aggregate(child, text, known)
                found.append(aggregate)
                slot = ast.copy_location(ast.Name(id=aggregate.slot, ctx=ast.Load()), child)
                if isinstance(value, list):
                    value[index] = slot
                else:
                    setattr(parent, name, slot)
    return tuple(found)


def _is_aggregate(node: Any) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in AGGREGATES


NESTED = msg(
    "agregat di dalam agregat tidak diizinkan; hitung bagian dalamnya dengan aturan tersendiri",
    "an aggregate inside an aggregate is not allowed; compute the inner one in a rule of its own",
)


def _example(function: str) -> str:
    return {
        "sum": "sum(anggota.penghasilan)",
        "min": "min(anggota.tanggal_lahir)",
        "max": "max(anggota.umur)",
        "count": "count(anggota) atau/or count(anggota.umur >= 17)",
        "any": "any(anggota.umur >= 17)",
        "all": "all(anggota.penghasilan > 0)",
        "unique": "unique(saksi.nik_saksi)",
    }[function]


def _refused(text: Text, offset: int) -> Exception:
    """An aggregate of the wrong shape (``EXPR_FORBIDDEN``), pointing at ``offset``."""
    from framework.expressions import ExpressionError

    return ExpressionError("EXPR_FORBIDDEN", text, offset)


def _shape_error(node: ast.Call, function: str) -> Exception:
    example = _example(function)
    text = msg(
        f"`{function}()` menerima satu argumen berupa kolom dari kelompok berulang, mis. `{example}`",
        f"`{function}()` takes one argument naming a field of a repeating group, e.g. `{example}`",
    )
    return _refused(text, node.col_offset)


def _aggregate(node: ast.Call, text: str, known: Scope) -> Aggregate:
    function = node.func.id  # type: ignore[attr-defined]
    if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
        raise _shape_error(node, function)
    argument = node.args[0]
    slot = ast.get_source_segment(text, node) or ast.unparse(node)
    if function == "count" and isinstance(argument, ast.Name):
        _known_group(argument.id, argument.col_offset, known)
        return Aggregate(function, argument.id, argument.col_offset, slot, (), None, frozenset())
    if AGGREGATES[function].argument == "field" and not _is_child_ref(argument):
        raise _shape_error(node, function)
    if isinstance(argument, (ast.GeneratorExp, ast.ListComp, ast.SetComp)):
        raise _shape_error(node, function)
    refs = [n for n in ast.walk(argument) if isinstance(n, ast.Attribute)]
    if not refs:
        raise _shape_error(node, function)
    group, group_offset = _one_group(refs, function, node)
    _known_group(group, group_offset, known)
    children = tuple(ChildRef(ref.attr, _attribute_offset(text, ref)) for ref in refs)
    body = _with_row_names(node, argument)
    row_names = frozenset(f"{group}.{ref.name}" for ref in children)
    row = _row_expression(text, body, known.plus(row_names))
    return Aggregate(function, group, group_offset, slot, children, row, row.names - row_names)


def _is_child_ref(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)


ONLY_CHILD_REFS = msg(
    "di dalam agregat hanya `kelompok.kolom` yang boleh, mis. `anggota.umur`",
    "inside an aggregate only `group.field` is allowed, e.g. `anggota.umur`",
)


def _one_group(refs: Iterable[ast.Attribute], function: str, node: ast.Call) -> tuple[str, int]:
    groups: dict[str, int] = {}
    for ref in refs:
        if not _is_child_ref(ref):
            raise _refused(ONLY_CHILD_REFS, ref.col_offset)
        groups.setdefault(ref.value.id, ref.value.col_offset)  # type: ignore[attr-defined]
    if len(groups) > 1:
        names = ", ".join(f"`{g}`" for g in groups)
        text = msg(
            f"`{function}()` membaca satu kelompok berulang saja, bukan {names}",
            f"`{function}()` reads one repeating group only, not {names}",
        )
        raise _refused(text, node.col_offset)
    return next(iter(groups.items()))


def _known_group(name: str, offset: int, known: Scope) -> None:
    from framework.expressions import ExpressionError

    if name not in known:
        raise ExpressionError(
            "EXPR_UNKNOWN_NAME",
            msg(f"`{name}` bukan kolom pada layanan ini", f"`{name}` is not a field of this service"),
            offset,
            unknown=(name, known),
        )


def _attribute_offset(text: str, node: ast.Attribute) -> int:
    """Column of the field name after the dot (``anggota.penghasilan`` → the ``p``)."""
    end = node.end_col_offset if node.end_col_offset is not None else node.col_offset
    return max(end - len(node.attr), node.col_offset)


def _with_row_names(call: ast.Call, argument: ast.expr) -> ast.expr:
    """``argument`` with every ``group.field`` replaced by the name ``"group.field"`` (in place)."""
    holder = ast.Expression(body=argument)
    for parent in list(ast.walk(holder)):
        for name, value in ast.iter_fields(parent):
            children = value if isinstance(value, list) else [value]
            for index, child in enumerate(children):
                if _is_child_ref(child):
                    renamed = ast.copy_location(ast.Name(id=f"{child.value.id}.{child.attr}", ctx=ast.Load()), child)
                    if isinstance(value, list):
                        value[index] = renamed
                    else:
                        setattr(parent, name, renamed)
    return holder.body


def _row_expression(text: str, body: ast.expr, known: Scope) -> Expression:
    from framework.expressions import Expression, _check_tree

    names = _check_tree(ast.Expression(body=body), known, text)
    return Expression(ast.get_source_segment(text, body) or "", frozenset(names), body)
