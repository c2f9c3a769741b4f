"""Safe YAML reading that remembers where every value came from.

`yaml.compose` with libyaml's safe loader gives nodes with start marks; we turn nodes into
plain Python values ourselves and record each value's position under its path
(a tuple of keys and indexes), so schema errors and model nodes can point at file:line:col.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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


def _scalar(node: yaml.ScalarNode) -> object:
    tag = node.tag
    if tag == _STR:
        return node.value
    build = _SCALARS.get(tag)
    if build is not None:
        return build(node)
    # an explicit tag (`!!binary`, an unknown one: a ConstructorError), with a constructor
    # of its own
    return yaml.constructor.SafeConstructor().construct_object(node)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """libyaml's safe loader, resolving implicit tags as it does, once per plain text."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode:
            return str(super().resolve(kind, value, implicit))
        if not implicit[0]:  # quoted, or a non-specific `!`: a string
            return _STR
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            tag = str(super().resolve(kind, value, implicit))
            if len(_PLAIN_TAGS) >= _PLAIN_TAGS_MAX:
                _PLAIN_TAGS.clear()
            _PLAIN_TAGS[value] = tag
        return tag


def compose(text: str) -> YamlDoc:
    """Parse one YAML document; raises yaml.YAMLError, AliasBomb or DuplicateKey."""
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
            return node.value if node.tag == _STR else _scalar(node)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, object] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    raise yaml.YAMLError("merge keys (<<) are not supported")
                key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) \
                    else str(key_node)
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
