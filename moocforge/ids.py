"""The identifier scheme shared by every target and by analytics.

Open edX url_names must be unique course-wide across block types, so containers get a
prefix; components keep the item's own url_name. Analytics maps platform usage keys back
to items with the same functions.
"""

from __future__ import annotations

from moocforge import kinds
from moocforge.model import Course, Item, Lesson, Run, Unit, Week, url_name


def run_name(course: Course, run: Run, lang: str) -> str:
    """The edX run of a course in one language: each language of a multilingual course is
    its own run (`2027-spring-fr`), a single-language course keeps the run id."""
    return f"{run.id}-{lang}" if len(course.languages) > 1 else run.id


def chapter_id(week: Week) -> str:
    return f"ch_{week.url_name}"


def sequential_id(lesson: Lesson) -> str:
    return f"seq_{lesson.url_name}"


def vertical_id(item: Item) -> str:
    return f"v_{item.url_name}"


def item_vertical_id(lesson: Lesson, item: Item) -> str:
    """The vertical holding an item: its unit's, or its own when it is alone on its page."""
    unit = lesson.unit_of(item.id)
    return unit_vertical_id(unit) if unit is not None else vertical_id(item)


def unit_vertical_id(unit: Unit) -> str:
    """The vertical of an explicit unit (several items on one page)."""
    return f"v_{unit.url_name}"


def component_id(item: Item) -> str:
    """The html / problem / video / openassessment / discussion block of an item."""
    return item.url_name


OLX_BLOCK_TYPE = {  # the component block of each item kind (a web app without LTI: html)
    "video": "video",
    "reading": "html",
    "quiz": "problem",
    "exercise": "problem",
    "peer": "openassessment",
    "discussion": "discussion",
    "external": "lti_consumer",
    "codecast": "html",
    "olx": "olx",  # a raw OLX item: the block type is its own (RawOlx.block_type)
}
if set(OLX_BLOCK_TYPE) != set(kinds.names()):  # pragma: no cover - caught by every test run
    raise ImportError("moocforge.ids.OLX_BLOCK_TYPE must name every item kind")


def block_type(item: Item) -> str:
    """The Open edX block type of an item's component."""
    return getattr(item, "block_type", "") or OLX_BLOCK_TYPE[item.kind_name]


def usage_key(org: str, number: str, run: str, block_type: str, block_id: str) -> str:
    return f"block-v1:{org}+{number}+{run}+type@{block_type}+block@{block_id}"


def course_key(org: str, number: str, run: str) -> str:
    return f"course-v1:{org}+{number}+{run}"


__all__ = ["OLX_BLOCK_TYPE", "block_type", "chapter_id", "component_id", "course_key", "run_name",
           "sequential_id", "unit_vertical_id", "url_name", "usage_key", "vertical_id"]
