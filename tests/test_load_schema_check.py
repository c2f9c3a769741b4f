"""The compiled schema check (`load.schema.fast_check`) only tells valid from invalid, and
must tell them apart exactly as jsonschema (which gives the diagnostics) does: a file it
passed wrongly would lose its diagnostics, one it failed wrongly would cost a slow check."""

from __future__ import annotations

import copy
import random
import re
from pathlib import Path

import fastjsonschema
import pytest

from moocforge.load import schema
from moocforge.load.yamlpos import compose

COURSES = Path(__file__).resolve().parent.parent / "courses"
MUTATIONS = 300  # per schema
ODD_VALUES = (1, -1, 2.5, "x", "", None, True, [], {}, ["x"], {"zz": 1}, {"fr": 1},
              {"fr": "texte"}, "2027-01-04", "P3D")


def _schema_of(path: Path) -> str | None:
    """The schema a source file names for editors (`# yaml-language-server: $schema=…`)."""
    first = path.read_text("utf-8").split("\n", 1)[0]
    found = re.search(r"\$schema=\S*?(\w+)\.schema\.json", first)
    return found.group(1) if found else None


def _documents() -> dict[str, list[object]]:
    found: dict[str, list[object]] = {}
    for path in sorted(COURSES.rglob("*.yml")):
        name = _schema_of(path)
        if name is not None:
            found.setdefault(name, []).append(compose(path.read_text("utf-8")).data)
    return found


def _mutated(data: object, rng: random.Random) -> object:
    """`data` with one value replaced, one key removed or one unknown key added, somewhere."""
    data = copy.deepcopy(data)
    node = data
    while True:
        if isinstance(node, dict) and node:
            key = rng.choice(sorted(node))
            roll = rng.random()
            if roll < 0.25:
                node[key] = rng.choice(ODD_VALUES)
            elif roll < 0.35:
                node["unknown_key"] = 1
            elif roll < 0.45:
                del node[key]
            elif isinstance(node[key], dict | list) and node[key]:
                node = node[key]
                continue
            else:
                node[key] = rng.choice(ODD_VALUES)
            return data
        if isinstance(node, list) and node:
            index = rng.randrange(len(node))
            if rng.random() < 0.3 or not isinstance(node[index], dict | list):
                node[index] = rng.choice(ODD_VALUES)
                return data
            node = node[index]
            continue
        return data


def _passes(check: object, data: object) -> bool:
    try:
        check(data)  # type: ignore[operator]
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@pytest.mark.parametrize("name", ["course", "week", "quiz", "exercise", "peer", "codecast"])
def test_the_compiled_check_agrees_with_jsonschema(name: str) -> None:
    documents = _documents()[name]
    check, reference = schema.fast_check(name), schema.validator(name)
    rng = random.Random(name)
    invalid = 0
    for data in documents:
        assert _passes(check, data) and reference.is_valid(data)
    for _ in range(MUTATIONS):
        data = _mutated(rng.choice(documents), rng)
        valid = reference.is_valid(data)
        invalid += not valid
        assert _passes(check, data) == valid, data
    assert invalid > MUTATIONS // 5  # the mutations do break the schema, often
