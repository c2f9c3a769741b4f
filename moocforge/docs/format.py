"""The source-format reference (the generated part of docs/format.md), from the JSON Schemas.

Every schema file becomes a section listing its keys at any depth, each with its description,
type, limits, whether it is required, its default, its allowed values with their meanings and
its examples. A `$defs` entry with keys of its own (an item kind, lint suppressions) gets a
section too; the others (text, id, date…) get an entry that the keys' types link to. Nothing
here knows a file, a key or an item kind: whatever the schemas hold appears, in the reading
order of `FILE_ORDER` (other files follow alphabetically, shared definitions last).
"""

from __future__ import annotations

import difflib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from lxml import html as lxml_html
from lxml.html import builder as E

from moocforge.load.schema import SCHEMA_DIR

FILE_ORDER = ("course", "week", "quiz", "peer", "exercise")
SHARED = "common"  # the file of definitions the others reference
MARKER = ("<!-- Everything below is generated from schemas/*.schema.json by "
          "`moocforge format-doc`: edit the schemas, then run "
          "`moocforge format-doc --into docs/format.md`. -->")
_TYPE_NAMES = {"string": ("string", "strings"), "number": ("number", "numbers"),
               "integer": ("whole number", "whole numbers"),
               "boolean": ("`true` or `false`", "`true` or `false` values"),
               "null": ("nothing", "nothings")}


@dataclass(frozen=True)
class Entry:
    """One documented thing: a file, a definition or a key."""

    name: str  # what `moocforge format-doc NAME` finds: quiz.questions.kind, week.video
    level: int
    heading: str
    body: str

    def markdown(self, anchor: bool = True) -> str:
        text = f'{"#" * self.level} {self.heading}\n\n{self.body}'
        return f"{_anchor(self.name)}\n\n{text}" if anchor else text


def _anchor(name: str) -> str:
    """`<a id="…"></a>`, the name escaped by lxml."""
    return str(lxml_html.tostring(E.A(id=name), encoding="unicode"))


