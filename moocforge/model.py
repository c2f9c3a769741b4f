"""The course model: typed, immutable, no I/O.

Every rule and every writer reads only these classes. The loader (`moocforge.load`) builds
them from the sources; the media step may enrich them (durations) with `dataclasses.replace`.
Every node carries the `Loc` of the YAML node or file it came from, so any finding can point
at `file:line:col`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Literal

# --------------------------------------------------------------------------- basics


@dataclass(frozen=True, slots=True)
class Loc:
    """A source position. `line` and `col` are 1-based; 0 means "the whole file"."""

    file: str  # path relative to the course root, POSIX separators
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col or 1}"
        return self.file


NOWHERE = Loc("")


def moment(text: str, end_of_day: bool = False) -> datetime:
    """A source date (`2027-03-01`, `2027-03-01T12:00Z`, `2027-03-01 12:00+02:00`) as an
    aware UTC datetime; a bare date is midnight UTC, or its last second with `end_of_day`
    (for run ends). Raises ValueError for text that is not a real date."""
    value = str(text).strip().replace(" ", "T")
    parsed = datetime.fromisoformat(value)
    if "T" not in value:
        parsed = datetime.combine(parsed.date(), time(23, 59, 59) if end_of_day else time())
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


class I18nText(Mapping[str, str]):
    """A learner-visible string in one or more languages, read-only.

    `text.get_lang("en")` falls back to the default (first) language of the mapping,
    then to any available language, so writers never get `None` for present text.
    """

    __slots__ = ("_values", "default_lang")

    def __init__(self, values: Mapping[str, str], default_lang: str) -> None:
        self._values = dict(values)
        self.default_lang = default_lang

    def __getitem__(self, lang: str) -> str:
        return self._values[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values.items())))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, I18nText):
            return self._values == other._values
        if isinstance(other, Mapping):
            return self._values == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"I18nText({self._values!r})"

    def get_lang(self, lang: str | None = None) -> str:
        if lang and lang in self._values:
            return self._values[lang]
        if self.default_lang in self._values:
            return self._values[self.default_lang]
        return next(iter(self._values.values()), "")

    @property
    def default(self) -> str:
        return self.get_lang(None)

    def missing(self, languages: tuple[str, ...]) -> list[str]:
        return [lang for lang in languages if not self._values.get(lang)]


_URL_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def url_name(item_id: str) -> str:
    """The id as every target spells it in file names and platform keys: `[A-Za-z0-9_-]+`.

    The loader guarantees that ids are unique *after* this transformation.
    """
    cleaned = _URL_NAME_UNSAFE.sub("_", item_id).strip("_")
    return cleaned or "item"


# --------------------------------------------------------------------------- course level


@dataclass(frozen=True, slots=True)
class Run:
    id: str
    start: str  # ISO date or datetime, UTC
    end: str | None
    enrollment_start: str | None
    enrollment_end: str | None
    loc: Loc


@dataclass(frozen=True, slots=True)
class AssignmentType:
    """A grading category (Open edX GRADER entry)."""

    type: str
    weight: float  # 0..1
    drop: int
    short_label: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Grading:
    pass_threshold: float  # 0..1
    types: tuple[AssignmentType, ...]
    loc: Loc

    def type_named(self, name: str) -> AssignmentType | None:
        return next((t for t in self.types if t.type == name), None)


@dataclass(frozen=True, slots=True)
class Objective:
    id: str
    text: I18nText
    loc: Loc


@dataclass(frozen=True, slots=True)
class Suppression:
    """`lint: {ignore: {MF201: "reason"}}` on an item, week or course."""

    code: str
    reason: str
    loc: Loc


# --------------------------------------------------------------------------- quizzes

QuestionKind = Literal["single", "multiple", "dropdown", "numeric", "text"]
TextMatch = Literal["exact", "ci", "regex"]


@dataclass(frozen=True, slots=True)
class Choice:
    text: I18nText
    correct: bool
    feedback: I18nText | None
    loc: Loc


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    kind: QuestionKind
    prompt: I18nText  # Markdown
    choices: tuple[Choice, ...]  # single / multiple / dropdown
    answer: float | None  # numeric
    tolerance: float | None  # numeric: absolute tolerance, or a percentage when tolerance_pct
    tolerance_pct: bool
    answers: tuple[str, ...]  # text: accepted answers (regexes when match == "regex")
    match: TextMatch
    sample_answers: tuple[str, ...]  # text/regex: answers that must be accepted
    hints: tuple[I18nText, ...]
    explanation: I18nText | None  # Markdown
    feedback_correct: I18nText | None  # numeric / text
    feedback_wrong: I18nText | None
    weight: float
    loc: Loc


# --------------------------------------------------------------------------- peer assessment


@dataclass(frozen=True, slots=True)
class RubricOption:
    name: str
    label: I18nText
    points: int
    explanation: I18nText
    loc: Loc


@dataclass(frozen=True, slots=True)
class RubricCriterion:
    name: str
    label: I18nText
    prompt: I18nText
    feedback: Literal["disabled", "optional", "required"]
    options: tuple[RubricOption, ...]
    loc: Loc


@dataclass(frozen=True, slots=True)
class TrainingExample:
    answer: I18nText
    selections: Mapping[str, str]  # criterion name -> option name
    loc: Loc


@dataclass(frozen=True, slots=True)
class PeerStep:
    kind: Literal["training", "peer", "self", "staff"]
    must_grade: int | None  # peer
    graded_by: int | None  # peer
    required: bool  # staff
    start: str | None
    due: str | None
    examples: tuple[TrainingExample, ...]  # training
    loc: Loc


@dataclass(frozen=True, slots=True)
class Submission:
    text: Literal["required", "optional", "none"]
    file_types: tuple[str, ...]  # lower-case extensions without dot; empty = no files
    files: Literal["required", "optional", "none"]
    multiple_files: bool
    loc: Loc
    editor: Literal["text", "rich"] = "text"  # the response box: plain text or rich text
    show_rubric: bool = True  # learners see the rubric while they write


# --------------------------------------------------------------------------- code exercises

CompareMode = Literal["exact", "whitespace", "numeric"]


@dataclass(frozen=True, slots=True)
class ExerciseTest:
    name: str
    stdin: str
    args: tuple[str, ...]
    expected_stdout: str | None  # None when a checker decides
    compare: CompareMode
    tolerance: float  # numeric compare
    exit_code: int | None
    hidden: bool
    feedback: I18nText | None  # shown when this test fails
    loc: Loc


@dataclass(frozen=True, slots=True)
class WrongSolution:
    path: Path  # absolute
    file: str  # course-relative
    fails: tuple[str, ...]  # test names that must fail; empty = at least one
    feedback: I18nText | None  # text the grader's feedback must contain
    loc: Loc


@dataclass(frozen=True, slots=True)
class Limits:
    time_s: float = 2.0
    memory_mb: int = 256
    output_kb: int = 1024
    processes: int = 16


# --------------------------------------------------------------------------- items


@dataclass(frozen=True, slots=True)
class ItemBase:
    id: str
    title: I18nText
    graded: bool
    assignment_type: str | None  # name of a grading type when graded
    objectives: tuple[str, ...]
    minutes: float | None  # author-declared effort estimate
    due: str | None
    release: str | None
    suppressions: tuple[Suppression, ...]
    loc: Loc  # the item entry in week.yml

    @property
    def url_name(self) -> str:
        return url_name(self.id)

    def key_loc(self, *keys: str) -> Loc:
        """Where the first present of `keys` is written at the top level of the item's own
        file (quiz, peer, exercise.yml); else that file's first line; else the item's entry
        in week.yml."""
        located = dict(getattr(self, "key_locs", ()))
        for key in keys:
            if key in located:
                return located[key]
        if located:
            return Loc(next(iter(located.values())).file, 1, 1)
        return self.loc


@dataclass(frozen=True, slots=True)
class Video(ItemBase):
    file: str | None  # course-relative path of a local video
    path: Path | None  # absolute path (may not exist when media is kept out of git)
    youtube_id: str | None
    url: str | None  # hosted video URL (not YouTube)
    transcripts: Mapping[str, str]  # lang -> course-relative path (.vtt or .srt)
    script: I18nText | None  # Markdown the teacher will say
    script_files: Mapping[str, str]
    declared_duration: float | None  # seconds, hosted videos only
    duration: float | None  # seconds, best known
    duration_source: Literal["probe", "lock", "script", "declared", "unknown"]
    kind: Literal["video"] = "video"


@dataclass(frozen=True, slots=True)
class Reading(ItemBase):
    body: I18nText  # Markdown per language
    files: Mapping[str, str]  # lang -> course-relative path
    kind: Literal["reading"] = "reading"


@dataclass(frozen=True, slots=True)
class Quiz(ItemBase):
    file: str
    intro: I18nText | None
    questions: tuple[Question, ...]
    max_attempts: int | None
    showanswer: str
    key_locs: tuple[tuple[str, Loc], ...] = ()  # top-level keys of its file
    kind: Literal["quiz"] = "quiz"


@dataclass(frozen=True, slots=True)
class Exercise(ItemBase):
    dir: str  # course-relative folder
    path: Path  # absolute folder
    language: Literal["c", "python"]
    statement: I18nText  # Markdown
    starter: str
    solution: str
    solution_file: str
    tests: tuple[ExerciseTest, ...]
    checker: str | None  # course-relative path of a checker program
    wrong: tuple[WrongSolution, ...]
    limits: Limits
    compile_flags: tuple[str, ...]
    key_locs: tuple[tuple[str, Loc], ...] = ()  # top-level keys of its file
    kind: Literal["exercise"] = "exercise"


@dataclass(frozen=True, slots=True)
class Peer(ItemBase):
    file: str
    prompt: I18nText  # Markdown
    submission: Submission
    rubric: tuple[RubricCriterion, ...]
    steps: tuple[PeerStep, ...]
    submission_start: str | None
    submission_due: str | None
    key_locs: tuple[tuple[str, Loc], ...] = ()  # top-level keys of its file
    kind: Literal["peer"] = "peer"


@dataclass(frozen=True, slots=True)
class Discussion(ItemBase):
    prompt: I18nText  # Markdown
    kind: Literal["discussion"] = "discussion"


Item = Video | Reading | Quiz | Exercise | Peer | Discussion
ITEM_KINDS = ("video", "reading", "quiz", "exercise", "peer", "discussion")


# --------------------------------------------------------------------------- containers


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    title: I18nText
    items: tuple[Item, ...]
    loc: Loc

    @property
    def url_name(self) -> str:
        return url_name(self.id)


@dataclass(frozen=True, slots=True)
class Week:
    id: str
    number: int  # 1-based position in the course
    title: I18nText
    summary: I18nText | None
    objectives: tuple[Objective, ...]
    lessons: tuple[Lesson, ...]
    release: str | None
    suppressions: tuple[Suppression, ...]
    dir: str  # course-relative folder
    loc: Loc  # week.yml

    @property
    def url_name(self) -> str:
        return url_name(self.id)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for lesson in self.lessons for item in lesson.items)


@dataclass(frozen=True, slots=True)
class Course:
    id: str
    title: I18nText
    summary: I18nText | None
    description: I18nText | None  # Markdown: the "about" page
    org: str
    number: str
    languages: tuple[str, ...]  # first = default
    runs: tuple[Run, ...]
    grading: Grading
    weeks: tuple[Week, ...]
    image: str | None  # course-relative path
    weekly_minutes_target: int  # workload target per week
    speaking_rate_wpm: int
    reading_rate_wpm: int
    targets: Mapping[str, Mapping[str, object]]  # raw per-target settings
    lint: Mapping[str, object]  # raw lint settings, interpreted by moocforge.rules
    suppressions: tuple[Suppression, ...]
    root: Path  # absolute course folder
    loc: Loc  # course.yml
    files: tuple[str, ...] = field(default=())  # every course-relative file the sources reference
    subtitle: I18nText | None = None  # the about page's line under the title

    @property
    def default_lang(self) -> str:
        return self.languages[0]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for week in self.weeks for item in week.items)

    def walk(self) -> Iterator[tuple[Week, Lesson, Item]]:
        for week in self.weeks:
            for lesson in week.lessons:
                for item in lesson.items:
                    yield week, lesson, item

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)

    def week_of(self, item_id: str) -> Week | None:
        return next((w for w, _, i in self.walk() if i.id == item_id), None)

    @property
    def objectives(self) -> tuple[Objective, ...]:
        return tuple(o for week in self.weeks for o in week.objectives)
