"""A course in one run: every date of its weeks and items as that run resolves it.

The loader resolves each dated field once per run (`Run.dates`, keyed by `date_key`):
relative dates (`week 2 + 6d`) follow the run's start, per-run overrides apply, a
self-paced run drops due dates. Writers build each run's package from `for_run(course,
run)`; rules check each run's dates against that run. Pure: imports only the model.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from moocforge.model import Course, Item, Lesson, Moment, Peer, PeerStep, Run, Week


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
    weeks = tuple(replace(week, release=dates.get(date_key(week_owner(week), "release")),
                          lessons=tuple(_lesson(lesson, found) for lesson in week.lessons))
                  for week in course.weeks)
    return replace(course, weeks=weeks, run=found.id)


def _lesson(lesson: Lesson, run: Run) -> Lesson:
    return replace(lesson, items=tuple(_item(item, run) for item in lesson.items))


def _item(item: Item, run: Run) -> Item:
    dates = run.dates

    def get(field: str) -> Moment | None:
        return dates.get(date_key(item.id, field))

    dated = replace(item, release=get("release"), due=get("due"))
    if isinstance(dated, Peer):
        steps = tuple(_step(step, get) for step in dated.steps)
        dated = replace(dated, submission_start=get("submission_start"),
                        submission_due=get("submission_due"), steps=steps)
    return dated


def _step(step: PeerStep, get: object) -> PeerStep:
    assert callable(get)
    return replace(step, start=get(f"{step.kind}.start"), due=get(f"{step.kind}.due"))


__all__ = ["date_fields", "date_key", "for_run", "item_date_fields", "week_owner"]
