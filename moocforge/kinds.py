"""The item kinds: one registry entry per kind, read by the loader, the rules and the writers.

Each `Kind` says what the kind is (its key in week.yml, which is also its `$defs` entry in
`schemas/week.schema.json`; its model class) and what the pedagogy rules need to know about
it (is the learner active, can it carry a score, how long does it take). Consumers that do
something different per kind dispatch on the model class with `match` and end with
`unhandled(item, "<consumer>")`: mypy checks that every kind of the `Item` union is handled,
and at run time a kind nobody handles fails loudly instead of falling into an `else`.

Adding a kind: docs/contributing.md ("Add an item kind").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Never, NoReturn

from moocforge.model import (
    Codecast,
    Discussion,
    Exercise,
    External,
    Item,
    ItemBase,
    Peer,
    Quiz,
    RawOlx,
    Reading,
    Video,
)

if TYPE_CHECKING:
    from moocforge.model import Course

@dataclass(frozen=True)
class Estimate:
    minutes: float
    source: str  # "declared", "probe", "lock", "script", "words", "default", "unknown"


class UnknownKindError(TypeError):
    """An item whose kind a consumer does not handle (a kind added without its handler)."""


@dataclass(frozen=True)
class Kind:
    name: str  # key in week.yml and `$defs` entry in week.schema.json
    model: type[ItemBase]
    activity: bool  # the learner does something (resets the formative gap)
    scorable: bool  # can carry a score, so can be graded
    estimate: Callable[[Course, Item, str | None], Estimate]  # minutes when none is declared
    summary: str  # one line for docs and `moocforge kinds`
    # the learner watches it: its estimate is the length of its media, which the
    # video-length and formative-gap rules count as watching time
    watched: bool = False


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.name in KINDS:
        raise ValueError(f"item kind '{kind.name}' is already registered")
    KINDS[kind.name] = kind
    return kind


def kind_of(item: ItemBase) -> Kind:
    """The registry entry of an item; UnknownKindError for a kind nobody registered."""
    found = KINDS.get(item.kind_name)
    if found is None or not isinstance(item, found.model):
        raise UnknownKindError(f"item '{item.id}' has kind '{item.kind_name}', which is not "
                               "registered in moocforge.kinds")
    return found


def names() -> tuple[str, ...]:
    return tuple(KINDS)


def unhandled(item: Never, consumer: str) -> NoReturn:
    """End of an exhaustive `match` on item kinds: mypy proves it unreachable; at run time
    (a kind registered without a handler) it fails loudly."""
    kind = getattr(item, "kind", type(item).__name__)
    raise UnknownKindError(f"{consumer} has no handler for item kind '{kind}' "
                           f"(item '{getattr(item, 'id', '?')}'): see docs/contributing.md")


def walk_kinds() -> Iterator[Kind]:
    yield from KINDS.values()


# --------------------------------------------------------------------------- estimates


def _video(course: Course, item: Item, lang: str | None) -> Estimate:
    assert isinstance(item, Video)
    if item.duration is None:
        return Estimate(0.0, "unknown")
    return Estimate(item.duration / 60, item.duration_source)


def _reading(course: Course, item: Item, lang: str | None) -> Estimate:
    from moocforge.workload import reading_minutes

    assert isinstance(item, Reading)
    return Estimate(reading_minutes(item.body.get_lang(lang), course.reading_rate_wpm), "words")


def _quiz(course: Course, item: Item, lang: str | None) -> Estimate:
    assert isinstance(item, Quiz)
    return Estimate(course.workload.minutes("quiz_question") * len(item.questions), "default")


def _exercise(course: Course, item: Item, lang: str | None) -> Estimate:
    assert isinstance(item, Exercise)
    per_test = course.workload.minutes("exercise_test")
    return Estimate(course.workload.minutes("exercise") + per_test * len(item.tests), "default")


def _peer(course: Course, item: Item, lang: str | None) -> Estimate:
    assert isinstance(item, Peer)
    reviews = sum(step.must_grade or 0 for step in item.steps if step.kind == "peer")
    work = course.workload
    return Estimate(work.minutes("peer_submission") + work.minutes("peer_review") * reviews,
                    "default")


def _codecast(course: Course, item: Item, lang: str | None) -> Estimate:
    assert isinstance(item, Codecast)
    narration = item.narrations.get(lang or "") or item.narrations.get(course.default_lang)
    if narration is None or not narration.timings:
        return Estimate(0.0, "unknown")
    return Estimate(narration.duration / 60, narration.source)


def _fixed(name: str) -> Callable[[Course, Item, str | None], Estimate]:
    """The course's estimate `name` (`workload: estimates:`), whatever the item."""

    def estimate(course: Course, item: Item, lang: str | None) -> Estimate:
        return Estimate(course.workload.minutes(name), "default")

    return estimate


VIDEO = register(Kind("video", Video, activity=False, scorable=False, estimate=_video,
                      summary="a video lecture, local, hosted or on YouTube, with transcripts",
                      watched=True))
READING = register(Kind("reading", Reading, activity=False, scorable=False, estimate=_reading,
                        summary="a Markdown page (x.md, translations x.<lang>.md)"))
QUIZ = register(Kind("quiz", Quiz, activity=True, scorable=True, estimate=_quiz,
                     summary="questions from a quiz file: choices, dropdown, numeric, text"))
EXERCISE = register(Kind("exercise", Exercise, activity=True, scorable=True,
                         estimate=_exercise,
                         summary="a code exercise graded in the sandbox (exercise.yml folder)"))
PEER = register(Kind("peer", Peer, activity=True, scorable=True, estimate=_peer,
                     summary="a peer assessment: prompt, submission, rubric, steps"))
DISCUSSION = register(Kind("discussion", Discussion, activity=True, scorable=False,
                           estimate=_fixed("discussion"),
                           summary="a forum discussion prompt"))
EXTERNAL = register(Kind("external", External, activity=True, scorable=True,
                         estimate=_fixed("external"),
                         summary="an external tool (LTI 1.1 / 1.3) or embedded web app"))
CODECAST = register(Kind("codecast", Codecast, activity=False, scorable=False,
                         estimate=_codecast, watched=True,
                         summary="a narrated code tutorial the learner can pause, edit and run"))
RAW_OLX = register(Kind("olx", RawOlx, activity=True, scorable=True,
                        estimate=_fixed("olx"),
                        summary="an Open edX block kept as OLX (imported blocks moocforge "
                                "cannot express)"))
