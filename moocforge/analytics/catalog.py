"""The course's items as analytics sees them: one row per item, joined to platform ids.

Platform block ids come from `moocforge.ids`, the scheme the OLX writer uses, so a usage key
in a tracking log (`block-v1:…+type@problem+block@<url_name>`), an old `i4x://` location,
an answer id (`input_<url_name>_2_1`) or a forum `commentable_id` (the discussion block's
`discussion_id`, which the OLX writer sets to the url_name) all lead back to the item, its
title and its source file:line.
"""

from __future__ import annotations

from dataclasses import dataclass

from moocforge.ids import block_type, chapter_id, component_id, item_vertical_id, sequential_id
from moocforge.model import Course, Video


@dataclass(frozen=True, slots=True)
class CatalogItem:
    item_id: str
    url_name: str
    block_type: str
    kind: str
    ord: int  # 1-based position in the whole course
    week: int
    week_title: str
    lesson_url_name: str  # the sequential's url_name is seq_<lesson>
    tab: int  # 1-based position of its vertical in its lesson: the sequence tab
    title: str  # in the report's language
    lesson_title: str
    loc: str  # file:line:col of the item entry
    graded: bool
    duration: float | None  # seconds, videos only


def catalog(course: Course, lang: str | None = None) -> list[CatalogItem]:
    rows: list[CatalogItem] = []
    for week in course.weeks:
        for lesson in week.lessons:
            verticals = list(dict.fromkeys(item_vertical_id(lesson, i) for i in lesson.items))
            for item in lesson.items:
                tab = verticals.index(item_vertical_id(lesson, item)) + 1
                rows.append(CatalogItem(
                    item_id=item.id, url_name=component_id(item),
                    block_type=block_type(item), kind=item.kind, ord=len(rows) + 1,
                    week=week.number, week_title=week.title.get_lang(lang),
                    lesson_url_name=sequential_id(lesson), tab=tab,
                    title=item.title.get_lang(lang), lesson_title=lesson.title.get_lang(lang),
                    loc=str(item.loc), graded=item.graded,
                    duration=item.duration if isinstance(item, Video) else None))
    return rows


def block_rows(course: Course) -> list[tuple[str, str, str | None]]:
    """(url_name, block type, item id or None) for every block of the course.

    Containers are known blocks too (their events are not "unknown"); a vertical holds
    exactly one item, so its events count for that item.
    """
    rows: list[tuple[str, str, str | None]] = [("course", "course", None)]
    for week in course.weeks:
        rows.append((chapter_id(week), "chapter", None))
        for lesson in week.lessons:
            rows.append((sequential_id(lesson), "sequential", None))
            verticals: dict[str, list[str]] = {}
            for item in lesson.items:
                verticals.setdefault(item_vertical_id(lesson, item), []).append(item.id)
                rows.append((component_id(item), block_type(item), item.id))
            # a vertical of one item counts for it; a unit of several is a container
            rows += [(vertical, "vertical", ids[0] if len(ids) == 1 else None)
                     for vertical, ids in verticals.items()]
    return rows


def titles_by_item(course: Course) -> dict[str, set[str]]:
    """Every language's title of each item (reports name problems and items by title)."""
    return {item.id: set(item.title.values()) for item in course.items}


def item_for_title(head: str, titles: dict[str, set[str]]) -> str | None:
    """The one item whose title is `head` or ends it after `" - "` (report column heads)."""
    matches = [item_id for item_id, names in titles.items()
               if any(head == t or head.endswith(" - " + t) for t in names if t)]
    return matches[0] if len(matches) == 1 else None
