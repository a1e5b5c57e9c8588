"""A definition being edited: ruamel.yaml's round-trip tree, so comments and key order survive every edit.

The builder never rebuilds a file from scratch: it loads the author's YAML
(hand-written, uploaded, or its own earlier output) into ruamel's commented
tree, changes only the keys and items the author changed, and dumps it
again. A file written by hand keeps its comments, its key order and its
quoting when it is opened in the builder and saved.

Elements are addressed by their path in the file, as the checker reports
problems: ``("pages", 0, "fields", 2)``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from framework.authoring.emit import _node, ordered, unflow
from framework.definition.metaschema import metaschema

Path = tuple[str | int, ...]


class DocumentError(ValueError):
    """The text is not YAML the builder can edit (the checker says where: `load_text`)."""


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # a text stays on its line, however long
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


class Document:
    """One definition's round-trip tree and the edits the builder makes to it."""

    def __init__(self, root: CommentedMap) -> None:
        self.root = root

    @classmethod
    def parse(cls, source: str) -> Document:
        try:
            root = _yaml().load(source) if source.strip() else CommentedMap()
        except YAMLError as exc:
            raise DocumentError(str(exc)) from None
        if not isinstance(root, CommentedMap):
            raise DocumentError("the top level is not a mapping")
        return cls(root)

    @classmethod
    def new(cls, data: Mapping[str, Any]) -> Document:
        """A document from plain data, keys in the meta-schema's order, texts on one line."""
        return cls(_node(ordered(data)))

    def dump(self) -> str:
        out = io.StringIO()
        _yaml().dump(self.root, out)
        return out.getvalue()

    # --- reading ---------------------------------------------------------------------------

    def get(self, path: Path, default: Any = None) -> Any:
        return node_at(self.root, path, default)

    def items(self, path: Path) -> CommentedSeq:
        """The list at ``path`` (created, empty, when missing)."""
        parent = self.mapping(path[:-1])
        if not isinstance(parent.get(path[-1]), list):
            set_key(parent, str(path[-1]), CommentedSeq(), schema_at(path[:-1]))
        return parent[path[-1]]

    def unflow(self, path: Path) -> None:
        """One key per line for the element at ``path`` (and all in it) and the lists and elements holding it: an
        element written on one line by an earlier builder is written in blocks once the builder edits it."""
        node: Any = self.root
        for step in path[:-1]:
            node = node_at(node, (step,))
            if isinstance(node, (CommentedMap, CommentedSeq)):
                node.fa.set_block_style()
        unflow(node_at(node, path[-1:]) if path else node)

    def mapping(self, path: Path) -> CommentedMap:
        """The mapping at ``path`` (created, empty, where a key is missing; a list item is never created)."""
        node: Any = self.root
        for step in path:
            if isinstance(node, list) and _holds(node, step):
                node = node[int(step)]
                continue
            if not isinstance(node, CommentedMap):  # a list item that is gone, or a text where a mapping was
                raise DocumentError(f"{'/'.join(map(str, path))} is not a mapping")
            if node.get(step) is None:
                set_key(node, str(step), CommentedMap(), schema_at(path[: path.index(step)]))
            node = node[step]
        if not isinstance(node, CommentedMap):
            raise DocumentError(f"{'/'.join(map(str, path))} is not a mapping")
        return node

    # --- editing ---------------------------------------------------------------------------

    def append(self, path: Path, item: Mapping[str, Any]) -> int:
        """Add ``item`` at the end of the list at ``path``; its index."""
        items = self.items(path)
        schema = schema_at(path + (0,))
        added = _node(ordered(item, schema))
        if "id" in schema.get("properties", {}) and isinstance(added, CommentedMap):
            added.fa.set_block_style()  # an element, though `{id: x}` alone looks like a text (one line, then 400)
        items.append(added)
        return len(items) - 1

    def remove(self, path: Path) -> None:
        parent, last = self.get(path[:-1]), path[-1]
        if _holds(parent, last):
            del parent[last]

    def move(self, path: Path, delta: int) -> Path:
        """Move the list item at ``path`` by ``delta`` places (kept inside the list); its new path.

        A path that holds no item (removed in another tab) moves nothing, as ``remove`` removes nothing.
        """
        items, index = self.get(path[:-1]), path[-1]
        if not (isinstance(items, list) and isinstance(index, int) and _holds(items, index)):
            return path
        target = max(0, min(len(items) - 1, index + delta))
        if target != index:
            items.insert(target, items.pop(index))
        return path[:-1] + (target,)

    def transfer(self, path: Path, to_list: Path) -> Path:
        """Move the list item at ``path`` to the end of another list (a field to another page); its new path."""
        if not _holds(self.get(path[:-1]), path[-1]):
            return path
        item = self.get(path)
        self.remove(path)
        target = self.items(to_list)
        target.append(item)
        return to_list + (len(target) - 1,)


def _holds(parent: Any, step: str | int) -> bool:
    """Whether ``parent`` (a list or a mapping) has an item at ``step``."""
    if isinstance(parent, list):
        return isinstance(step, int) and 0 <= step < len(parent)
    return isinstance(parent, dict) and step in parent


def set_key(mapping: CommentedMap, key: str, value: Any, schema: Mapping[str, Any] | None = None) -> None:
    """Set ``key``: in place when it exists (its comments stay), else where the meta-schema orders it."""
    if key in mapping:
        mapping[key] = value
        return
    order = list((schema or {}).get("properties", {}))
    later = [k for k in mapping if k in order and key in order and order.index(k) > order.index(key)]
    position = list(mapping).index(later[0]) if later else len(mapping)
    mapping.insert(position, key, value)


def node(value: Any, key: str = "") -> Any:
    """A plain value as a tree node styled as the hand-written definitions are (texts on one line)."""
    return _node(value, key)


def mappings(value: Any) -> list[Mapping[str, Any]]:
    """The mappings of a list in a definition's data (a stray scalar, or no list at all, gives none)."""
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def node_at(data: Any, path: Path, missing: Any = None) -> Any:
    """What ``path`` names in a definition's data (the data itself for no path); ``missing`` when a step is missing."""
    node: Any = data
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return missing
    return node


def schema_at(path: Path) -> Mapping[str, Any]:
    """The meta-schema of the element at ``path`` (a page, a field, the standard)."""
    schema: Mapping[str, Any] = metaschema()
    for step in path:
        schema = schema.get("items", {}) if isinstance(step, int) else schema.get("properties", {}).get(step, {})
        if "$ref" in schema:
            schema = metaschema()["$defs"][str(schema["$ref"]).rpartition("/")[2]]
    return schema
