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

    def __post_init__(self) -> None:
        if not self.hint:  # every finding says what the author can do
            self.hint = HINTS.get(self.code, "")


# What the author can do about a finding of each code, when its call site says nothing
# more precise (docs/import.md).
HINTS = {
    "MF650": "nothing to do for Open edX (the block is re-emitted as written); for the site "
             "and the Coursera kit, replace its `- olx:` entry in week.yml with a moocforge "
             "item (reading, quiz…) if the block can be expressed as one",
    "MF651": "to make it a moocforge item, rewrite it with what moocforge supports "
             "(docs/import.md, What stays raw) and replace its `- olx:` entry in week.yml; "
             "otherwise nothing to do: Open edX gets it as written",
    "MF652": "if learners need that feedback, add it to the question's `explanation:` or a "
             "choice's `feedback:` in the quiz file",
    "MF653": "add `samples:` (answers the expression must accept) to the question in the "
             "quiz file, so that moocforge can check the expression",
    "MF654": "compare the question in the quiz file with the original and put what matters "
             "back in Markdown (bold, code, a list…)",
    "MF655": "add the missing html file to the export (or fix the block's file name in "
             "Studio) and import again, or write the reading's .md file yourself",
    "MF656": "copy the tests' inputs and expected outputs from the external grader into "
             "the exercise's exercise.yml (`tests:`)",
    "MF657": "if learners need it, cut the video to the clip, or link the handout or file "
             "from a reading next to the video",
    "MF658": "fix or add the transcript (SRT, WebVTT or SJSON) and import again, or write "
             "media/<video>.<lang>.vtt next to the week",
    "MF659": "check the peer file (prompt, `steps:`) against the original assignment and "
             "adjust it by hand",
    "MF660": "nothing to do if that part is not needed; otherwise recreate it in the course "
             "(a reading, course.yml) after the import",
    "MF661": "merge the export of the same course in the other language, with the same "
             "weeks, lessons and units; add texts it lacks by hand (`x.<lang>.md`, "
             "`{fr: …, en: …}` in YAML)",
    "MF664": "fix that file of the export (or the block in Studio) and export again; the "
             "rest of the export was imported",
}


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
