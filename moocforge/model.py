"""The course model: typed, immutable, no I/O.

Every rule and every writer reads only these classes. The loader (`moocforge.load`) builds
them from the sources; the media step may enrich them (durations) with `dataclasses.replace`.
Every node carries the `Loc` of the YAML node or file it came from, so any finding can point
at `file:line:col`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import UTC, datetime, time
from operator import attrgetter
from pathlib import Path
from typing import Literal, Protocol

from moocforge.memo import by_identity

# --------------------------------------------------------------------------- basics


@dataclass(frozen=True, slots=True)
class Loc:
    """A source position. `line` and `col` are 1-based; 0 means "the whole file".

    `file` is relative to its source root, POSIX separators; `root` names that root: "" for
    the course folder, else a shared root the course declares (`roots:` in course.yml).
    """

    file: str
    line: int = 0
    col: int = 0
    root: str = ""

    @classmethod
    def of(cls, key: str, line: int = 0, col: int = 0) -> Loc:
        """The position `line:col` in the file named by source key `key`."""
        root, file = split_source_key(key)
        return cls(file, line, col, root)

    @property
    def path(self) -> str:
        """The file as the model keys it: course-relative, or `@<root>/<file>`."""
        return source_key(self.root, self.file)

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}"
        return self.path


def source_key(root: str, file: str) -> str:
    """How the model names a source file: course-relative, or `@<root>/<path>` for a file
    of a shared root."""
    return f"@{root}/{file}" if root and file else file


def split_source_key(key: str) -> tuple[str, str]:
    """`@shared/img/a.png` → ("shared", "img/a.png"); `img/a.png` → ("", "img/a.png")."""
    if key.startswith("@") and "/" in key:
        root, _, rel = key[1:].partition("/")
        return root, rel
    return "", key


NOWHERE = Loc("")


def moment(text: str, end_of_day: bool = False) -> datetime:
    """A source date (`2027-03-01`, `2027-03-01T12:00Z`, `2027-03-01 12:00+02:00`) as an
    aware UTC datetime; a bare date is midnight UTC, or its last second with `end_of_day`.
    (The loader reads dates in the course's time zone: `moocforge.load.dates`.)
    Raises ValueError for text that is not a real date."""
    value = str(text).strip().replace(" ", "T")
    parsed = datetime.fromisoformat(value)
    if "T" not in value:
        parsed = datetime.combine(parsed.date(), time(23, 59, 59) if end_of_day else time())
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Moment:
    """A date of the sources, resolved: an aware UTC datetime, and how it reads.

    Comparisons use `at`. `text` is what pages and messages show: the author's text of an
    absolute date, the local date (and time) a relative one resolves to. `date_only`: it
    names a day, so `at` is that local day's first second, or its last for a closing date
    (`closing`: a due date, a run end). `source` is the expression as written (`week 2 +
    6d`), which the loader resolves again for every run (`Run.dates`).
    """

    at: datetime
    text: str
    date_only: bool
    source: str = ""
    closing: bool = False
    loc: Loc = NOWHERE  # where it is written

    @classmethod
    def parse(cls, text: str) -> Moment:
        """A date in UTC (tests, models built in memory). Raises ValueError."""
        return cls(moment(text), str(text), "T" not in str(text).strip().replace(" ", "T"),
                   str(text))

    @property
    def relative(self) -> bool:
        """Written relative to the run (`week 2`, `start + 10d`)."""
        return bool(self.source) and not self.source[:1].isdigit()

    @property
    def end_of_day(self) -> datetime:
        """Kept for callers of the former API: the loader resolves closing days already."""
        return self.at

    def __str__(self) -> str:
        return self.text


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
    """A session of the course. `dates` holds every dated field of weeks and items resolved
    for this run (see `moocforge.runs`): relative dates follow the run, per-run overrides
    apply, a self-paced run has none."""

    id: str
    start: Moment | None  # None only when the source date was invalid (reported)
    end: Moment | None
    enrollment_start: Moment | None
    enrollment_end: Moment | None
    loc: Loc
    timezone: str = "UTC"  # IANA name
    self_paced: bool = False
    dates: Mapping[str, Moment | None] = field(default_factory=dict)  # date key -> moment


@dataclass(frozen=True, slots=True)
class Enrollment:
    """Who may enrol and who sees the course; a company SPOC is invitation-only and hidden.

    Open edX course fields: `invitation_only`, `catalog_visibility` (both, about, none),
    `course_visibility` (private, public_outline, public). Written only when declared."""

    invitation_only: bool = False
    catalog_visibility: Literal["both", "about", "none"] = "both"
    course_visibility: Literal["private", "public_outline", "public"] = "private"
    declared: bool = False
    loc: Loc = NOWHERE


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


class Answers(Mapping[str, tuple[str, ...]]):
    """Answers of a text question in each language: the accepted ones, or the samples.

    `answers: [gcc]` holds for every language (`per_language` is false); `answers: {fr:
    [calcaire], en: [limestone]}` gives each language its own. `get_lang` falls back to the
    default language, as `I18nText` does, so a target always grades with some key.
    """

    __slots__ = ("_values", "default_lang", "per_language")

    def __init__(self, values: Mapping[str, tuple[str, ...]], default_lang: str,
                 per_language: bool = False) -> None:
        self._values = {lang: tuple(answers) for lang, answers in values.items()}
        self.default_lang = default_lang
        self.per_language = per_language

    @classmethod
    def same(cls, answers: tuple[str, ...], default_lang: str) -> Answers:
        """The same answers in every language."""
        return cls({default_lang: answers}, default_lang)

    def __getitem__(self, lang: str) -> tuple[str, ...]:
        return self._values[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __hash__(self) -> int:
        return hash((tuple(sorted(self._values.items())), self.per_language))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Answers):
            return (self._values, self.per_language) == (other._values, other.per_language)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Answers({self._values!r})"

    def get_lang(self, lang: str | None = None) -> tuple[str, ...]:
        """The answers of `lang`; the default language's when it has none of its own."""
        if not self.per_language:
            return next(iter(self._values.values()), ())
        if lang and lang in self._values:
            return self._values[lang]
        return self._values.get(self.default_lang, next(iter(self._values.values()), ()))

    @property
    def default(self) -> tuple[str, ...]:
        return self.get_lang(None)

    def every(self) -> tuple[str, ...]:
        """Every answer of every language, each once, in order."""
        return tuple(dict.fromkeys(a for answers in self._values.values() for a in answers))

    def missing(self, languages: tuple[str, ...]) -> list[str]:
        """Languages with no answers of their own (none when one list holds for all)."""
        if not self.per_language:
            return []
        return [lang for lang in languages if not self._values.get(lang)]


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    kind: QuestionKind
    prompt: I18nText  # Markdown
    choices: tuple[Choice, ...]  # single / multiple / dropdown
    answer: float | None  # numeric
    tolerance: float | None  # numeric: absolute tolerance, or a percentage when tolerance_pct
    tolerance_pct: bool
    accepted: Answers  # text: accepted answers per language (regexes when match == "regex")
    match: TextMatch
    samples: Answers  # text/numeric: answers that must be accepted, per language
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
    start: Moment | None
    due: Moment | None
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


# --------------------------------------------------------------------------- texts


@dataclass(frozen=True, slots=True)
class Text:
    """One learner-visible text held in YAML, with what holds it (for findings)."""

    node: str  # what a finding names: "question q1 of quiz-x"
    field: str  # the key: "prompt"
    value: I18nText
    loc: Loc  # the YAML node that holds it
    markdown: bool = True  # rendered as Markdown (titles are plain text)
    item: str = ""  # id of the item it belongs to ("" for course, week and lesson texts)
    owner: str = ""  # id of the week, lesson or objective it belongs to, outside items


def _texts(node: str, loc: Loc, *fields: tuple[str, I18nText | None, bool],
           item: str = "") -> Iterator[Text]:
    for name, value, markdown in fields:
        if value is not None:
            yield Text(node, name, value, loc, markdown, item)


# --------------------------------------------------------------------------- media facts


@dataclass(frozen=True, slots=True)
class Cue:
    start: float  # seconds
    end: float  # seconds
    text: str  # as written (may hold WebVTT/SRT markup); lines joined with "\n"
    line: int  # 1-based line of the timing line in its file


@dataclass(frozen=True, slots=True)
class Track:
    """A transcript file, parsed once by the loader (its problems are loader diagnostics)."""

    lang: str
    file: str  # source key of the .vtt / .srt file
    cues: tuple[Cue, ...]
    loc: Loc  # the `transcripts:` entry naming it

    @property
    def end(self) -> float:
        return max((cue.end for cue in self.cues), default=0.0)


# --------------------------------------------------------------------------- items


@dataclass(frozen=True, slots=True)
class ItemBase:
    id: str
    title: I18nText
    graded: bool
    assignment_type: str | None  # name of a grading type when graded
    objectives: tuple[str, ...]
    minutes: float | None  # author-declared effort estimate
    due: Moment | None
    release: Moment | None
    suppressions: tuple[Suppression, ...]
    loc: Loc  # the item entry in week.yml

    @property
    def url_name(self) -> str:
        return url_name(self.id)

    def key_loc(self, *keys: str) -> Loc:
        """Where the first present of `keys` is written at the top level of the item's own
        file (quiz, peer, exercise.yml); else that file's first line; else the item's entry
        in week.yml."""
        located: dict[str, Loc] = dict(getattr(self, "key_locs", ()))
        for key in keys:
            if key in located:
                return located[key]
        if located:
            first = next(iter(located.values()))
            return Loc(first.file, 1, 1, first.root)
        return self.loc

    def texts(self) -> Iterator[Text]:
        """Every learner-visible text of the item held in YAML (Markdown files are
        `Course.documents`)."""
        title_loc = dict(getattr(self, "key_locs", ())).get("title", self.loc)
        yield Text(f"{self.kind_name} {self.id}", "title", self.title, title_loc, False, self.id)

    @property
    def kind_name(self) -> str:
        return str(getattr(self, "kind", type(self).__name__.lower()))


DurationSource = Literal["probe", "lock", "script", "declared", "unknown"]


@dataclass(frozen=True, slots=True)
class Video(ItemBase):
    file: str | None  # course-relative path of a local video
    path: Path | None  # absolute path (may not exist when media is kept out of git)
    youtube_id: str | None
    url: str | None  # hosted video URL (not YouTube)
    transcripts: Mapping[str, str]  # lang -> source key of the .vtt or .srt file
    script: I18nText | None  # Markdown the teacher will say
    script_files: Mapping[str, str]
    declared_duration: float | None  # seconds, hosted videos only
    duration: float | None  # seconds, best known
    duration_source: DurationSource
    tracks: Mapping[str, Track] = field(default_factory=dict)  # lang -> parsed transcript
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

    def texts(self) -> Iterator[Text]:
        yield from ItemBase.texts(self)
        yield from _texts(f"quiz {self.id}", self.key_loc("intro"), ("intro", self.intro, True),
                          item=self.id)
        for q in self.questions:
            yield from _texts(
                f"question {q.id} of {self.id}", q.loc, ("prompt", q.prompt, True),
                ("explanation", q.explanation, True),
                ("correct_feedback", q.feedback_correct, True),
                ("wrong_feedback", q.feedback_wrong, True),
                *((f"hint {i + 1}", h, True) for i, h in enumerate(q.hints)), item=self.id)
            if q.accepted.per_language:  # one list for every language is not translated
                answers = I18nText({lang: "\n".join(a) for lang, a in q.accepted.items()},
                                   q.accepted.default_lang)
                yield Text(f"question {q.id} of {self.id}", "answers", answers, q.loc, False,
                           self.id)
            for n, c in enumerate(q.choices):
                yield from _texts(f"choice {n + 1} of question {q.id}", c.loc,
                                  ("text", c.text, True), ("feedback", c.feedback, True),
                                  item=self.id)


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

    def texts(self) -> Iterator[Text]:
        yield from ItemBase.texts(self)
        for t in self.tests:
            yield from _texts(f"test {t.name} of {self.id}", t.loc,
                              ("feedback", t.feedback, True), item=self.id)


@dataclass(frozen=True, slots=True)
class Peer(ItemBase):
    file: str
    prompt: I18nText  # Markdown
    submission: Submission
    rubric: tuple[RubricCriterion, ...]
    steps: tuple[PeerStep, ...]
    submission_start: Moment | None
    submission_due: Moment | None
    key_locs: tuple[tuple[str, Loc], ...] = ()  # top-level keys of its file
    kind: Literal["peer"] = "peer"

    def texts(self) -> Iterator[Text]:
        yield from ItemBase.texts(self)
        yield from _texts(f"peer {self.id}", self.key_loc("prompt"),
                          ("prompt", self.prompt, True), item=self.id)
        for c in self.rubric:
            yield from _texts(f"criterion {c.name}", c.loc, ("label", c.label, True),
                              ("prompt", c.prompt, True), item=self.id)
            for o in c.options:
                yield from _texts(f"option {o.name} of {c.name}", o.loc, ("label", o.label, True),
                                  ("explanation", o.explanation, True), item=self.id)


@dataclass(frozen=True, slots=True)
class Discussion(ItemBase):
    prompt: I18nText  # Markdown
    kind: Literal["discussion"] = "discussion"

    def texts(self) -> Iterator[Text]:
        yield Text(f"discussion {self.id}", "title", self.title, self.loc, False, self.id)
        yield Text(f"discussion {self.id}", "prompt", self.prompt, self.loc, True, self.id)


LtiVersion = Literal["1.1", "1.3"]
LaunchTarget = Literal["iframe", "modal", "new_window"]


@dataclass(frozen=True, slots=True)
class External(ItemBase):
    """An external tool (LTI 1.1 / 1.3) or embedded web app, e.g. a field-work map.

    Secrets never live in the sources: `keys` names the platform settings (LTI passport id,
    client id, keyset URL…) that the platform team fills in."""

    url: str  # the launch URL
    lti: LtiVersion | None  # None: a plain web app (no LTI launch)
    keys: Mapping[str, str]  # e.g. {"passport": "roches_map"} or {"client_id": "…"}
    custom: Mapping[str, str]  # custom launch parameters
    weight: float  # points when graded
    launch: LaunchTarget
    description: I18nText | None  # Markdown: what the learner does there
    kind: Literal["external"] = "external"

    def texts(self) -> Iterator[Text]:
        yield from ItemBase.texts(self)
        yield from _texts(f"external {self.id}", self.loc,
                          ("description", self.description, True), item=self.id)


# --------------------------------------------------------------------------- codecasts

EditKind = Literal["insert", "delete", "replace", "code"]


@dataclass(frozen=True, slots=True)
class Position:
    """A place in the code: 1-based line and column (column 1 is before the first
    character; the column past the line's last character is its end)."""

    line: int
    col: int = 1

    def __str__(self) -> str:
        return f"{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class CodeEdit:
    """What a step does to the code. `insert` puts `text` at `start`; `delete` removes
    [start, end) or the one occurrence of `find`; `replace` puts `text` there instead;
    `code` replaces the whole file by `text` (a snapshot)."""

    kind: EditKind
    text: str = ""
    start: Position | None = None
    end: Position | None = None
    find: str | None = None


@dataclass(frozen=True, slots=True)
class CodeRun:
    """A run of the program as the step leaves it: its input and the output it must give
    (checked with gcc by `moocforge check`, shown by the player)."""

    stdin: str
    expected: str | None
    loc: Loc


@dataclass(frozen=True, slots=True)
class CodecastStep:
    number: int  # 1-based
    narration: I18nText  # what the teacher says during the step (plain text)
    edit: CodeEdit | None
    cursor: Position | None
    selection: tuple[Position, Position] | None
    highlight: tuple[int, ...]  # lines to highlight
    run: CodeRun | None
    loc: Loc  # the step in the codecast file


NarrationSource = Literal["generated", "recorded", "estimate"]


@dataclass(frozen=True, slots=True)
class Narration:
    """The narration of one language: its audio file and when each step starts and ends.

    `generated` comes from `moocforge codecast narrate` (espeak-ng), `recorded` is the
    teacher's own audio with a cue list; both name a WebVTT cue list with one cue per step.
    Without one (`estimate`) the timings come from the words at the course's speaking rate.
    """

    lang: str
    audio: str | None  # source key of the audio file
    cues: str | None  # source key of the cue list (.vtt)
    timings: tuple[tuple[float, float], ...]  # (start, end) in seconds, one per step
    source: NarrationSource
    loc: Loc
    texts: tuple[str, ...] = ()  # the words of each cue (`transcripts.cue_plain`)

    @property
    def duration(self) -> float:
        return self.timings[-1][1] if self.timings else 0.0


@dataclass(frozen=True, slots=True)
class Codecast(ItemBase):
    """A narrated code tutorial: starting code, then steps the learner can pause, edit
    and run."""

    file: str  # source key of the codecast file
    language: Literal["c", "python"]
    start: str  # the code before the first step
    steps: tuple[CodecastStep, ...]
    exercise: str | None  # id of the exercise it prepares (feedback messages, tests)
    narrations: Mapping[str, Narration]  # lang -> narration
    key_locs: tuple[tuple[str, Loc], ...] = ()  # top-level keys of its file
    kind: Literal["codecast"] = "codecast"

    @property
    def duration(self) -> float:
        """Seconds of narration in the default language (the longest when it has none)."""
        default = self.narrations.get(self.title.default_lang)
        if default is not None:
            return default.duration
        return max((n.duration for n in self.narrations.values()), default=0.0)

    def texts(self) -> Iterator[Text]:
        yield from ItemBase.texts(self)
        for step in self.steps:
            yield Text(f"step {step.number} of codecast {self.id}", "narration",
                       step.narration, step.loc, False, self.id)




@dataclass(frozen=True, slots=True)
class RawOlx(ItemBase):
    """An Open edX block moocforge cannot express (a drag-and-drop, a Python-graded problem,
    library content, an unknown XBlock…), kept as its OLX file: the OLX writer re-emits it
    verbatim, the other targets show or report what it is.

    An imported course has them wherever `moocforge import olx` met such a block, so that
    nothing of the original course is dropped silently."""

    file: str  # source key of the .xml file
    block_type: str  # the root element's tag: "drag-and-drop-v2", "problem", "library_content"
    xml: str  # the file's text, as written
    files: tuple[str, ...]  # source keys of the static files it uses (shipped with it)
    kind: Literal["olx"] = "olx"


Item = Video | Reading | Quiz | Exercise | Peer | Discussion | External | Codecast | RawOlx


# --------------------------------------------------------------------------- containers


@dataclass(frozen=True, slots=True)
class Unit:
    """Consecutive items of a lesson shown together on one page (an Open edX unit, or
    vertical). Without units, each item is a unit of its own; courses imported from Studio
    have them, because Studio units often hold several components."""

    id: str
    title: I18nText
    item_ids: tuple[str, ...]  # in order, consecutive in the lesson's items
    loc: Loc

    @property
    def url_name(self) -> str:
        return url_name(self.id)


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    title: I18nText
    items: tuple[Item, ...]
    loc: Loc
    id_from_title: bool = False  # no `id:` was written: the id follows the title
    units: tuple[Unit, ...] = ()  # explicit units; the other items are units of their own

    @property
    def url_name(self) -> str:
        return url_name(self.id)

    def unit_of(self, item_id: str) -> Unit | None:
        return next((u for u in self.units if item_id in u.item_ids), None)


@dataclass(frozen=True, slots=True)
class Week:
    id: str
    number: int  # 1-based position in the course
    title: I18nText
    summary: I18nText | None
    objectives: tuple[Objective, ...]
    lessons: tuple[Lesson, ...]
    release: Moment | None
    suppressions: tuple[Suppression, ...]
    dir: str  # course-relative folder
    loc: Loc  # week.yml

    @property
    def url_name(self) -> str:
        return url_name(self.id)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for lesson in self.lessons for item in lesson.items)

    def texts(self) -> Iterator[Text]:
        for text in _texts(f"week {self.id}", self.loc, ("title", self.title, False),
                           ("summary", self.summary, True)):
            yield replace(text, owner=self.id)
        for objective in self.objectives:
            yield Text(f"objective {objective.id}", "text", objective.text, objective.loc,
                       owner=objective.id)
        for lesson in self.lessons:
            yield Text(f"lesson {lesson.id}", "title", lesson.title, lesson.loc, False,
                       owner=lesson.id)


