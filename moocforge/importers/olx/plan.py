"""What an import produces before anything is written: texts per language, YAML data, files.

Texts are `Text` mappings (language → string) from the start, so that merging a translation
(`--merge-lang`) only adds languages; `emit()` turns them into what the YAML says: a plain
string for a single language, `{fr: …, en: …}` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from moocforge.importers.olx.export import Block


class Text(dict[str, str]):
    """A learner-visible text per language."""

    @classmethod
    def of(cls, lang: str, value: str) -> Text:
        return cls({lang: value})


class Markdown(Text):
    """A Markdown text kept in a file of its own (a reading, a statement): `x.md`,
    `x.<lang>.md`."""


@dataclass
class Finding:
    """One line of the import report (and one diagnostic)."""

    code: str
    severity: str  # "error", "warning", "info"
    message: str
    file: str  # export-relative source file
    line: int = 0
    item: str = ""
    hint: str = ""


@dataclass
class Planned:
    """One item: its week.yml entry and the files it owns (week-folder relative)."""

    kind: str  # a moocforge kind ("reading", "quiz"…)
    id: str
    entry: dict[str, Any]
    block: Block
    files: dict[str, Any] = field(default_factory=dict)  # rel → Text | dict | str | bytes


@dataclass
class PlannedUnit:
    id: str
    title: Text
    items: list[Planned]
    explicit: bool  # written as a `units:` entry (else its one item stands alone)
    block: Block


@dataclass
class PlannedLesson:
    id: str
    title: Text
    units: list[PlannedUnit]
    block: Block


@dataclass
class PlannedWeek:
    id: str
    folder: str  # weeks/NN-name
    title: Text
    release: str | None
    lessons: list[PlannedLesson]
    block: Block


def emit(value: Any, languages: list[str]) -> Any:
    """Plan data → YAML data: texts become strings or language mappings."""
    if isinstance(value, Text):
        present = [lang for lang in languages if lang in value] + \
            [lang for lang in value if lang not in languages]
        if len(present) == 1 and present[0] == languages[0]:
            return value[present[0]]
        return {lang: value[lang] for lang in present}
    if isinstance(value, dict):
        return {k: emit(v, languages) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [emit(v, languages) for v in value]
    return value