class _Dumper(yaml.SafeDumper):
    """Writes YAML as authors do: dates unquoted (the loader keeps them as text), lists
    indented under their key, short mappings and lists on one line."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


class _FlowMapping(dict):
    pass


class _FlowList(list):
    pass


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()}
_Dumper.add_representer(_FlowMapping, lambda dumper, value: dumper.represent_mapping(
    "tag:yaml.org,2002:map", value, flow_style=True))
_Dumper.add_representer(_FlowList, lambda dumper, value: dumper.represent_sequence(
    "tag:yaml.org,2002:seq", value, flow_style=True))
_INLINE_WIDTH = 70


def load_schemas(folder: Path = SCHEMA_DIR) -> dict[str, dict]:
    """Every `<name>.schema.json` of `folder`, by name, in reading order."""
    found = {p.name.removesuffix(".schema.json"): json.loads(p.read_text("utf-8"))
             for p in folder.glob("*.schema.json")}

    def rank(name: str) -> tuple[int, str]:
        if name in FILE_ORDER:
            return FILE_ORDER.index(name), ""
        return (len(FILE_ORDER) + (name == SHARED), name)

    return {name: found[name] for name in sorted(found, key=rank)}


def reference_markdown(folder: Path = SCHEMA_DIR) -> str:
    """The reference part of docs/format.md."""
    reference = _Reference(load_schemas(folder))
    return reference.introduction() + "".join(
        "\n" + entry.markdown() for entry in reference.entries())


def entry_markdown(name: str, folder: Path = SCHEMA_DIR) -> str | None:
    """The reference text of one file, definition or key (`quiz.showanswer`)."""
    entries = {e.name: e for e in _Reference(load_schemas(folder)).entries()}
    wanted = name.replace("[]", "").strip(".")
    return entries[wanted].markdown(anchor=False) if wanted in entries else None


def entry_names(folder: Path = SCHEMA_DIR) -> list[str]:
    return [e.name for e in _Reference(load_schemas(folder)).entries()]


def close_names(name: str, folder: Path = SCHEMA_DIR) -> list[str]:
    return difflib.get_close_matches(name, entry_names(folder), n=3)


def replace_generated(text: str, generated: str) -> str | None:
    """`text` with everything after the marker line replaced; None without a marker."""
    before, found, _after = text.partition(MARKER)
    return before + MARKER + "\n\n" + generated if found else None


class _Reference:
    def __init__(self, schemas: dict[str, dict]) -> None:
        self.schemas = schemas
        self.def_names = {(file, name): self._def_name(file, name)
                          for file, schema in schemas.items() for name in schema.get("$defs", {})}

    def _def_name(self, file: str, name: str) -> str:
        if name in self.schemas[file].get("properties", {}):  # a root key of the same name
            return f"{file}.defs.{name}"
        return f"{file}.{name}"

    # ------------------------------------------------------------------ structure

    def introduction(self) -> str:
        files = " · ".join(f"[{_file_title(schema, file)}](#{file})"
                           for file, schema in self.schemas.items())
        return ("## Reference\n\n"
                "Every file and key of the source format, from the JSON Schemas in `schemas/` "
                "(the ones your editor uses to complete and explain keys). A key path `a.b` is "
                "the key `b` inside `a`; `a[].b` is the key `b` of each entry of the list `a`; "
                "`a.<name>.b` is the key `b` of each entry of the mapping `a`, whatever its "
                "name. `moocforge format-doc <file>.<key path>` prints one entry, e.g. "
                "`moocforge format-doc quiz.showanswer`.\n\n"
                f"Files: {files}.\n")

    def entries(self) -> list[Entry]:
        out: list[Entry] = []
        for file, schema in self.schemas.items():
            keys = self._keys(schema, file, "", file)
            out.append(Entry(file, 2, _file_title(schema, file), self._section_body(
                schema, file, keys, f"Schema: `schemas/{file}.schema.json`.")))
            out += [self._key_entry(key, 3) for key in keys]
            for name, node in schema.get("$defs", {}).items():
                out += self._definition(file, name, node)
        return out

    def _definition(self, file: str, name: str, node: dict) -> list[Entry]:
        entry_name = self.def_names[(file, name)]
        heading = _title(node, name)
        if "properties" not in node:
            return [Entry(entry_name, 3, heading, self._value_body(node, file, None))]
        keys = self._keys(node, file, "", entry_name)
        entries = [Entry(entry_name, 3, heading, self._section_body(node, file, keys, ""))]
        return entries + [self._key_entry(key, 4) for key in keys]

    def _keys(self, node: dict, file: str, prefix: str, owner: str) -> list[_Key]:
        """The keys of an object schema, with those of its inline sub-objects after each."""
        required = set(node.get("required", []))
        conditions = _conditional_requirements(node)
        keys: list[_Key] = []
        for name, prop in node.get("properties", {}).items():
            path = prefix + name
            need = "yes" if name in required else " or ".join(conditions.get(name, [])) or "no"
            keys.append(_Key(_lookup_name(owner, path), path, name, prop, file, need))
            for suffix, child in _inline_objects(prop):
                keys += self._keys(child, file, path + suffix, owner)
        return keys

    # ------------------------------------------------------------------ text

    def _section_body(self, node: dict, file: str, keys: list[_Key], note: str) -> str:
        parts = [_description(node), note]
        if node.get("examples"):
            parts.append(_examples_block(None, node["examples"]))
        if keys:
            rows = ["| Key | Type | Required | What it is |", "| --- | --- | --- | --- |"]
            rows += [f"| [`{k.path}`](#{k.name}) | {_cell(self.type_text(k.node, file))} | "
                     f"{_cell(k.required)} | {_cell(_first_sentence(_description(k.node)))} |"
                     for k in keys]
            parts.append("\n".join(rows))
        return "\n\n".join(p.strip("\n") for p in parts if p) + "\n"

    def _key_entry(self, key: _Key, level: int) -> Entry:
        facts = [f"- **Required:** {key.required}"]
        return Entry(key.name, level, f"`{key.path}`",
                     self._value_body(key.node, key.file, key.yaml_key, facts))

    def _value_body(self, node: dict, file: str, yaml_key: str | None,
                    facts: list[str] | None = None) -> str:
        lines = [f"- **Type:** {self.type_text(node, file)}", *(facts or [])]
        limits = _limits(node)
        if limits:
            lines.append("- **Limits:** " + "; ".join(limits) + ".")
        if "default" in node:
            lines.append(f"- **Default:** `{_inline_yaml(node['default'])}`")
        meanings = node.get("markdownEnumDescriptions") or node.get("enumDescriptions") or []
        if "enum" in node and meanings:
            lines.append("- **Values:**")
            lines += [f"    - `{_inline_yaml(value)}`: {meaning}"
                      for value, meaning in zip(node["enum"], meanings, strict=False)]
        body = _description(node) + "\n\n" + "\n".join(lines) + "\n"
        if node.get("examples"):
            body += "\n" + _examples_block(yaml_key, node["examples"])
        return body

    def type_text(self, node: dict, file: str) -> str:
        if "$ref" in node:
            return self._link(node["$ref"], file)
        if "enum" in node:
            return "one of " + ", ".join(f"`{_inline_yaml(v)}`" for v in node["enum"])
        if "const" in node:
            return f"`{_inline_yaml(node['const'])}`"
        for combinator in ("oneOf", "anyOf"):
            if combinator in node:
                return " or ".join(self._branch_text(branch, file) for branch in node[combinator])
        kind = node.get("type")
        if isinstance(kind, list):
            return " or ".join(_TYPE_NAMES.get(k, (k, k))[0] for k in kind)
        if kind == "array":
            return "list of " + self._plural(node.get("items", {}), file)
        if kind == "object":
            return self._mapping_text(node, file)
        return _TYPE_NAMES[kind][0] if kind in _TYPE_NAMES else "any value"

    def _branch_text(self, node: dict, file: str) -> str:
        """One alternative of a oneOf, with its own limits (they are not the key's)."""
        limits = _limits(node)
        text = self.type_text(node, file)
        return f"{text} ({'; '.join(limits)})" if limits else text

    def _mapping_text(self, node: dict, file: str) -> str:
        if "properties" in node:
            return "mapping (its keys below)"
        values = node.get("additionalProperties")
        if isinstance(values, dict):
            return "mapping of names to " + self._plural(values, file)
        return "mapping"

    def _plural(self, node: dict, file: str) -> str:
        kind = node.get("type")
        if {"enum", "$ref", "oneOf", "anyOf"} & set(node):
            return self.type_text(node, file)
        if isinstance(kind, str) and kind in _TYPE_NAMES:
            return _TYPE_NAMES[kind][1]
        if kind == "object" and "properties" in node:
            return "mappings (their keys below)"
        if kind == "object" and "additionalProperties" not in node:
            return "mappings"
        return self.type_text(node, file)

    def _link(self, ref: str, file: str) -> str:
        target, _, pointer = ref.partition("#")
        target_file = target.removesuffix(".schema.json") if target else file
        schema = self.schemas.get(target_file)
        parts = [p for p in pointer.split("/") if p]
        if schema is None:
            return f"`{ref}`"
        if not parts:
            return f"[{_file_title(schema, target_file)}](#{target_file})"
        if len(parts) == 2 and parts[0] == "$defs" and parts[1] in schema.get("$defs", {}):
            node = schema["$defs"][parts[1]]
            return f"[{_title(node, parts[1])}](#{self.def_names[(target_file, parts[1])]})"
        if len(parts) == 2 and parts[0] == "properties" and parts[1] in schema.get(
                "properties", {}):  # the same settings as a top-level key (a variant's lint:)
            return f"as [`{parts[1]}`](#{target_file}.{parts[1]})"
        return f"`{ref}`"


@dataclass(frozen=True)
class _Key:
    name: str
    path: str  # as shown: questions[].choices[].correct
    yaml_key: str
    node: dict
    file: str
    required: str


def _lookup_name(owner: str, path: str) -> str:
    return owner + "." + path.replace("[]", "").replace(".<name>", "")


def _inline_objects(prop: dict) -> list[tuple[str, dict]]:
    """Object schemas written inside a property (not `$ref`s), with their path suffix."""
    found = []
    if "properties" in prop:
        found.append((".", prop))
    for key, suffix in (("items", "[]."), ("additionalProperties", ".<name>.")):
        child = prop.get(key)
        if isinstance(child, dict) and "properties" in child:
            found.append((suffix, child))
    for key in ("oneOf", "anyOf"):  # e.g. a rule setting: a severity, or its options
        found += [(".", branch) for branch in prop.get(key, [])
                  if isinstance(branch, dict) and "properties" in branch]
    return found


def _conditional_requirements(node: dict) -> dict[str, list[str]]:
    """`{key: ["when `kind` is `numeric`"]}` from the object's if/then rules."""
    found: dict[str, list[str]] = defaultdict(list)
    for rule in [*node.get("allOf", []), *([node] if "if" in node else [])]:
        tests = rule.get("if", {}).get("properties", {})
        needed = rule.get("then", {}).get("required", [])
        if len(tests) != 1:
            continue
        (key, test), = tests.items()
        values = test.get("enum", [test["const"]] if "const" in test else [])
        if not values:
            continue
        words = [f"`{_inline_yaml(v)}`" for v in values]
        alternatives = ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]
        for name in needed:
            found[name].append(f"when `{key}` is {alternatives}")
    return found