# --------------------------------------------------------------------------- Markdown


RefKind = Literal["image", "link", "media"]
RefSyntax = Literal["markdown", "html", "autolink", "reference"]
RefStatus = Literal["external", "anchor", "empty", "ok", "missing", "outside", "absolute"]


@dataclass(frozen=True, slots=True)
class Ref:
    """A link, image or embedded media of a Markdown text, resolved once by the loader."""

    kind: RefKind
    target: str  # as written (may be empty)
    text: str  # alt text of an image, link text of a link
    line: int  # 1-based, in the document
    col: int
    syntax: RefSyntax
    has_alt: bool = True  # HTML images: whether an alt attribute is present at all
    path: str | None = None  # the source key it points at (local targets only)
    status: RefStatus = "external"


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Document:
    """One piece of Markdown: a whole file, or a text held in a YAML file."""

    file: str  # source key of the file it lives in
    base_dir: str  # folder relative links are resolved against
    text: str
    item: str  # id of the item it belongs to ("" for course-level text)
    lang: str
    anchor: Loc | None = None  # for text held in YAML: the node every finding points at
    refs: tuple[Ref, ...] = ()
    headings: tuple[Heading, ...] = ()

    def loc(self, line: int, col: int = 1) -> Loc:
        if self.anchor is not None:
            return self.anchor
        root, file = split_source_key(self.file)
        return Loc(file, line, col, root)

    def ref_to(self, target: str) -> Ref | None:
        """The resolution of a link target written in this document."""
        return next((r for r in self.refs if r.target == target), None)


