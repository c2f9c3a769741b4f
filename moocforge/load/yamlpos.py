"""Safe YAML reading that remembers where every value came from.

`yaml.compose` with libyaml's safe loader gives nodes with start marks; we turn nodes into
plain Python values ourselves and record each value's position under its path
(a tuple of keys and indexes), so schema errors and model nodes can point at file:line:col.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

# libyaml is ~1.8x faster; fall back to the pure-Python safe loader
_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader",
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


_scalar_constructor = yaml.constructor.SafeConstructor()
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _scalar(node: yaml.ScalarNode) -> object:
    if node.tag == _TIMESTAMP:  # keep dates as ISO strings: JSON Schema and the model want text
        return node.value
    return _scalar_constructor.construct_object(node)


def compose(text: str) -> YamlDoc:
    """Parse one YAML document; raises yaml.YAMLError, AliasBomb or DuplicateKey."""
    root = yaml.compose(text, Loader=_Loader)
    doc = YamlDoc(None)
    if root is None:
        return doc
    budget = [MAX_NODES]

    def convert(node: yaml.Node, path: Path_) -> object:
        budget[0] -= 1
        if budget[0] < 0:
            raise AliasBomb(node.start_mark.line + 1, node.start_mark.column + 1)
        doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, object] = {}
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise yaml.YAMLError("merge keys (<<) are not supported")
                key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) \
                    else str(key_node)
                if not isinstance(key, str):
                    key = str(key)
                kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                if key in seen:
                    raise DuplicateKey(key, kline, kcol, seen[key])
                seen[key] = kline
                doc.key_positions[path + (key,)] = (kline, kcol)
                result[key] = convert(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [convert(child, path + (i,)) for i, child in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return _scalar(node)

    doc.data = convert(root, ())
    return doc
