"""Repairs made before checking, each reported as a warning.

In a flow mapping, `{id: Akta, en: Birth statement from a doctor, midwife}`
is cut at the comma: YAML reads a key `midwife` with no value. Authors who
write texts in flow style hit this constantly (the reference example does),
and the result is a silently truncated text. We rejoin what the author meant
and tell them to quote it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from framework.definition.errors import Problem
from framework.definition.index import Path
from framework.definition.messages import LANGUAGES, msg

_TEXT_KEYS = LANGUAGES  # the keys of a `{id, en}` text


def rejoin_split_texts(node: Any, path: Path = ()) -> Iterator[Problem]:
    """Mutates ``node``: rejoins text objects split by a comma; yields a warning for each."""
    if isinstance(node, dict):
        if "id" in node and _is_split_text(node):
            yield from _rejoin(node, path)
            return
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                yield from rejoin_split_texts(value, path + (key,))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, (dict, list)):
                yield from rejoin_split_texts(item, path + (i,))


def _is_split_text(node: dict) -> bool:
    extra = [k for k in node if k not in _TEXT_KEYS]
    return (
        bool(extra)
        and all(isinstance(k, str) and node[k] is None and k not in _language_keys() for k in extra)
        and all(isinstance(node.get(k, ""), str) for k in _TEXT_KEYS)
    )


@functools.cache
def _language_keys() -> frozenset[str]:
    """Every key the language knows: `{id: x, label: }` is an empty label, not a split text."""
    from framework.definition.metaschema import metaschema

    keys: set[str] = set()

    def collect(schema: Any) -> None:
        if isinstance(schema, dict):
            keys.update(schema.get("properties", {}))
            for value in schema.values():
                collect(value)
        elif isinstance(schema, list):
            for value in schema:
                collect(value)

    collect(metaschema())
    return frozenset(keys)


def _rejoin(node: dict, path: Path) -> Iterator[Problem]:
    current = None
    pieces: dict[str, list[str]] = {}
    for key in list(node):
        if key in _TEXT_KEYS:
            current = key
            pieces[key] = [node[key]]
        elif current is not None:
            pieces[current].append(key)
            yield Problem(
                path + (key,),
                "TEXT_SPLIT_BY_COMMA",
                msg(
                    f"koma memotong teks `{current}`; dibaca sebagai "
                    f"`{', '.join(pieces[current])}`: beri tanda kutip pada teks itu",
                    f"a comma split the `{current}` text; read as "
                    f"`{', '.join(pieces[current])}`: put the text in quotes",
                ),
                at="key",
            )
    for key in list(node):
        if key not in _TEXT_KEYS:
            del node[key]
    for key, parts in pieces.items():
        node[key] = ", ".join(parts)