# --------------------------------------------------------------------------- assets


class Assets(Protocol):
    """The one way writers get the bytes of course files (images, videos, attachments).

    Keys are source keys the loader resolved and confined to the course's roots; anything
    else is refused. `content` gives a confined filesystem path when the bytes are on disk
    (so large videos are streamed or hard-linked, never copied into memory) or the bytes.
    """

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int: ...

    def content(self, key: str) -> bytes | Path: ...

    def read_bytes(self, key: str) -> bytes: ...


class NoAssets:
    """An asset accessor with no files (a model built in memory, without sources)."""

    def exists(self, key: str) -> bool:
        return False

    def size(self, key: str) -> int:
        raise FileNotFoundError(key)

    def content(self, key: str) -> bytes | Path:
        raise FileNotFoundError(key)

    def read_bytes(self, key: str) -> bytes:
        raise FileNotFoundError(key)


# --------------------------------------------------------------------------- translations


@dataclass(frozen=True, slots=True)
class Confirmation:
    """What a translation was last confirmed against (`moocforge translations confirm`)."""

    source: str  # digest of its source (the default language's text, or a video's script)
    translation: str = ""  # digest of the translation then ("" for a video: its bytes vary)


@dataclass(frozen=True, slots=True)
class TranslationLock:
    """translations.lock, as committed: one confirmation per translation key (the keys of
    `moocforge.translations`). `present` is false when the course has no lock: nothing is
    tracked yet."""

    entries: Mapping[str, Confirmation] = field(default_factory=dict)
    present: bool = False
    loc: Loc = NOWHERE


