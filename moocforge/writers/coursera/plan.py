"""Where every item goes in the kit, and its Coursera vocabulary.

Coursera modules hold items directly, so an item's order is its position in its week across
lessons. Files are named `<module:02d>-<order:02d>-<slug>.<ext>` in `module-<NN>/`; the slug
is the item's stable id, so names survive edits elsewhere in the week.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from moocforge.kinds import unhandled
from moocforge.model import (
    Codecast,
    Course,
    Discussion,
    Exercise,
    External,
    Item,
    Lesson,
    Peer,
    Quiz,
    RawOlx,
    Reading,
    Video,
    Week,
)

INSTRUCTOR_DIR = "instructor"


@dataclass(frozen=True)
class Placed:
    """One item with its place in the kit."""

    week: Week
    lesson: Lesson
    item: Item
    order: int  # 1-based position in the module

    @property
    def module(self) -> int:
        return self.week.number

    @cached_property
    def folder(self) -> str:
        return module_folder(self.week)

    @cached_property
    def stem(self) -> str:  # each item's files ask for it (a regex over the item id)
        return f"{self.module:02d}-{self.order:02d}-{self.item.url_name}"

    def path(self, suffix: str) -> str:
        """Kit-relative path of one of this item's files, e.g. `path(".html")`."""
        return f"{self.folder}/{self.stem}{suffix}"

    def instructor_path(self, suffix: str) -> str:
        return f"{INSTRUCTOR_DIR}/{self.folder}/{self.stem}{suffix}"

    def link_to(self, kit_path: str) -> str:
        """A relative link from this item's folder to another kit file."""
        return posixpath.relpath(kit_path, self.folder)


def module_folder(week: Week) -> str:
    return f"module-{week.number:02d}"


def place(course: Course) -> list[Placed]:
    placed = []
    for week in course.weeks:
        order = 0
        for lesson in week.lessons:
            for item in lesson.items:
                order += 1
                placed.append(Placed(week, lesson, item, order))
    return placed


def item_type(item: Item) -> str:
    """The item type as Coursera's course builder names it."""
    match item:
        case Video():
            return "Video lecture"
        case Reading():
            return "Reading"
        case Quiz():
            return "Graded quiz" if item.graded else "Practice quiz"
        case Peer():
            return "Peer review"
        case Discussion():
            return "Graded discussion prompt" if item.graded else "Discussion prompt"
        case Exercise():
            return "Graded programming" if item.graded else "Ungraded programming"
        case External():
            if item.lti is None:
                return "Ungraded plugin"
            return "Graded app item" if item.graded else "Ungraded app item"
        case Codecast():
            return "Reading"
        case RawOlx():
            return "Ungraded plugin"
        case _:
            unhandled(item, "the Coursera blueprint")


def item_weights(course: Course) -> dict[str, float]:
    """Share of the final grade (0..1) per graded item: type weight / items of that type."""
    graded = [i for i in course.items if i.graded and i.assignment_type]
    per_type = Counter(i.assignment_type for i in graded)
    weights = {}
    for item in graded:
        kind = course.grading.type_named(item.assignment_type or "")
        if kind is not None:
            weights[item.id] = kind.weight / per_type[item.assignment_type]
    return weights
