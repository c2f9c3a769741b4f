"""docs/catalogue.md: its date forms resolve as the table says, its YAML examples are
valid for their schemas."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from moocforge.load import dates
from moocforge.load.schema import validator
from moocforge.load.yamlpos import compose

DOC = (Path(__file__).resolve().parent.parent / "docs" / "catalogue.md").read_text("utf-8")


def _table_dates() -> list[str]:
    return re.findall(r"^\| `([^`]+)` \|", DOC, re.MULTILINE)


def test_every_date_form_of_the_table_parses_and_resolves() -> None:
    zone = dates.zone("Europe/Paris")
    start = dates.resolve(dates.parse("2027-03-01"), dates.Frame(zone), False)
    end = dates.resolve(dates.parse("2027-04-12"), dates.Frame(zone), True)
    frame = dates.Frame(zone, start, end, weeks=5)
    forms = _table_dates()
    assert len(forms) == 9
    resolved = {}
    for form in forms:
        value = yaml.safe_load(form) if form.startswith("{") else form
        resolved[form] = dates.resolve(dates.parse(value), frame, closing=True).text
    assert resolved["week 2 + 6d 23:59"] == resolved['{week: 2, days: 6, time: "23:59"}'] \
        == "2027-03-14 23:59"
    assert resolved["end - 2d"] == "2027-04-10" and resolved["start + 10d"] == "2027-03-11"


def _blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOC, re.DOTALL)


def test_the_yaml_examples_are_valid() -> None:
    blocks = _blocks()
    assert len(blocks) == 4
    course = compose(blocks[0]).data  # dates stay text, as the loader reads them
    runs = validator("course", "#/properties/runs")
    assert list(runs.iter_errors(course["runs"])) == []
    week = compose(blocks[1]).data
    assert list(validator("week", "#/properties/lessons").iter_errors(week["lessons"])) == []
    variants = compose(blocks[2]).data
    assert list(validator("course", "#/properties/variants").iter_errors(
        variants["variants"])) == []
    catalogue = compose(blocks[3]).data
    assert list(validator("catalog").iter_errors(catalogue)) == []
