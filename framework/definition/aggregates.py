"""Checks of aggregates over repeating groups (``sum(anggota.penghasilan)``, ``any(...)``).

The condition language checks an aggregate's shape when it compiles; what
it cannot know without the definition is checked here: that the group is a
repeating group, that the fields named inside exist in it, and that a
``sum``/``min``/``max`` is over a field with a total or an order. Each
problem points at the character of the condition where it goes wrong.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

from framework.definition.errors import Problem
from framework.definition.index import Path
from framework.definition.messages import Text, did_you_mean, msg
from framework.expressions import Expression
from framework.expressions.aggregates import VALUE_TYPES, Aggregate

if TYPE_CHECKING:
    from framework.definition.checks import Subject


def aggregate_problems(s: Subject, path: Path, expression: Expression) -> Iterator[Problem]:
    """What the compiled condition at ``path`` gets wrong about the repeats it aggregates over.

    ``check_expressions`` calls it on the condition it has just compiled, so
    each condition is walked to and compiled once.
    """
    for aggregate in expression.aggregates:
        yield from _check(s, path, aggregate)


def _check(s: Subject, path: Path, aggregate: Aggregate) -> Iterator[Problem]:
    group = s.index.fields.get(aggregate.group)
    if not _is_repeat(group):
        yield Problem(path, "EXPR_NOT_A_REPEAT", _not_a_repeat(aggregate, group), offset=aggregate.group_offset)
        return
    children = s.index.group_children.get(aggregate.group, {})
    allowed = VALUE_TYPES.get(aggregate.function)
    for ref in aggregate.children:
        child = children.get(ref.name)
        if child is None:
            yield Problem(
                path, "EXPR_UNKNOWN_NAME", _unknown_child(aggregate.group, ref.name, children), offset=ref.offset
            )
        elif allowed is not None and child.get("type") not in allowed:
            yield Problem(
                path, "EXPR_AGGREGATE_TYPE", _wrong_type(aggregate, ref.name, child, allowed), offset=ref.offset
            )


def _is_repeat(item: Mapping[str, Any] | None) -> bool:
    return item is not None and item.get("type") == "group" and isinstance(item.get("repeat"), dict)


def _not_a_repeat(aggregate: Aggregate, item: Mapping[str, Any] | None) -> Text:
    name, function = aggregate.group, aggregate.function
    if item is None:
        what = msg(f"`{name}` adalah kolom di dalam kelompok", f"`{name}` is a field inside a group")
    elif item.get("type") == "group":
        what = msg(
            f"kelompok `{name}` tidak berulang (tanpa `repeat`)", f"group `{name}` does not repeat (no `repeat`)"
        )
    else:
        kind = item.get("type")
        what = msg(f"`{name}` adalah kolom berjenis `{kind}`", f"`{name}` is a `{kind}` field")
    return (
        msg(
            f"`{function}()` membaca baris-baris kelompok berulang (`type: group` dengan `repeat`), tetapi ",
            f"`{function}()` reads the rows of a repeating group (`type: group` with `repeat`), but ",
        )
        + what
    )


def _unknown_child(group: str, name: str, children: Mapping[str, Any]) -> Text:
    close = get_close_matches(name, sorted(children), n=1)
    listed = ", ".join(sorted(children))
    return msg(
        f"kelompok `{group}` tidak memiliki kolom `{name}` (kolomnya: {listed})",
        f"group `{group}` has no field `{name}` (its fields: {listed})",
    ) + did_you_mean(close[0] if close else None)


def _wrong_type(aggregate: Aggregate, name: str, child: Mapping[str, Any], allowed: frozenset[str]) -> Text:
    kinds = ", ".join(f"`{kind}`" for kind in sorted(allowed))
    function, kind = aggregate.function, child.get("type")
    return msg(
        f"`{function}()` atas `{aggregate.group}.{name}`, kolom "
        f"berjenis `{kind}`: {function}() hanya untuk kolom {kinds}",
        f"`{function}()` over `{aggregate.group}.{name}`, a `{kind}` field: {function}() is for {kinds} fields only",
    )
