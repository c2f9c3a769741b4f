"""Safe YAML reading that remembers where every value came from.

`yaml.compose` with libyaml's safe loader gives nodes with start marks; we turn nodes into
plain Python values ourselves and record each value's position under its path
(a tuple of keys and indexes), so schema errors and model nodes can point at file:line:col.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

import yaml

# libyaml is ~1.8x faster; fall back to the pure-Python safe loader
_Base: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader",
                                                                yaml.SafeLoader)

MAX_NODES = 200_000  # expanded nodes per file: stops "billion laughs" alias bombs

Path_ = tuple[str | int, ...]  # a path into the document: ("lessons", 0, "items", 2)


class AliasBomb(Exception):
    def __init__(self, line: int, col: int) -> None:
        super().__init__("too many expanded nodes")
        self.line, self.col = line, col


class DuplicateKey(Exception):
    def __init__(self, key: str, line: int, col: int, first_line: int) -> None:
        super().__init__(key)
        self.key, self.line, self.col, self.first_line = key, line, col, first_line


class MergeKey(Exception):
    """A `<<: *anchor` merge key, which the loaders do not take (YAML 1.2 has none)."""

    def __init__(self, line: int, col: int) -> None:
        super().__init__("merge keys (<<) are not supported")
        self.line, self.col = line, col


@dataclass
class YamlDoc:
    data: object
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def pos(self, path: Path_) -> tuple[int, int]:
        """Position of the value at `path`, or of its closest ancestor."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def key_pos(self, path: Path_) -> tuple[int, int]:
        return self.key_positions.get(tuple(path)) or self.pos(path)


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_constructor = yaml.constructor.SafeConstructor()
# The scalars YAML resolves implicitly, built as the safe constructor builds them, without
# its `construct_object`, which remembers every node it ever built (a long-lived
# constructor kept every node of every file alive). Dates stay ISO strings: JSON Schema
# and the model want text.
_SCALARS: dict[str, Callable[[yaml.ScalarNode], object]] = {
    "tag:yaml.org,2002:null": _constructor.construct_yaml_null,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": lambda node: node.value,
}
_PLAIN_TAGS: dict[str, str] = {}  # plain scalar -> its implicit tag (a pure function)
_PLAIN_TAGS_MAX = 100_000


def _scalar(node: yaml.ScalarNode, tag: str) -> object:
    if tag == _STR:
        return node.value
    build = _SCALARS.get(tag)
    if build is not None:
        return build(node)
    # an explicit tag (`!!binary`, an unknown one: a ConstructorError), with a constructor
    # of its own
    return yaml.constructor.SafeConstructor().construct_object(node)


# what the safe loaders resolve implicit tags with: (kind, value, implicit) -> tag
_RESOLVE = cast(Callable[..., str], yaml.resolver.Resolver().resolve)


def _tag(node: yaml.Node) -> str:
    """The node's tag: as written, or the implicit one of a scalar (`_Loader.resolve`)."""
    tag: object = node.tag
    if not isinstance(tag, slice):
        return str(tag)
    if tag.start is not yaml.ScalarNode or not tag.step[0]:  # a collection, quoted, `!`
        return _STR if tag.start is yaml.ScalarNode else ""
    value = tag.stop
    found = _PLAIN_TAGS.get(value)
    if found is None:
        found = str(_RESOLVE(yaml.ScalarNode, value, tag.step))
        if len(_PLAIN_TAGS) >= _PLAIN_TAGS_MAX:
            _PLAIN_TAGS.clear()
        _PLAIN_TAGS[value] = found
    return found


_KEY_TEXT_MAX = 200  # characters of a list or mapping key shown


def _node_text(node: yaml.Node) -> str:
    """A list or mapping used as a key, as the author wrote it in flow style: `[a, b]`,
    `{a: [1, 2]}` (quoted scalars keep their quotes; an alias to an enclosing node is `…`)."""
    parts: list[str] = []
    size = 0
    # a stack of what is left to write: nodes, and text to write as it is
    pending: list[yaml.Node | str] = [node]
    active: list[int] = []  # the collections being written (an alias may lead back to one)
    while pending and size <= _KEY_TEXT_MAX:
        current = pending.pop()
        if isinstance(current, str):
            if current == "\0":
                active.pop()
                continue
            parts.append(current)
            size += len(current)
            continue
        if isinstance(current, yaml.ScalarNode):
            text = _quoted(current)
        elif id(current) in active:
            text = "…"
        else:
            active.append(id(current))
            if isinstance(current, yaml.SequenceNode):
                inner: list[yaml.Node | str] = []
                for index, item in enumerate(current.value):
                    inner += [", "] if index else []
                    inner.append(item)
                opening, closing = "[", "]"
            else:
                inner = []
                for index, (key, value) in enumerate(current.value):
                    inner += [", "] if index else []
                    inner += [key, ": ", value]
                opening, closing = "{", "}"
            pending += ["\0", closing, *reversed(inner)]
            text = opening
        parts.append(text)
        size += len(text)
    text = "".join(parts)
    return text if size <= _KEY_TEXT_MAX and not pending else text[:_KEY_TEXT_MAX] + "…"


def _quoted(node: yaml.ScalarNode) -> str:
    value = str(node.value)
    if node.style == "'":
        return "'" + value.replace("'", "''") + "'"
    if node.style == '"':
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """libyaml's safe loader, its resolver left out of the composing: the composer asks the
    resolver about every node, and a Python method per node was a fifth of the parse.
    `resolve` keeps what it is asked in a slice (kind, value, implicit), which `_tag`
    resolves once per plain text; there are no path resolvers to follow."""

    resolve = staticmethod(slice)
    descend_resolver = staticmethod(slice)
    ascend_resolver = staticmethod(tuple)


def compose(text: str) -> YamlDoc:
    """Parse one YAML document; raises yaml.YAMLError, AliasBomb, DuplicateKey or MergeKey."""
    root = yaml.compose(text, Loader=_Loader)
    doc = YamlDoc(None)
    if root is None:
        return doc
    positions, key_positions = doc.positions, doc.key_positions
    budget = MAX_NODES

    def convert(node: yaml.Node, path: Path_) -> object:
        nonlocal budget
        budget -= 1
        mark = node.start_mark
        if budget < 0:
            raise AliasBomb(mark.line + 1, mark.column + 1)
        positions[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            tag = _tag(node)
            return node.value if tag == _STR else _scalar(node, tag)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, object] = {}
            for key_node, value_node in node.value:
                key_tag = _tag(key_node)
                if key_tag == _MERGE:
                    raise MergeKey(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                key = _scalar(key_node, key_tag) if isinstance(key_node, yaml.ScalarNode) \
                    else _node_text(key_node)
                if not isinstance(key, str):
                    key = str(key)
                key_mark = key_node.start_mark
                line, col = key_mark.line + 1, key_mark.column + 1
                child = (*path, key)
                if key in result:
                    raise DuplicateKey(key, line, col, key_positions[child][0])
                key_positions[child] = (line, col)
                result[key] = convert(value_node, child)
            return result
        assert isinstance(node, yaml.SequenceNode)
        return [convert(item, (*path, index)) for index, item in enumerate(node.value)]

    doc.data = convert(root, ())
    return doc
