"""Writing a definition as YAML a person reads and edits: texts as ``{id: ..., en: ...}`` on one line.

ruamel.yaml's round-trip dumper keeps the key order given; flow style is
set per node so texts, short lists (`accept`, `actions`) and `repeat`
stay on one line, as the hand-written definitions in definitions/ are.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from framework.core.text import LANGUAGES
from framework.definition.metaschema import metaschema

FLOW_KEYS = frozenset({"repeat", "accept", "actions", "lookup"})  # short values kept on one line


def _is_text(value: Any) -> bool:
    return isinstance(value, Mapping) and set(value) <= set(LANGUAGES) and bool(value)


def _node(value: Any, key: str = "") -> Any:
    if _is_text(value):
        node = CommentedMap((k, _quoted(v)) for k, v in value.items())
        node.fa.set_flow_style()
        return node
    if isinstance(value, Mapping):
        node = CommentedMap((k, _node(v, "lookup" if key == "prefill" else str(k))) for k, v in value.items())
        _set_style(node, key)
        return node
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(_node(item) for item in value)
        _set_style(seq, key)
        return seq
    return value


def _set_style(node: CommentedMap | CommentedSeq, key: str) -> None:
    """One line for the short values of ``FLOW_KEYS``, one key per line for the rest, said explicitly.

    Why explicitly: left unset, ruamel writes a mapping of scalars in flow
    style (`- {id: permohonan}`), the builder's next edits went inside it,
    and a page became one 400-character line (errors at `gowa.yaml:11:452`).
    """
    if key in FLOW_KEYS:
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()


def unflow(node: Any) -> None:
    """Block style for ``node`` and everything in it but its texts and ``FLOW_KEYS`` values (an element the builder
    writes into, which an earlier builder wrote on one line)."""
    if not isinstance(node, (CommentedMap, CommentedSeq)):
        return
    node.fa.set_block_style()
    children = node.items() if isinstance(node, CommentedMap) else enumerate(node)
    for key, child in children:
        if key not in FLOW_KEYS and not _is_text(child):
            unflow(child)


def _quoted(text: Any) -> Any:
    """A `?` inside ``{...}`` stops the fast YAML parser (docs/definitions.md): quote such texts."""
    return SingleQuotedScalarString(text) if isinstance(text, str) and "?" in text else text


def ordered(value: Any, schema: Mapping[str, Any] | None = None) -> Any:
    """``value`` with every mapping's keys in the meta-schema's order (a compiled spec's data is sorted)."""
    schema = _resolved(schema if schema is not None else metaschema())
    if _is_text(value):
        return {k: value[k] for k in LANGUAGES if k in value}
    if isinstance(value, Mapping):
        properties = schema.get("properties", {})
        keys = [k for k in properties if k in value] + [k for k in value if k not in properties]
        inner = schema.get("additionalProperties") if isinstance(schema.get("additionalProperties"), dict) else {}
        return {k: ordered(value[k], properties.get(k, inner)) for k in keys}
    if isinstance(value, list):
        return [ordered(item, schema.get("items", {})) for item in value]
    return value


def _resolved(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    reference = schema.get("$ref", "")
    if reference.startswith("#/$defs/"):
        return metaschema()["$defs"][reference.rpartition("/")[2]]
    return schema


def _dumper() -> YAML:
    yaml = YAML()
    yaml.width = 4096  # a text stays on its line, however long
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def to_yaml(data: Mapping[str, Any], comment: str = "") -> str:
    """The definition ``data`` as YAML text, keys in the meta-schema's order, with ``comment`` lines on top."""
    out = io.StringIO()
    if comment:
        out.write("".join(f"# {line}\n" if line else "#\n" for line in comment.splitlines()))
    _dumper().dump(_node(ordered(data)), out)
    return out.getvalue()


def value_yaml(value: Any, key: str = "") -> str:
    """One value as YAML text (a cell of the `mpp` sheet): a text or short list on one line, the rest as blocks."""
    out = io.StringIO()
    schema = metaschema()["properties"].get(key, {})
    _dumper().dump(_node(ordered(value, schema), key), out)
    text = out.getvalue()
    return text[: -len("\n...\n")] if text.endswith("\n...\n") else text.rstrip("\n")