def _limits(node: dict) -> list[str]:
    limits = []
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None and high is not None:
        limits.append(f"from {low} to {high}")
    elif low is not None:
        limits.append(f"at least {low}")
    elif high is not None:
        limits.append(f"at most {high}")
    if "exclusiveMinimum" in node:
        limits.append(f"more than {node['exclusiveMinimum']}")
    if "exclusiveMaximum" in node:
        limits.append(f"less than {node['exclusiveMaximum']}")
    if node.get("minLength"):
        limits.append("not empty" if node["minLength"] == 1
                      else f"at least {node['minLength']} characters")
    if "maxLength" in node:
        limits.append(f"at most {node['maxLength']} characters")
    if "pattern" in node:
        limits.append(f"of the form `{node['pattern']}`")
    for key, one, many in (("minItems", "at least one entry", "at least {} entries"),
                           ("minProperties", "at least one entry", "at least {} entries")):
        if node.get(key):
            limits.append(one if node[key] == 1 else many.format(node[key]))
    if node.get("uniqueItems"):
        limits.append("no entry twice")
    names = node.get("propertyNames", {})
    if "pattern" in names:
        limits.append(f"names of the form `{names['pattern']}`")
    for key, each in (("items", "each entry"), ("additionalProperties", "each value")):
        child = node.get(key)
        if isinstance(child, dict) and not {"$ref", "properties"} & set(child):
            limits += [f"{each} {limit}" for limit in _limits(child)]
    return limits