# --------------------------------------------------------------------------- settings


class SettingsLike(Protocol):
    """Typed, validated settings of a target or of the linter (see `moocforge.settings`)."""

    def loc_of(self, key: str) -> Loc: ...


@dataclass(frozen=True, slots=True)
class Section:
    """A settings mapping as written in course.yml, with the position of every key and value,
    for the typed settings that validate it (targets.<name>, lint)."""

    name: str  # e.g. "targets.olx" or "lint"
    values: Mapping[str, object]
    key_locs: Mapping[tuple[str | int, ...], Loc]  # path below the section -> key position
    value_locs: Mapping[tuple[str | int, ...], Loc]
    loc: Loc  # the section's own key

    def key_loc(self, *path: str | int) -> Loc:
        return self.key_locs.get(tuple(path)) or self.value_loc(*path)

    def value_loc(self, *path: str | int) -> Loc:
        key = tuple(path)
        while key not in self.value_locs and key:
            key = key[:-1]
        return self.value_locs.get(key, self.loc)


@dataclass(frozen=True, slots=True)
class SourceRoot:
    """A folder a course may take files from: its own folder ("") or a declared shared one."""

    name: str
    path: Path  # absolute, resolved


# --------------------------------------------------------------------------- variants


@dataclass(frozen=True, slots=True)
class Variant:
    """Another edition of a course (a SPOC for a company, a campus edition): a subset of its
    weeks, lessons and items by id, and its own grading, runs, enrollment and about page.
    `moocforge.variants.apply_variant` makes the variant's `Course`."""

    id: str
    loc: Loc
    include: tuple[tuple[str, Loc], ...] = ()  # week, lesson or item ids; empty: everything
    exclude: tuple[tuple[str, Loc], ...] = ()
    title: I18nText | None = None
    subtitle: I18nText | None = None
    summary: I18nText | None = None
    description: I18nText | None = None  # Markdown: the about page
    image: str | None = None  # source key
    number: str | None = None  # the course number on the platform (default: the course's)
    grading: Grading | None = None
    runs: tuple[Run, ...] = ()  # empty: the course's runs
    enrollment: Enrollment | None = None
    lint: SettingsLike | None = None  # the course's lint settings with the variant's over them
    suppressions: tuple[Suppression, ...] = ()  # added to the course's


