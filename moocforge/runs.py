"""A course in one run: every date of its weeks and items as that run resolves it.

The loader resolves each dated field once per run (`Run.dates`, keyed by `date_key`):
relative dates (`week 2 + 6d`) follow the run's start, per-run overrides apply, a
self-paced run drops due dates. Writers build each run's package from `for_run(course,
run)`; rules check each run's dates against that run. Pure: imports only the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TypeVar

from moocforge.model import Course, Item, Lesson, Moment, Peer, PeerStep, Run, Week

T = TypeVar("T")


def date_key(owner: str, field: str) -> str:
    """`quiz-1.due`, `week:variables.release`, `peer-1.peer.due` (a peer step's field)."""
    return f"{owner}.{field}"


def week_owner(week: Week) -> str:
    return f"week:{week.id}"


def date_fields(course: Course) -> Iterator[tuple[str, Moment | None]]:
    """Every dated field of the course's weeks and items, with its current value."""
    for week in course.weeks:
        yield date_key(week_owner(week), "release"), week.release
        for item in week.items:
            yield from item_date_fields(item)


def item_date_fields(item: Item) -> Iterator[tuple[str, Moment | None]]:
    yield date_key(item.id, "release"), item.release
    yield date_key(item.id, "due"), item.due
    if isinstance(item, Peer):
        yield date_key(item.id, "submission_start"), item.submission_start
        yield date_key(item.id, "submission_due"), item.submission_due
        for step in item.steps:
            yield date_key(item.id, f"{step.kind}.start"), step.start
            yield date_key(item.id, f"{step.kind}.due"), step.due


def for_run(course: Course, run: Run | str) -> Course:
    """The course with the dates of `run` (a Run of the course, or its id)."""
    found = course.run_named(run) if isinstance(run, str) else run
    if found is None:
        raise KeyError(f"the course has no run {run!r}")
    if course.run == found.id:
        return course
    dates = found.dates
    weeks = tuple(_with(week, release=dates.get(date_key(week_owner(week), "release")),
                        lessons=_each(week.lessons, lambda lesson: _lesson(lesson, found)))
                  for week in course.weeks)
    return replace(course, weeks=weeks, run=found.id)


def _with(node: T, **values: object) -> T:
    """`node` with these field values: `node` itself when it has them already, so that an
    unchanged week stays the same object from one load to the next (`load.reuse`)."""
    if all(getattr(node, name) == value for name, value in values.items()):
        return node
    return replace(node, **values)  # type: ignore[type-var]


def _each(nodes: tuple[T, ...], dated: Callable[[T], T]) -> tuple[T, ...]:
    new = tuple(dated(node) for node in nodes)
    return nodes if all(a is b for a, b in zip(new, nodes, strict=True)) else new


def _lesson(lesson: Lesson, run: Run) -> Lesson:
    return _with(lesson, items=_each(lesson.items, lambda item: _item(item, run)))


def _item(item: Item, run: Run) -> Item:
    dates = run.dates

    def get(field: str) -> Moment | None:
        return dates.get(date_key(item.id, field))

    dated = _with(item, release=get("release"), due=get("due"))
    if isinstance(dated, Peer):
        steps = _each(dated.steps, lambda step: _step(step, get))
        dated = _with(dated, submission_start=get("submission_start"),
                      submission_due=get("submission_due"), steps=steps)
    return dated


def _step(step: PeerStep, get: object) -> PeerStep:
    assert callable(get)
    return _with(step, start=get(f"{step.kind}.start"), due=get(f"{step.kind}.due"))


__all__ = ["date_fields", "date_key", "for_run", "item_date_fields", "week_owner"]