def _description(node: dict) -> str:
    return node.get("markdownDescription") or node.get("description", "")


def _file_title(schema: dict, file: str) -> str:
    return _title(schema, file + ".schema.json")


def _title(node: dict, fallback: str) -> str:
    """A title as Markdown text (`quiz-<name>.yml` must not read as an HTML tag)."""
    return node.get("title", fallback).replace("<", "&lt;")


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text, re.DOTALL)
    return (match.group(1) if match else text).replace("\n", " ")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _inline_yaml(value: object) -> str:
    text = yaml.dump(value, Dumper=_Dumper, default_flow_style=True, allow_unicode=True,
                     sort_keys=False, width=10_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _examples_block(key: str | None, examples: list) -> str:
    """Examples as `key: value` (inline when short, else a YAML block per example)."""
    shown = [_yaml_text(key, value) for value in examples]
    label = "**Example:**" if len(shown) == 1 else "**Examples:**"
    if all("\n" not in text and len(text) <= 70 for text in shown):
        return label + " " + " · ".join(f"`{text}`" for text in shown) + "\n"
    return label + "\n\n" + "\n".join(f"```yaml\n{text}\n```\n" for text in shown)


def _yaml_text(key: str | None, value: object) -> str:
    """`key: value` on one line when it is short, else as a YAML block."""
    inline = _inline_yaml(value) if key is None else f"{key}: {_inline_yaml(value)}"
    if len(inline) <= _INLINE_WIDTH or not isinstance(value, (dict, list)):
        return inline
    data = _flow_when_short(value if key is None else {key: value})
    text = yaml.dump(data, Dumper=_Dumper, default_flow_style=False, allow_unicode=True,
                     sort_keys=False, width=88)
    return text.rstrip("\n")


def _flow_when_short(value: object) -> object:
    """Marks the collections short enough to be written on one line."""
    if not isinstance(value, (dict, list)):
        return value
    if len(_inline_yaml(value)) <= _INLINE_WIDTH - 10:
        return _FlowMapping(value) if isinstance(value, dict) else _FlowList(value)
    if isinstance(value, dict):
        return {k: _flow_when_short(v) for k, v in value.items()}
    return [_flow_when_short(v) for v in value]