# --------------------------------------------------------------------------- workload

# Minutes of the kinds without a duration of their own (`workload: estimates:` of course.yml
# replaces any of them); the sources are in `moocforge.workload`.
DEFAULT_ESTIMATES: Mapping[str, float] = {
    "quiz_question": 1.5, "exercise": 15.0, "exercise_test": 1.0, "peer_submission": 30.0,
    "peer_review": 10.0, "discussion": 10.0, "external": 15.0, "olx": 5.0,
}
DEFAULT_TOLERANCE = 0.25


@dataclass(frozen=True, slots=True)
class Workload:
    """course.yml `workload:` beyond the target and the rates: the band around the weekly
    target and the per-kind estimates."""

    tolerance: float = DEFAULT_TOLERANCE  # a week within target × (1 ± tolerance) is on target
    estimates: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_ESTIMATES))

    def minutes(self, name: str) -> float:
        return self.estimates.get(name, DEFAULT_ESTIMATES[name])


# --------------------------------------------------------------------------- course


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
    targets: Mapping[str, SettingsLike]  # typed settings per target name (validated)
    lint: SettingsLike  # typed lint settings (moocforge.rules.config.LintSettings)
    suppressions: tuple[Suppression, ...]
    root: Path  # absolute course folder
    loc: Loc  # course.yml
    files: tuple[str, ...] = field(default=())  # every source file the sources reference
    documents: tuple[Document, ...] = ()  # every Markdown text, its refs resolved
    inventory: Mapping[str, int] = field(default_factory=dict)  # file -> size, every root
    locked_media: tuple[str, ...] = ()  # videos media.lock knows
    roots: tuple[SourceRoot, ...] = ()  # the course folder first, then shared roots
    assets: Assets = field(default_factory=NoAssets, compare=False)
    translation_lock: TranslationLock = field(default_factory=TranslationLock)
    workload: Workload = field(default_factory=Workload)  # tolerance, per-kind estimates
    subtitle: I18nText | None = None  # the about page's line under the title
    timezone: str = "UTC"  # IANA name: local days of bare dates, local times of the calendar
    run: str = ""  # the run whose dates the weeks and items carry (`moocforge.runs.for_run`)
    variant: str = ""  # the variant this course is ("" for the course itself)
    variants: tuple[Variant, ...] = ()
    enrollment: Enrollment = field(default_factory=Enrollment)

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

    def texts(self) -> Iterator[Text]:
        """Every learner-visible text held in YAML, course to items, in source order. The
        texts of course.yml (the course's and each variant's own) come with the course, not
        with a variant's edition, so that each is checked and locked once."""
        yield from self.own_texts()
        for week in self.weeks:
            yield from week_texts(week)

    def own_texts(self) -> Iterator[Text]:
        """The texts of course.yml: `texts()` without the weeks'."""
        if not self.variant:
            yield from _texts("the course", self.loc, ("title", self.title, False),
                              ("subtitle", self.subtitle, False),
                              ("summary", self.summary, True))
            for variant in self.variants:
                yield from _texts(f"variant {variant.id}", variant.loc,
                                  ("title", variant.title, False),
                                  ("subtitle", variant.subtitle, False),
                                  ("summary", variant.summary, True))

    def target_settings(self, name: str) -> SettingsLike | None:
        return self.targets.get(name)

    @property
    def edition(self) -> str:
        """The course id, or `<course>-<variant>` for a variant (build folders, reports)."""
        return f"{self.id}-{self.variant}" if self.variant else self.id

    def run_named(self, run_id: str) -> Run | None:
        return next((run for run in self.runs if run.id == run_id), None)


# --------------------------------------------------------------------------- memos


@by_identity(limit=200_000)
def texts_of(item: ItemBase) -> tuple[Text, ...]:
    """`item.texts()`, once per item object: a week reused from the cache keeps its items
    from one load to the next, and several rules and the loader walk every text."""
    return tuple(item.texts())


def week_texts(week: Week) -> Iterator[Text]:
    """The texts of a week and of its items, in source order."""
    yield from week.texts()
    for item in week.items:
        yield from texts_of(item)


# --------------------------------------------------------------------------- pickling


def _fields_of(cls: type) -> Callable[[object], tuple[object, ...]]:
    names: tuple[str, ...] = cls.__match_args__  # type: ignore[attr-defined]
    if len(names) == 1:
        return lambda obj: (getattr(obj, names[0]),)
    return attrgetter(*names)


def _reduce(self: object) -> tuple[type, tuple[object, ...]]:
    cls = type(self)
    return cls, _FIELDS[cls](self)


def rebuilt_by_init(*classes: type) -> None:
    """Pickle these frozen, slotted dataclasses as their field values, rebuilt by their
    `__init__`. The default (dataclasses' `__setstate__`, which calls `fields()` for every
    object) was most of the time a week's model took to come back from the cache."""
    for cls in classes:
        if (is_dataclass(cls) and "__slots__" in vars(cls) and
                len(getattr(cls, "__match_args__", ())) == len(fields(cls)) > 0):
            _FIELDS[cls] = _fields_of(cls)
            cls.__reduce__ = _reduce  # type: ignore[method-assign]


_FIELDS: dict[type, Callable[[object], tuple[object, ...]]] = {}
rebuilt_by_init(*(value for value in list(globals().values()) if isinstance(value, type)))
